#include "der_builder.h"

#include <cstdlib>
#include <sstream>

namespace der {

Bytes Tlv(uint8_t tag, const Bytes &contents) {
  Bytes out{tag};
  size_t n = contents.size();
  if (n < 0x80) {
    out.push_back(static_cast<uint8_t>(n));
  } else {
    Bytes len;
    for (size_t v = n; v; v >>= 8) len.insert(len.begin(), static_cast<uint8_t>(v));
    out.push_back(static_cast<uint8_t>(0x80 | len.size()));
    out.insert(out.end(), len.begin(), len.end());
  }
  out.insert(out.end(), contents.begin(), contents.end());
  return out;
}

Bytes Cat(std::initializer_list<Bytes> items) {
  Bytes out;
  for (const auto &i : items) out.insert(out.end(), i.begin(), i.end());
  return out;
}

Bytes Seq(std::initializer_list<Bytes> items) { return Tlv(0x30, Cat(items)); }

Bytes Int(int64_t v) {
  Bytes b;
  for (int i = 7; i >= 0; i--) b.push_back(static_cast<uint8_t>(static_cast<uint64_t>(v) >> (8 * i)));
  size_t s = 0;
  while (s < 7 && ((b[s] == 0 && !(b[s + 1] & 0x80)) || (b[s] == 0xff && (b[s + 1] & 0x80)))) s++;
  return Tlv(0x02, Bytes(b.begin() + s, b.end()));
}

Bytes UInt(const Bytes &magnitude) {
  Bytes m = magnitude;
  while (m.size() > 1 && m[0] == 0) m.erase(m.begin());
  if (m.empty() || (m[0] & 0x80)) m.insert(m.begin(), 0);
  return Tlv(0x02, m);
}

Bytes Bool(uint8_t raw) { return Tlv(0x01, Bytes{raw}); }
Bytes Str(const std::string &s) { return Bytes(s.begin(), s.end()); }
Bytes Ia5(const std::string &s) { return Tlv(0x16, Str(s)); }
Bytes Utf8(const std::string &s) { return Tlv(0x0c, Str(s)); }
Bytes Printable(const std::string &s) { return Tlv(0x13, Str(s)); }
Bytes Octets(const Bytes &b) { return Tlv(0x04, b); }
Bytes UtcTime(const std::string &s) { return Tlv(0x17, Str(s)); }
Bytes GenTime(const std::string &s) { return Tlv(0x18, Str(s)); }

Bytes Bits(const Bytes &b, uint8_t unused) {
  Bytes c{unused};
  c.insert(c.end(), b.begin(), b.end());
  return Tlv(0x03, c);
}

static void Base128(Bytes &out, uint64_t v) {
  Bytes tmp;
  do {
    tmp.insert(tmp.begin(), static_cast<uint8_t>((v & 0x7f) | (tmp.empty() ? 0 : 0x80)));
    v >>= 7;
  } while (v);
  out.insert(out.end(), tmp.begin(), tmp.end());
}

Bytes Oid(const std::string &dotted) {
  std::vector<uint64_t> arcs;
  std::stringstream ss(dotted);
  std::string part;
  while (std::getline(ss, part, '.')) arcs.push_back(std::strtoull(part.c_str(), nullptr, 10));
  Bytes c;
  Base128(c, arcs[0] * 40 + arcs[1]);
  for (size_t i = 2; i < arcs.size(); i++) Base128(c, arcs[i]);
  return Tlv(0x06, c);
}

}  // namespace der
