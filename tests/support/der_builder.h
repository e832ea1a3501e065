// A tiny DER composer for test fixtures, written apart from the library's
// writer so that each can check the other.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace der {

using Bytes = std::vector<uint8_t>;

Bytes Tlv(uint8_t tag, const Bytes &contents);
Bytes Seq(std::initializer_list<Bytes> items);
Bytes Cat(std::initializer_list<Bytes> items);
Bytes Int(int64_t v);
Bytes Bool(uint8_t raw);
Bytes Ia5(const std::string &s);
Bytes Utf8(const std::string &s);
Bytes Printable(const std::string &s);
Bytes Octets(const Bytes &b);
Bytes Bits(const Bytes &b, uint8_t unused = 0);
Bytes Oid(const std::string &dotted);
Bytes UtcTime(const std::string &s);
Bytes GenTime(const std::string &s);
Bytes Str(const std::string &s);
// An INTEGER from an unsigned big-endian magnitude.
Bytes UInt(const Bytes &magnitude);

}  // namespace der
