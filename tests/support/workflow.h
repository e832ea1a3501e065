// Making seals, stamping and verifying through the public API, for tests.
#pragma once

#include <functional>
#include <string>

#include <gtest/gtest.h>

#include <eseal.h>

#include "fixtures.h"
#include "helpers.h"
#include "pki.h"

namespace workflow {

using namespace helpers;

struct ReportPtr {
  eseal_report *p = nullptr;
  ~ReportPtr() { eseal_report_free(p); }
};
struct DataPtr {
  eseal_data *p = nullptr;
  ~DataPtr() { eseal_data_free(p); }
};
struct BuilderPtr {
  eseal_seal_builder *p = nullptr;
  ~BuilderPtr() { eseal_seal_builder_free(p); }
};

extern const Bytes kDocument;

// A builder filled with valid elements for `signer`, dates around pki::kNow.
void FillBuilder(eseal_seal_builder *b, const sm2::Identity &signer);

// Builds a seal with `maker`; `tweak` may change the builder first. Returns the code.
int MakeSeal(SealPtr &out, eseal_ctx *ctx, const std::function<void(eseal_seal_builder *)> &tweak = {},
             const sm2::Identity &maker = pki::Maker(), const sm2::Identity &signer = pki::Signer());

// Stamps kDocument (or `data`) with the seal as `signer`.
int Stamp(SignaturePtr &out, eseal_ctx *ctx, const eseal_seal *seal,
          const sm2::Identity &signer = pki::Signer(), const Bytes &data = kDocument,
          eseal_format_version format = ESEAL_FORMAT_UNKNOWN);

// A genuine V4 signature built byte by byte (so that tests can break rules
// eseal_stamp() refuses to): `maker`'s seal listing `signer`, valid from 30 days
// before pki::kNow for a year, signed 8 hours after pki::kNow over kDocument's SM3.
fixtures::SigSpec CraftedSpec(const sm2::Identity &maker = pki::Maker(),
                              const sm2::Identity &signer = pki::Signer());

// A certificate or key from a file (PEM, DER, PKCS#8); fails the test when it cannot load.
pki::CertPtr LoadCert(const std::string &path);
pki::KeyPtr LoadKey(const std::string &path);

// A V4 seal made by the maker of the PEM files given, listing the signer, valid
// from `now` - `made` s until `now` + 30 days, and kDocument stamped with it
// through `ctx` with `opts` (nullptr: the defaults).
struct PemIdentity {
  std::string cert_file, key_file;
};
void MakeSealAndStamp(eseal_ctx *ctx, const PemIdentity &maker, const PemIdentity &signer,
                      int64_t now, SealPtr &seal, SignaturePtr &sig,
                      const eseal_stamp_options *opts = nullptr, int64_t made = 30);
// The same with keys already open (a token's, say) and certificates from files.
void MakeSealAndStampWithKeys(eseal_ctx *ctx, eseal_key *maker_key, const std::string &maker_cert,
                              eseal_key *signer_key, const std::string &signer_cert, int64_t now,
                              SealPtr &seal, SignaturePtr &sig,
                              const eseal_stamp_options *opts = nullptr, int64_t made = 30);

// A seal made with the defaults and kDocument stamped with it.
void MakeStamped(eseal_ctx *ctx, SealPtr &seal, SignaturePtr &sig);

// A copy of `len` bytes at `p` whose first occurrence of `needle` has its
// first byte replaced by `replacement` (fails the test when absent).
Bytes WithTextChanged(const uint8_t *p, size_t len, const std::string &needle, char replacement);

// Verifies a signature against `data` (nullptr: no data); fails the test if no report.
void Verify(ReportPtr &out, eseal_ctx *ctx, const eseal_signature *sig, const Bytes *data,
            const eseal_verify_options *opts = nullptr);
void VerifyBytes(ReportPtr &out, eseal_ctx *ctx, const Bytes &input, const Bytes *data,
                 const eseal_verify_options *opts = nullptr);

// The status of check `id` ("absent" when missing) and the whole report as text.
std::string Status(const eseal_report *r, const std::string &id);
std::string Text(const eseal_report *r);

// Asserts the main indication and sub-indication, and that check `failing` is NOT_OK
// (or, for SKIPPED checks that decide the result, carries that indication).
void ExpectVerdict(const eseal_report *r, eseal_indication ind, eseal_sub_indication sub,
                   const std::string &failing);

}  // namespace workflow
