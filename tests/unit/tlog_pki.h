// A log-signer PKI for the tlog tests: a root trusted only for the log-signer
// role, log keys issued by it (SM2 by default), and signed checkpoints.
#pragma once
#include <string>
#include <vector>

#include <eseal.h>

#include "../support/pki.h"

extern "C" {
#include "usage_log/checkpoint.h"
}

namespace tlog {

using Bytes = std::vector<uint8_t>;

inline const sm2::Identity &LogRoot() {
  static const sm2::Identity root = [] {
    pki::CertOptions o;
    o.ca = true;
    o.key_usage = 0x04 | 0x02; // keyCertSign | cRLSign
    return pki::Issue("Usage Log Root", o, nullptr);
  }();
  return root;
}

inline sm2::Identity LogKey(const std::string &name, pki::CertOptions o = {}) {
  return pki::Issue(name, o, &LogRoot());
}

// A context at `now` that trusts LogRoot() for `roles` only.
inline pki::CtxPtr LogContext(unsigned int roles = ESEAL_ROLE_LOG_SIGNER,
                              int64_t now = pki::kNow) {
  eseal_ctx *ctx = nullptr;
  if (eseal_ctx_new(&ctx) != 0)
    throw std::runtime_error("ctx");
  pki::CtxPtr out(ctx);
  eseal_ctx_set_fixed_time(ctx, now);
  if (eseal_ctx_add_trust_cert_roles(ctx, pki::Cert(LogRoot()).get(), roles) != 0)
    throw std::runtime_error("trust");
  return out;
}

inline eseal__checkpoint Checkpoint(uint64_t size, uint8_t fill = 0x42,
                                    const char *origin = "example.org/eseal/tenant-a",
                                    int64_t time = pki::kNow - 60) {
  eseal__checkpoint cp{};
  snprintf(cp.origin, sizeof cp.origin, "%s", origin);
  cp.size = size;
  for (int i = 0; i < 32; i++)
    cp.root[i] = static_cast<uint8_t>(fill + i);
  cp.alg = ESEAL__TLOG_SM3;
  cp.time = time;
  return cp;
}

// The signed note of `cp` by `keys` (names "log.example.org/key<i>" unless given).
inline Bytes Sign(const eseal_ctx *ctx, const eseal__checkpoint &cp,
                  const std::vector<const sm2::Identity *> &keys,
                  std::vector<std::string> names = {}) {
  std::vector<pki::KeyPtr> owned;
  std::vector<eseal_key *> k;
  std::vector<const char *> n;
  for (size_t i = 0; i < keys.size(); i++) {
    owned.push_back(pki::Key(*keys[i]));
    k.push_back(owned.back().get());
    if (names.size() <= i)
      names.push_back("log.example.org/key" + std::to_string(i));
  }
  for (auto &s : names)
    n.push_back(s.c_str());
  eseal_buf out = ESEAL_BUF_INIT;
  if (eseal__checkpoint_sign(ctx, &cp, k.data(), n.data(), k.size(), &out) != 0)
    throw std::runtime_error(std::string("sign: ") + eseal_error_last()->message);
  Bytes b(out.ptr, out.ptr + out.size);
  eseal_buf_dispose(&out);
  return b;
}

} // namespace tlog
