// Small helpers shared by the GoogleTest suites.
#pragma once

#include <string>

#include <eseal.h>

#include "der_builder.h"

namespace helpers {

using der::Bytes;

inline Bytes View(const uint8_t *p, size_t len) { return p ? Bytes(p, p + len) : Bytes(); }
inline std::string LastError() {
  const eseal_error *e = eseal_error_last();
  return e ? e->message : "";
}
// The warning ids of a list, space-separated, for readable failures.
std::string WarningIds(const eseal_warnings *w);
// Notes are warnings about content, never refused in strict mode.
bool IsNote(const std::string &id);
bool HasOnlyNotes(const eseal_warnings *w);
// Warnings about what a seal says rather than how it is encoded: re-encoding keeps them.
bool IsContentWarning(const std::string &id);

struct SealPtr {
  eseal_seal *p = nullptr;
  ~SealPtr() { eseal_seal_free(p); }
};
struct SignaturePtr {
  eseal_signature *p = nullptr;
  ~SignaturePtr() { eseal_signature_free(p); }
};
struct Buf {
  eseal_buf b = ESEAL_BUF_INIT;
  ~Buf() { eseal_buf_dispose(&b); }
  Bytes bytes() const { return View(b.ptr, b.size); }
};

// A GoogleTest-safe name: letters, digits and underscores only.
std::string TestName(const std::string &name);

int ParseSeal(SealPtr &out, const Bytes &b, unsigned flags = 0);
int ParseSignature(SignaturePtr &out, const Bytes &b, unsigned flags = 0);

}  // namespace helpers
