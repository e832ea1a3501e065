// Attacks on revocation, timestamps and their fetches: sources that disagree,
// answers cached under one context's trust and read under another's, issuers
// that share a name, stale CRLs, TSA tokens outside their anchor's trust
// window or contradicting the claimed time, a TSA answer that cannot be
// checked at stamping, IPv6 forms of private addresses, validation data that
// would add trust. Certificates, CRLs and OCSP responses are made at test time
// with OpenSSL's C API, tokens with the `openssl ts` command.
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <gtest/gtest.h>
#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

#include <eseal.h>
#include <eseal/sys/alloc.h>

#include "../support/crl_builder.h"
#include "../support/ocsp_builder.h"
#include "../support/openssl_pki.h"
#include "../support/pki.h"
#include "../support/workflow.h"

extern "C" {
#include "context/context.h"
#include "fetch/fetch.h"
#include "revocation/lookup.h"
#include "timestamp/tst.h"
}

namespace {

using crl_builder::Cert;
using crl_builder::CertSpec;
using crl_builder::Crl;
using crl_builder::CrlSpec;
using crl_builder::Key;

constexpr int64_t kDay = 86400;
const int64_t kNow = static_cast<int64_t>(std::time(nullptr));

struct CtxFree {
  void operator()(eseal_ctx *c) const { eseal_ctx_free(c); }
};
struct StoreFree {
  void operator()(eseal_store *s) const { eseal_store_free(s); }
};
struct EsealCertFree {
  void operator()(eseal_cert *c) const { eseal_cert_free(c); }
};
using CtxPtr = std::unique_ptr<eseal_ctx, CtxFree>;

std::string Der(X509 *x) {
  unsigned char *p = nullptr;
  int n = i2d_X509(x, &p);
  std::string out(reinterpret_cast<char *>(p), n > 0 ? static_cast<size_t>(n) : 0);
  OPENSSL_free(p);
  return out;
}

std::unique_ptr<eseal_cert, EsealCertFree> Wrap(X509 *x) {
  std::string der = Der(x);
  eseal_cert *c = nullptr;
  EXPECT_EQ(eseal_cert_load(&c, reinterpret_cast<const uint8_t *>(der.data()), der.size()), 0);
  return std::unique_ptr<eseal_cert, EsealCertFree>(c);
}

// One CA and one leaf of it.
struct Pki {
  Key ca_key, leaf_key;
  Cert ca, leaf;
  Pki(const std::string &ca_cn, long leaf_serial) {
    ca_key = crl_builder::NewKey("EC");
    leaf_key = crl_builder::NewKey("EC");
    CertSpec cs;
    cs.cn = ca_cn;
    cs.ca = true;
    cs.not_before = kNow - 400 * kDay;
    cs.not_after = kNow + 400 * kDay;
    ca = crl_builder::IssueCert(cs, ca_key.get(), nullptr, ca_key.get());
    CertSpec ls;
    ls.cn = "Attacked Leaf";
    ls.serial = leaf_serial;
    ls.not_before = kNow - 300 * kDay;
    ls.not_after = kNow + 300 * kDay;
    leaf = crl_builder::IssueCert(ls, leaf_key.get(), ca.get(), ca_key.get());
  }
  // A CRL of the CA issued at `this_update` (for 7 days) listing the leaf as revoked
  // (keyCompromise) at `revoked_at`.
  Crl RevokingCrl(int64_t this_update, int64_t revoked_at) const {
    CrlSpec s;
    s.this_update = this_update;
    s.next_update = this_update + 7 * kDay;
    crl_builder::Entry e;
    e.serial = ASN1_INTEGER_get(X509_get0_serialNumber(leaf.get()));
    e.revoked_at = revoked_at;
    e.reason = 1;
    s.entries.push_back(e);
    return crl_builder::MakeCrl(s, ca.get(), ca_key.get());
  }
  // An OCSP response about the leaf, signed by `signer`/`key` (the CA by default).
  ocsp_builder::Bytes Ocsp(int status, int64_t this_update, X509 *signer = nullptr,
                           EVP_PKEY *key = nullptr) const {
    ocsp_builder::Single s;
    s.cert = leaf.get();
    s.issuer = ca.get();
    s.status = status;
    s.this_update = this_update;
    s.next_update = this_update + 7 * kDay;
    if (status == V_OCSP_CERTSTATUS_REVOKED) {
      s.reason = OCSP_REVOKED_STATUS_KEYCOMPROMISE;
      s.revoked_at = kNow - 2 * kDay;
    }
    ocsp_builder::Response r;
    r.singles = {s};
    r.signer = signer ? signer : ca.get();
    r.key = key ? key : ca_key.get();
    if (signer) r.certs = {signer};
    r.produced_at = this_update;
    return ocsp_builder::Build(r);
  }
};

CtxPtr Context(const Pki &pki) {
  eseal_ctx *raw = nullptr;
  EXPECT_EQ(eseal_ctx_new(&raw), 0);
  CtxPtr ctx(raw);
  EXPECT_EQ(eseal_ctx_set_fixed_time(raw, kNow), 0);
  auto ca = Wrap(pki.ca.get());
  EXPECT_EQ(eseal_ctx_add_trust_cert_roles(raw, ca.get(), ESEAL_ROLE_SIGNER_CA), 0);
  return ctx;
}

void AddCrl(eseal_ctx *ctx, const Crl &crl) {
  std::string der = crl_builder::Der(crl.get());
  ASSERT_EQ(eseal_ctx_add_crl(ctx, reinterpret_cast<const uint8_t *>(der.data()), der.size()), 0);
}

void AddOcsp(eseal_ctx *ctx, const ocsp_builder::Bytes &der) {
  ASSERT_EQ(eseal_ctx_add_ocsp_response(ctx, der.data(), der.size()), 0);
}

eseal_cert_status_value Lookup(const eseal_ctx *ctx, const Pki &pki, std::string *tried = nullptr) {
  eseal__rev_query q = {pki.leaf.get(), pki.ca.get(), ESEAL_CERT_CLASS_SIGNER, kNow, 0};
  eseal__rev_result r;
  EXPECT_EQ(eseal__rev_lookup(ctx, &q, &r), 0);
  if (tried) *tried = r.tried;
  eseal__rev_result_release(&r);
  return r.status;
}

// A current OCSP "good" issued before the revocation does not hide a CRL, given
// beside it, that lists the certificate as revoked: a revocation is never undone.
TEST(revocation_attacks, GivenCrlRevocationBeatsEarlierGoodOcsp) {
  Pki pki("Attack CA", 0x1001);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3 * kDay));
  AddCrl(ctx.get(), pki.RevokingCrl(kNow - kDay, kNow - 2 * kDay));
  EXPECT_EQ(Lookup(ctx.get(), pki), ESEAL_CERT_STATUS_REVOKED);
}

// Of two given OCSP responses, a "good" one first does not hide a revocation in the second.
TEST(revocation_attacks, SecondOcspRevocationBeatsFirstGood) {
  Pki pki("Attack CA", 0x1002);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3 * kDay));
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_REVOKED, kNow - kDay));
  EXPECT_EQ(Lookup(ctx.get(), pki), ESEAL_CERT_STATUS_REVOKED);
}

// A "good" answer already cached does not hide a revocation a CRL given later proves.
TEST(revocation_attacks, CachedGoodDoesNotHideGivenRevocation) {
  Pki pki("Attack CA", 0x1003);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3 * kDay));
  ASSERT_EQ(Lookup(ctx.get(), pki), ESEAL_CERT_STATUS_GOOD);
  AddCrl(ctx.get(), pki.RevokingCrl(kNow - 4 * kDay, kNow - 5 * kDay));
  EXPECT_EQ(Lookup(ctx.get(), pki), ESEAL_CERT_STATUS_REVOKED);
}

// A CRL without nextUpdate issued long ago is no proof that the certificate is
// good now (as for OCSP, the max age bounds it); a recent one is.
TEST(revocation_attacks, OldCrlWithoutNextUpdateIsNoGoodStatus) {
  Pki pki("Attack CA", 0x1008);
  CrlSpec old_spec;
  old_spec.this_update = kNow - 200 * kDay;
  auto old_ctx = Context(pki);
  AddCrl(old_ctx.get(), crl_builder::MakeCrl(old_spec, pki.ca.get(), pki.ca_key.get()));
  std::string tried;
  EXPECT_EQ(Lookup(old_ctx.get(), pki, &tried), ESEAL_CERT_STATUS_UNKNOWN) << tried;
  CrlSpec fresh_spec;
  fresh_spec.this_update = kNow - 3600;
  auto fresh_ctx = Context(pki);
  AddCrl(fresh_ctx.get(), crl_builder::MakeCrl(fresh_spec, pki.ca.get(), pki.ca_key.get()));
  EXPECT_EQ(Lookup(fresh_ctx.get(), pki), ESEAL_CERT_STATUS_GOOD);
}

// Two contexts on one store: a "good" from a responder only the first trusts
// (revocation-responder role) is no answer for the second, which does not.
TEST(revocation_attacks, CacheDoesNotCarryOneContextsResponderTrustToAnother) {
  Pki pki("Attack CA", 0x1004);
  Key rogue_key = crl_builder::NewKey("EC");
  CertSpec rs;
  rs.cn = "Rogue Responder";
  rs.not_before = kNow - kDay;
  rs.not_after = kNow + 100 * kDay;
  Cert rogue = crl_builder::IssueCert(rs, rogue_key.get(), nullptr, rogue_key.get());
  eseal_store *raw_store = nullptr;
  ASSERT_EQ(eseal_store_open_memory(&raw_store), 0);
  std::unique_ptr<eseal_store, StoreFree> store(raw_store);

  auto trusting = Context(pki);
  auto rogue_cert = Wrap(rogue.get());
  ASSERT_EQ(eseal_ctx_add_trust_cert_roles(trusting.get(), rogue_cert.get(),
                                           ESEAL_ROLE_REVOCATION_RESPONDER),
            0);
  ASSERT_EQ(eseal_ctx_set_store(trusting.get(), store.get()), 0);
  AddOcsp(trusting.get(),
          pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600, rogue.get(), rogue_key.get()));
  ASSERT_EQ(Lookup(trusting.get(), pki), ESEAL_CERT_STATUS_GOOD);

  auto other = Context(pki);
  ASSERT_EQ(eseal_ctx_set_store(other.get(), store.get()), 0);
  EXPECT_NE(Lookup(other.get(), pki), ESEAL_CERT_STATUS_GOOD);
  eseal_ctx_set_store(trusting.get(), nullptr);
  eseal_ctx_set_store(other.get(), nullptr);
}

// A context never configured for revocation still reads the attached store's
// cache: a revocation another context found there is not skipped by the
// unconfigured shortcut.
TEST(revocation_attacks, UnconfiguredContextStillSeesTheStoresRevocation) {
  Pki pki("Attack CA", 0x1009);
  eseal_store *raw_store = nullptr;
  ASSERT_EQ(eseal_store_open_memory(&raw_store), 0);
  std::unique_ptr<eseal_store, StoreFree> store(raw_store);
  auto finder = Context(pki);
  ASSERT_EQ(eseal_ctx_set_store(finder.get(), store.get()), 0);
  AddCrl(finder.get(), pki.RevokingCrl(kNow - kDay, kNow - 2 * kDay));
  ASSERT_EQ(Lookup(finder.get(), pki), ESEAL_CERT_STATUS_REVOKED);
  auto plain = Context(pki);
  ASSERT_EQ(eseal_ctx_set_store(plain.get(), store.get()), 0);
  EXPECT_EQ(Lookup(plain.get(), pki), ESEAL_CERT_STATUS_REVOKED);
  eseal_ctx_set_store(finder.get(), nullptr);
  eseal_ctx_set_store(plain.get(), nullptr);
}

// Holds: a CA with the same name but another key, and a leaf with the same
// serial: its cached "good" is no answer for the real CA's revoked leaf.
TEST(revocation_attacks, CacheKeySeparatesIssuersSharingANameAndSerial) {
  Pki real("Twin CA", 0x1005), twin("Twin CA", 0x1005);
  auto ctx = Context(real);
  auto twin_ca = Wrap(twin.ca.get());
  ASSERT_EQ(eseal_ctx_add_trust_cert_roles(ctx.get(), twin_ca.get(), ESEAL_ROLE_SIGNER_CA), 0);
  AddOcsp(ctx.get(), twin.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600));
  ASSERT_EQ(Lookup(ctx.get(), twin), ESEAL_CERT_STATUS_GOOD);
  AddCrl(ctx.get(), real.RevokingCrl(kNow - kDay, kNow - 2 * kDay));
  EXPECT_EQ(Lookup(ctx.get(), real), ESEAL_CERT_STATUS_REVOKED);
}

// Holds: a "good" signed by a certificate the issuer issued without
// id-kp-OCSPSigning (carried in the response) is not believed.
TEST(revocation_attacks, GoodFromUnauthorisedResponderIsUnknown) {
  Pki pki("Attack CA", 0x1006);
  Key k = crl_builder::NewKey("EC");
  CertSpec s;
  s.cn = "Not A Responder";
  s.serial = 77;
  s.not_before = kNow - kDay;
  s.not_after = kNow + 100 * kDay;
  Cert sibling = crl_builder::IssueCert(s, k.get(), pki.ca.get(), pki.ca_key.get());
  ocsp_builder::Single one;
  one.cert = pki.leaf.get();
  one.issuer = pki.ca.get();
  one.this_update = kNow - 3600;
  one.next_update = kNow + kDay;
  ocsp_builder::Response r;
  r.singles = {one};
  r.signer = sibling.get();
  r.key = k.get();
  r.certs = {sibling.get()};
  r.produced_at = kNow - 3600;
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), ocsp_builder::Build(r));
  std::string tried;
  EXPECT_EQ(Lookup(ctx.get(), pki, &tried), ESEAL_CERT_STATUS_UNKNOWN);
  EXPECT_NE(tried.find("OCSPSigning"), std::string::npos) << tried;
}

// Holds: a stale "good" (nextUpdate passed) does not count, neither given nor cached.
TEST(revocation_attacks, StaleGoodOcspIsUnknown) {
  Pki pki("Attack CA", 0x1007);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 10 * kDay));
  EXPECT_EQ(Lookup(ctx.get(), pki), ESEAL_CERT_STATUS_UNKNOWN);
}

// A delegated OCSP responder of the Pki's CA (id-kp-OCSPSigning), with
// id-pkix-ocsp-nocheck or not.
struct Responder {
  Key key = crl_builder::NewKey("EC");
  Cert cert;
  Responder(const Pki &pki, long serial, bool nocheck = false) {
    CertSpec s;
    s.cn = "Delegated Responder";
    s.serial = serial;
    s.not_before = kNow - 100 * kDay;
    s.not_after = kNow + 100 * kDay;
    s.ocsp_signing = true;
    s.ocsp_nocheck = nocheck;
    cert = crl_builder::IssueCert(s, key.get(), pki.ca.get(), pki.ca_key.get());
  }
  // A CRL of the CA issued at `this_update` (for 7 days) listing this responder
  // as revoked (keyCompromise) a day before.
  Crl RevokedBy(const Pki &pki, int64_t this_update) const {
    CrlSpec s;
    s.this_update = this_update;
    s.next_update = this_update + 7 * kDay;
    crl_builder::Entry e;
    e.serial = ASN1_INTEGER_get(X509_get0_serialNumber(cert.get()));
    e.revoked_at = this_update - kDay;
    e.reason = 1;
    s.entries.push_back(e);
    return crl_builder::MakeCrl(s, pki.ca.get(), pki.ca_key.get());
  }
};

eseal__rev_result LookupResult(const eseal_ctx *ctx, const Pki &pki) {
  eseal__rev_query q = {pki.leaf.get(), pki.ca.get(), ESEAL_CERT_CLASS_SIGNER, kNow, 0};
  eseal__rev_result r;
  EXPECT_EQ(eseal__rev_lookup(ctx, &q, &r), 0);
  eseal__rev_result_release(&r);
  return r;
}

// RFC 6960 §4.2.2.2.1: a "good" signed by a delegated responder that the CA
// has revoked (the CA's CRL, stale for the leaf but still proving the
// responder's revocation) is not believed: whoever holds the revoked
// responder's key could sign it. Without the check the lookup said GOOD.
TEST(revocation_attacks, GoodFromRevokedDelegatedResponderIsNotBelieved) {
  Pki pki("Attack CA", 0x1101);
  Responder responder(pki, 0x2101);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600, responder.cert.get(),
                              responder.key.get()));
  AddCrl(ctx.get(), responder.RevokedBy(pki, kNow - 10 * kDay));
  eseal__rev_result r = LookupResult(ctx.get(), pki);
  EXPECT_EQ(r.status, ESEAL_CERT_STATUS_UNKNOWN) << r.tried;
  EXPECT_NE(std::string(r.tried).find("which is revoked (keyCompromise)"), std::string::npos)
      << r.tried;
}

// The same revoked responder beside a current CRL: the lookup falls back to
// the CRL, which decides.
TEST(revocation_attacks, RevokedDelegatedResponderGivesWayToTheCrl) {
  Pki pki("Attack CA", 0x1102);
  Responder responder(pki, 0x2102);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600, responder.cert.get(),
                              responder.key.get()));
  AddCrl(ctx.get(), responder.RevokedBy(pki, kNow - kDay));
  eseal__rev_result r = LookupResult(ctx.get(), pki);
  EXPECT_EQ(r.status, ESEAL_CERT_STATUS_GOOD) << r.tried;
  EXPECT_STREQ(r.evidence_kind, "crl");
  EXPECT_NE(std::string(r.tried).find("which is revoked"), std::string::npos) << r.tried;
}

// A delegated responder whose own status nothing tells is not believed (the
// class's policy then applies to the certificate: here hard-fail, UNKNOWN).
TEST(revocation_attacks, DelegatedResponderWithoutStatusIsNotBelieved) {
  Pki pki("Attack CA", 0x1103);
  Responder responder(pki, 0x2103);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600, responder.cert.get(),
                              responder.key.get()));
  eseal__rev_result r = LookupResult(ctx.get(), pki);
  EXPECT_EQ(r.status, ESEAL_CERT_STATUS_UNKNOWN) << r.tried;
  EXPECT_NE(std::string(r.tried).find("whose own status is unknown"), std::string::npos)
      << r.tried;
}

// A responder cannot vouch for itself: its own status from a response it
// signed is not followed (depth 1), so the leaf's answer stays unusable.
TEST(revocation_attacks, DelegatedResponderCannotVouchForItself) {
  Pki pki("Attack CA", 0x1104);
  Responder responder(pki, 0x2104);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600, responder.cert.get(),
                              responder.key.get()));
  ocsp_builder::Single self;
  self.cert = responder.cert.get();
  self.issuer = pki.ca.get();
  self.this_update = kNow - 3600;
  self.next_update = kNow + kDay;
  ocsp_builder::Response rr;
  rr.singles = {self};
  rr.signer = responder.cert.get();
  rr.key = responder.key.get();
  rr.certs = {responder.cert.get()};
  rr.produced_at = kNow - 3600;
  AddOcsp(ctx.get(), ocsp_builder::Build(rr));
  eseal__rev_result r = LookupResult(ctx.get(), pki);
  EXPECT_EQ(r.status, ESEAL_CERT_STATUS_UNKNOWN) << r.tried;
  EXPECT_NE(std::string(r.tried).find("not followed further"), std::string::npos)
      << r.tried;
}

// Holds: a delegated responder the CA's current CRL does not list answers.
TEST(revocation_attacks, DelegatedResponderWithGoodStatusAnswers) {
  Pki pki("Attack CA", 0x1105);
  Responder responder(pki, 0x2105);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600, responder.cert.get(),
                              responder.key.get()));
  CrlSpec s;
  s.this_update = kNow - 3600;
  s.next_update = kNow + 7 * kDay;
  AddCrl(ctx.get(), crl_builder::MakeCrl(s, pki.ca.get(), pki.ca_key.get()));
  eseal__rev_result r = LookupResult(ctx.get(), pki);
  EXPECT_EQ(r.status, ESEAL_CERT_STATUS_GOOD) << r.tried;
  EXPECT_STREQ(r.evidence_kind, "ocsp");
}

// The report's validation data carries what proved a delegated responder
// good, beside its answer: re-run offline with only those two pieces, the
// lookup agrees; with the answer alone it does not (the responder's status
// is unknown). Without this evidence a report's offline re-run said UNKNOWN.
TEST(revocation_attacks, DelegatedResponderStatusIsEvidenceToo) {
  Pki pki("Attack CA", 0x1107);
  Responder responder(pki, 0x2107);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600, responder.cert.get(),
                              responder.key.get()));
  CrlSpec s;
  s.this_update = kNow - 3600;
  s.next_update = kNow + 7 * kDay;
  Crl crl = crl_builder::MakeCrl(s, pki.ca.get(), pki.ca_key.get());
  AddCrl(ctx.get(), crl);
  eseal__rev_query q = {pki.leaf.get(), pki.ca.get(), ESEAL_CERT_CLASS_SIGNER, kNow, 0};
  eseal__rev_result r, own;
  ASSERT_EQ(eseal__rev_lookup(ctx.get(), &q, &r), 0);
  ASSERT_STREQ(r.evidence_kind, "ocsp");
  ASSERT_EQ(eseal__rev_responder_lookup(ctx.get(), &q, &r, &own), 0);
  EXPECT_STREQ(own.evidence_kind, "crl");
  std::string crl_der = crl_builder::Der(crl.get());
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(own.evidence.ptr), own.evidence.size),
            crl_der);
  ocsp_builder::Bytes answer(r.evidence.ptr, r.evidence.ptr + r.evidence.size);
  auto replay = Context(pki);
  AddOcsp(replay.get(), answer);
  ASSERT_EQ(eseal_ctx_add_crl(replay.get(), own.evidence.ptr, own.evidence.size), 0);
  EXPECT_EQ(Lookup(replay.get(), pki), ESEAL_CERT_STATUS_GOOD);
  auto answer_only = Context(pki);
  AddOcsp(answer_only.get(), answer);
  EXPECT_EQ(Lookup(answer_only.get(), pki), ESEAL_CERT_STATUS_UNKNOWN);
  eseal__rev_result_release(&own);
  eseal__rev_result_release(&r);
}

// Holds: an answer the CA signed itself, or a CRL, needs no more evidence.
TEST(revocation_attacks, IssuerSignedAnswersNeedNoResponderEvidence) {
  Pki pki("Attack CA", 0x1108);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600));
  eseal__rev_query q = {pki.leaf.get(), pki.ca.get(), ESEAL_CERT_CLASS_SIGNER, kNow, 0};
  eseal__rev_result r, own;
  ASSERT_EQ(eseal__rev_lookup(ctx.get(), &q, &r), 0);
  ASSERT_STREQ(r.evidence_kind, "ocsp");
  ASSERT_EQ(eseal__rev_responder_lookup(ctx.get(), &q, &r, &own), 0);
  EXPECT_EQ(own.evidence.size, 0u);
  eseal__rev_result_release(&own);
  eseal__rev_result_release(&r);
}

// Holds: an answer the CA signed that carries the CA's certificate (so the
// shortcut for answers carrying none does not apply) needs none either.
TEST(revocation_attacks, IssuerSignedAnswerCarryingItsCertNeedsNoResponderEvidence) {
  Pki pki("Attack CA", 0x1109);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600, pki.ca.get(), pki.ca_key.get()));
  eseal__rev_query q = {pki.leaf.get(), pki.ca.get(), ESEAL_CERT_CLASS_SIGNER, kNow, 0};
  eseal__rev_result r, own;
  ASSERT_EQ(eseal__rev_lookup(ctx.get(), &q, &r), 0);
  ASSERT_EQ(r.status, ESEAL_CERT_STATUS_GOOD) << r.tried;
  ASSERT_EQ(eseal__rev_responder_lookup(ctx.get(), &q, &r, &own), 0);
  EXPECT_EQ(own.evidence.size, 0u);
  EXPECT_EQ(own.status, ESEAL_CERT_STATUS_UNKNOWN);
  eseal__rev_result_release(&own);
  eseal__rev_result_release(&r);
}

// Holds: with id-pkix-ocsp-nocheck the responder's status is not asked for.
TEST(revocation_attacks, DelegatedResponderWithNocheckIsNotLookedUp) {
  Pki pki("Attack CA", 0x1106);
  Responder responder(pki, 0x2106, true);
  auto ctx = Context(pki);
  AddOcsp(ctx.get(), pki.Ocsp(V_OCSP_CERTSTATUS_GOOD, kNow - 3600, responder.cert.get(),
                              responder.key.get()));
  eseal__rev_result r = LookupResult(ctx.get(), pki);
  EXPECT_EQ(r.status, ESEAL_CERT_STATUS_GOOD) << r.tried;
  EXPECT_NE(std::string(r.answer.detail).find("id-pkix-ocsp-nocheck"), std::string::npos);
}

eseal_cert_status_value LookupAt(const eseal_ctx *ctx, const Pki &pki, int64_t at,
                                 eseal__rev_result *keep = nullptr) {
  eseal__rev_query q = {pki.leaf.get(), pki.ca.get(), ESEAL_CERT_CLASS_SIGNER, at, 0};
  eseal__rev_result r;
  EXPECT_EQ(eseal__rev_lookup(ctx, &q, &r), 0);
  eseal__rev_result_release(&r);
  if (keep) *keep = r;
  return r.status;
}

// A CRL of the CA from `this_update` to `next_update` listing the leaf with
// `reason` (no entry when reason is -2).
Crl CrlListing(const Pki &pki, int64_t this_update, int64_t next_update, int reason,
               long number = 1, long delta_base = -1) {
  CrlSpec s;
  s.this_update = this_update;
  s.next_update = next_update;
  s.number = number;
  s.delta_base = delta_base;
  if (reason != -2) {
    crl_builder::Entry e;
    e.serial = ASN1_INTEGER_get(X509_get0_serialNumber(pki.leaf.get()));
    e.revoked_at = this_update - kDay;
    e.reason = reason;
    s.entries.push_back(e);
  }
  return crl_builder::MakeCrl(s, pki.ca.get(), pki.ca_key.get());
}

constexpr int kHold = 6;

// A certificateHold is cached only until its CRL's nextUpdate: later, with
// that CRL stale, the cache no longer says "revoked" (before, a cached hold
// was a revocation for ever).
TEST(revocation_attacks, CachedHoldEndsAtTheCrlsNextUpdate) {
  Pki pki("Attack CA", 0x1201);
  auto ctx = Context(pki);
  AddCrl(ctx.get(), CrlListing(pki, kNow - kDay, kNow + kDay, kHold));
  eseal__rev_result r;
  ASSERT_EQ(LookupAt(ctx.get(), pki, kNow, &r), ESEAL_CERT_STATUS_REVOKED) << r.tried;
  EXPECT_EQ(r.answer.reason, kHold);
  EXPECT_NE(LookupAt(ctx.get(), pki, kNow + 3 * kDay, &r), ESEAL_CERT_STATUS_REVOKED) << r.tried;
  EXPECT_FALSE(r.from_cache);
}

// A newer CRL without the hold lifts it, in the cache too.
TEST(revocation_attacks, NewerCrlLiftsACachedHold) {
  Pki pki("Attack CA", 0x1202);
  auto ctx = Context(pki);
  AddCrl(ctx.get(), CrlListing(pki, kNow - kDay, kNow + kDay, kHold));
  ASSERT_EQ(LookupAt(ctx.get(), pki, kNow), ESEAL_CERT_STATUS_REVOKED);
  AddCrl(ctx.get(), CrlListing(pki, kNow + 2 * kDay, kNow + 9 * kDay, -2, 2));
  eseal__rev_result r;
  EXPECT_EQ(LookupAt(ctx.get(), pki, kNow + 3 * kDay, &r), ESEAL_CERT_STATUS_GOOD) << r.tried;
  // The good answer replaced the hold in the cache.
  EXPECT_EQ(LookupAt(ctx.get(), pki, kNow + 4 * kDay, &r), ESEAL_CERT_STATUS_GOOD) << r.tried;
  EXPECT_TRUE(r.from_cache);
}

// Holds: a revocation for good stays cached past its CRL's nextUpdate.
TEST(revocation_attacks, CachedRevocationOutlivesTheCrl) {
  Pki pki("Attack CA", 0x1203);
  auto ctx = Context(pki);
  AddCrl(ctx.get(), CrlListing(pki, kNow - kDay, kNow + kDay, 1));
  ASSERT_EQ(LookupAt(ctx.get(), pki, kNow), ESEAL_CERT_STATUS_REVOKED);
  eseal__rev_result r;
  EXPECT_EQ(LookupAt(ctx.get(), pki, kNow + 30 * kDay, &r), ESEAL_CERT_STATUS_REVOKED);
  EXPECT_TRUE(r.from_cache);
}

// A good answer from a base CRL and a delta expires with the earlier
// nextUpdate (here the base's): past it the cached "good" is not used.
TEST(revocation_attacks, CachedGoodFromBaseAndDeltaEndsWithTheBase) {
  Pki pki("Attack CA", 0x1204);
  auto ctx = Context(pki);
  AddCrl(ctx.get(), CrlListing(pki, kNow - 2 * kDay, kNow + kDay, -2, 10));
  AddCrl(ctx.get(), CrlListing(pki, kNow - 3600, kNow + 5 * kDay, -2, 11, 10));
  eseal__rev_result r;
  ASSERT_EQ(LookupAt(ctx.get(), pki, kNow, &r), ESEAL_CERT_STATUS_GOOD) << r.tried;
  EXPECT_STREQ(r.answer.source, "delta-crl");
  EXPECT_EQ(r.answer.next_update, kNow + kDay);
  EXPECT_NE(LookupAt(ctx.get(), pki, kNow + 3 * kDay, &r), ESEAL_CERT_STATUS_GOOD) << r.tried;
  EXPECT_FALSE(r.from_cache);
}

// A TSA (P-256, critical timeStamping EKU) under its own root, and tokens by `openssl ts`.
struct Tsa {
  openssl_pki::TempDir tmp;
  std::string dir = tmp.path();
  openssl_pki::Party root =
      openssl_pki::Issue(dir, "tsa-root", "Window TSA Root", "EC", openssl_pki::Role::kCa, nullptr);
  openssl_pki::Party tsa = openssl_pki::Issue(dir, "tsa", "Window TSA", "EC",
                                              openssl_pki::Role::kTimestamp, &root);
  std::string accuracy;  // `openssl ts` accuracy ("secs:86400"); empty: none
  // A TimeStampResp over `data` (SHA-256, no nonce; the TSA certificate carried when `cert`).
  std::vector<uint8_t> Response(const std::string &data, bool cert = true) {
    using openssl_pki::Quote;
    std::ofstream(dir + "/tsa.cnf")
        << "[tsa]\nserial = " << dir << "/serial\ncrypto_device = builtin\nsigner_cert = "
        << tsa.cert_file << "\nsigner_key = " << tsa.key_file << "\ncerts = " << root.cert_file
        << "\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\n"
           "ess_cert_id_alg = sha256\n"
        << (accuracy.empty() ? "" : "accuracy = " + accuracy + "\n");
    std::ofstream(dir + "/data.bin", std::ios::binary) << data;
    openssl_pki::Openssl(dir, "ts -query -data " + Quote(dir + "/data.bin") +
                                  " -sha256 " + (cert ? "-cert" : "") + " -no_nonce -out " +
                                  Quote(dir + "/q.tsq"));
    openssl_pki::Openssl(dir, "ts -reply -queryfile " + Quote(dir + "/q.tsq") + " -config " +
                                  Quote(dir + "/tsa.cnf") + " -section tsa -out " +
                                  Quote(dir + "/r.tsr"));
    std::ifstream in(dir + "/r.tsr", std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                                std::istreambuf_iterator<char>());
  }
  // The token of Response(data).
  std::vector<uint8_t> Token(const std::string &data) {
    std::vector<uint8_t> resp = Response(data);
    eseal_buf token = ESEAL_BUF_INIT;
    EXPECT_EQ(eseal__tsa_response_token(resp.data(), resp.size(), &token), 0);
    std::vector<uint8_t> out(token.ptr, token.ptr + token.size);
    eseal_buf_dispose(&token);
    return out;
  }
  // A context whose only timestamp-authority anchor is the root, trusted in [from, until].
  CtxPtr Context(int64_t from, int64_t until) {
    eseal_ctx *raw = nullptr;
    EXPECT_EQ(eseal_ctx_new(&raw), 0);
    CtxPtr ctx(raw);
    eseal_cert *c = nullptr;
    EXPECT_EQ(eseal_cert_load_file(&c, root.cert_file.c_str()), 0);
    EXPECT_EQ(eseal__ctx_add_anchor(raw, c, ESEAL_ROLE_TIMESTAMP_AUTHORITY, "a trust list", from,
                                    until, 0),
              0);
    eseal_cert_free(c);
    return ctx;
  }
};

eseal_check_status VerifyToken(const eseal_ctx *ctx, const std::vector<uint8_t> &token,
                               const std::string &data, std::string *message) {
  eseal__tst_result r;
  EXPECT_EQ(eseal__tst_verify(ctx, token.data(), token.size(),
                              reinterpret_cast<const uint8_t *>(data.data()), data.size(),
                              nullptr, 0, &r),
            0);
  *message = r.message;
  eseal_check_status status = r.status;
  eseal__tst_result_release(&r);
  return status;
}

// A TSA whose anchor the trust list stopped trusting before genTime makes no
// proof of existence: the token is refused, as a signer's chain would be.
TEST(revocation_attacks, TimestampAfterTheTsaAnchorsTrustWindowIsRefused) {
  Tsa t;
  const std::string data = "a signature value";
  auto token = t.Token(data);
  std::string message;
  auto open = t.Context(0, 0);
  ASSERT_EQ(VerifyToken(open.get(), token, data, &message), ESEAL_CHECK_OK) << message;
  auto closed = t.Context(0, kNow - 10 * kDay);
  EXPECT_NE(VerifyToken(closed.get(), token, data, &message), ESEAL_CHECK_OK) << message;
  auto not_yet = t.Context(kNow + 10 * kDay, 0);
  EXPECT_NE(VerifyToken(not_yet.get(), token, data, &message), ESEAL_CHECK_OK) << message;
}

// Holds: a genuine token from the trusted TSA over other bytes is refused.
TEST(revocation_attacks, TimestampOverOtherBytesIsRefused) {
  Tsa t;
  auto token = t.Token("the bytes the TSA saw");
  std::string message;
  auto ctx = t.Context(0, 0);
  EXPECT_EQ(VerifyToken(ctx.get(), token, "other bytes", &message), ESEAL_CHECK_NOT_OK);
  EXPECT_NE(message.find("messageImprint"), std::string::npos) << message;
}

// A POE token from a trusted TSA over a signature whose claimed signing time
// lies after the token's genTime (beyond the skew): the embedded timestamp is
// refused for this, and so must a caller's token be. `claimed_offset` is the
// signing time relative to now; the token is made now.
std::string PoeTokenCheck(int64_t claimed_offset, int64_t *best,
                          const std::string &accuracy = "") {
  Tsa t;
  t.accuracy = accuracy;
  auto ctx = pki::Context(kNow + claimed_offset);
  workflow::SealPtr seal;
  workflow::SignaturePtr sig;
  // The seal is valid around the real time, which is the token's.
  EXPECT_EQ(workflow::MakeSeal(seal, ctx.get(),
                               [](eseal_seal_builder *b) {
                                 eseal_seal_builder_set_dates(b, kNow - kDay, kNow - kDay,
                                                              kNow + 30 * kDay);
                               }),
            0);
  EXPECT_EQ(workflow::Stamp(sig, ctx.get(), seal.p), 0);
  if (sig.p == nullptr) return "no signature";
  size_t len = 0;
  const uint8_t *bytes = eseal_signature_bytes(sig.p, &len);
  auto token = t.Token(std::string(reinterpret_cast<const char *>(bytes), len));
  eseal_cert *root = nullptr;
  EXPECT_EQ(eseal_cert_load_file(&root, t.root.cert_file.c_str()), 0);
  EXPECT_EQ(eseal_ctx_add_trust_cert_roles(ctx.get(), root, ESEAL_ROLE_TIMESTAMP_AUTHORITY), 0);
  eseal_cert_free(root);
  EXPECT_EQ(eseal_ctx_set_fixed_time(ctx.get(), kNow + 2 * kDay), 0);
  const uint8_t *tokens[] = {token.data()};
  const size_t lens[] = {token.size()};
  eseal_verify_options o = ESEAL_VERIFY_OPTIONS_INIT;
  o.poe_tokens = tokens;
  o.poe_token_lens = lens;
  o.poe_token_count = 1;
  workflow::ReportPtr r;
  workflow::Verify(r, ctx.get(), sig.p, &workflow::kDocument, &o);
  if (r.p == nullptr) return "no report";
  EXPECT_EQ(eseal_report_time_get(r.p, ESEAL_TIME_BEST_SIGNATURE, best), 0);
  return workflow::Status(r.p, "poe.token") + ": " + workflow::Text(r.p);
}

TEST(revocation_attacks, PoeTokenBeforeTheClaimedSigningTimeIsRefused) {
  int64_t best = 0;
  std::string before = PoeTokenCheck(-3600, &best);
  ASSERT_EQ(before.rfind("OK", 0), 0u) << before;
  EXPECT_LT(best, kNow + 600);
  std::string after = PoeTokenCheck(kDay, &best);
  EXPECT_EQ(after.rfind("NOT_OK", 0), 0u) << after;
  EXPECT_GT(best, kNow + kDay);
}

// A token whose TSA vouches for genTime only within a day proves existence a
// day later, not at genTime.
TEST(revocation_attacks, PoeTokenCountsWithItsAccuracy) {
  int64_t best = 0;
  std::string report = PoeTokenCheck(-3600, &best, "secs:86400, millisecs:1");
  ASSERT_EQ(report.rfind("OK", 0), 0u) << report;
  EXPECT_GE(best, kNow + 86400);
  EXPECT_LT(best, kNow + 86400 + 600);
}

// A "TSA" that answers every request with the same TimeStampResp.
struct CannedTsa {
  eseal_fetcher base = {ESEAL_FETCHER_VERSION, Fetch, nullptr};
  std::vector<uint8_t> answer;
  int asked = 0;
  static int Fetch(eseal_fetcher *self, const eseal_fetch_request *, eseal_buf *response, char *,
                   size_t) {
    auto *me = reinterpret_cast<CannedTsa *>(self);
    me->asked++;
    return eseal_buf_set(response, me->answer.data(), me->answer.size());
  }
};

// Stamping asks for the TSA's certificate (certReq): a token without it,
// replayed from another request (other imprint, no nonce), cannot be checked
// and must not be embedded.
TEST(revocation_attacks, StampRefusesATokenWithoutTheTsaCertificate) {
  Tsa t;
  CannedTsa canned;
  canned.answer = t.Response("some other signature value", false);
  auto ctx = pki::Context(kNow);
  ASSERT_EQ(eseal_ctx_set_fetcher(ctx.get(), &canned.base), 0);
  workflow::SealPtr seal;
  ASSERT_EQ(workflow::MakeSeal(seal, ctx.get(),
                               [](eseal_seal_builder *b) {
                                 eseal_seal_builder_set_dates(b, kNow - kDay, kNow - kDay,
                                                              kNow + 30 * kDay);
                               }),
            0);
  workflow::DataPtr data;
  ASSERT_EQ(eseal_data_from_bytes(&data.p, workflow::kDocument.data(), workflow::kDocument.size()),
            0);
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  so.property_info = "/Doc_0/Signs/Sign_0/Signature.xml";
  so.tsa_url = "http://tsa.example/";
  workflow::SignaturePtr sig;
  int rc = eseal_stamp(&sig.p, ctx.get(), seal.p, pki::Key(pki::Signer()).get(),
                       pki::Cert(pki::Signer()).get(), data.p, &so);
  eseal_ctx_set_fetcher(ctx.get(), nullptr);
  EXPECT_EQ(canned.asked, 1);
  EXPECT_NE(rc, 0) << "a token over other bytes was embedded";
  EXPECT_EQ(sig.p, nullptr);
}

// IPv6 forms that carry an IPv4 address a translator may reach: the local-use
// NAT64 prefix (RFC 8215) and IPv4-translated addresses (RFC 2765), beside
// the forms already refused (mapped, well-known NAT64, 6to4).
TEST(revocation_attacks, EgressRefusesTranslatedIpv6FormsOfPrivateAddresses) {
  for (const char *text : {"64:ff9b:1::10.0.0.1", "64:ff9b:1::127.0.0.1", "::ffff:0:127.0.0.1",
                           "::ffff:0:169.254.169.254", "::ffff:127.0.0.1", "64:ff9b::10.1.2.3"}) {
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    ASSERT_EQ(inet_pton(AF_INET6, text, &a.sin6_addr), 1) << text;
    EXPECT_EQ(eseal__egress_address(reinterpret_cast<const sockaddr *>(&a), 0), 0) << text;
    std::string url = std::string("http://[") + text + "]/";
    EXPECT_NE(eseal__egress_url(url.c_str(), 0, nullptr, 0), 0) << url;
  }
  // A public IPv4 address through the well-known prefix or SIIT stays reachable.
  for (const char *text : {"64:ff9b::8.8.8.8", "::ffff:0:8.8.8.8"}) {
    sockaddr_in6 pub{};
    pub.sin6_family = AF_INET6;
    ASSERT_EQ(inet_pton(AF_INET6, text, &pub.sin6_addr), 1);
    EXPECT_EQ(eseal__egress_address(reinterpret_cast<const sockaddr *>(&pub), 0), 1) << text;
  }
}

std::string Base64(const std::vector<uint8_t> &der) {
  std::string out(4 * ((der.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(&out[0]), der.data(),
                          static_cast<int>(der.size()));
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

// Holds: validation data (a report's JSON) that carries the root of a TSA the
// caller does not trust, with a "role" beside it, adds it as an intermediate
// only: the TSA's tokens still prove nothing.
TEST(revocation_attacks, ValidationDataCannotSmuggleATsaAnchor) {
  Tsa t;
  const std::string data = "a signature value";
  auto token = t.Token(data);
  eseal_cert *root = nullptr;
  ASSERT_EQ(eseal_cert_load_file(&root, t.root.cert_file.c_str()), 0);
  size_t len = 0;
  const uint8_t *der = eseal_cert_der(root, &len);
  std::string json = "{\"times\": {\"validation\": \"2026-12-02T00:00:00Z\"}, "
                     "\"certificates\": [{\"role\": \"timestamp-authority\", \"trusted\": true, "
                     "\"der_base64\": \"" + Base64(std::vector<uint8_t>(der, der + len)) +
                     "\"}], \"validation_data\": []}";
  eseal_cert_free(root);
  eseal_ctx *raw = nullptr;
  ASSERT_EQ(eseal_ctx_new(&raw), 0);
  CtxPtr ctx(raw);
  ASSERT_EQ(eseal_ctx_load_validation_data(raw, reinterpret_cast<const uint8_t *>(json.data()),
                                           json.size(), nullptr),
            0)
      << eseal_error_last()->message;
  EXPECT_EQ(eseal_ctx_trust_count_roles(raw, ESEAL_ROLE_TIMESTAMP_AUTHORITY), 0u);
  std::string message;
  EXPECT_NE(VerifyToken(raw, token, data, &message), ESEAL_CHECK_OK) << message;
  EXPECT_NE(message.find("does not chain to an anchor"), std::string::npos) << message;
}

// A validation-data document: the items as (kind, DER) pairs, certificates apart.
std::string ValidationJson(const std::vector<std::pair<std::string, std::vector<uint8_t>>> &items,
                           const std::vector<std::vector<uint8_t>> &certs = {}) {
  std::string json = "{\"times\": {\"validation\": \"2026-12-02T00:00:00Z\"}, "
                     "\"validation_data\": [";
  for (size_t i = 0; i < items.size(); i++)
    json += std::string(i ? ", " : "") + "{\"kind\": \"" + items[i].first +
            "\", \"der_base64\": \"" + Base64(items[i].second) + "\"}";
  json += "], \"certificates\": [";
  for (size_t i = 0; i < certs.size(); i++)
    json += std::string(i ? ", " : "") + "{\"der_base64\": \"" + Base64(certs[i]) + "\"}";
  return json + "]}";
}

int Load(eseal_ctx *ctx, const std::string &json) {
  return eseal_ctx_load_validation_data(ctx, reinterpret_cast<const uint8_t *>(json.data()),
                                        json.size(), nullptr);
}

std::vector<uint8_t> Bytes(const std::string &s) { return std::vector<uint8_t>(s.begin(), s.end()); }

// What a context holds, to see that a refused load added nothing.
struct Held {
  int crls, intermediates;
  size_t ocsp;
  int configured;
  explicit Held(const eseal_ctx *c)
      : crls(c->crls ? sk_X509_CRL_num(c->crls) : 0),
        intermediates(sk_X509_num(c->intermediates)),
        ocsp(c->ocsp_response_count),
        configured(c->revocation_configured) {}
  bool operator==(const Held &o) const {
    return crls == o.crls && intermediates == o.intermediates && ocsp == o.ocsp &&
           configured == o.configured;
  }
};

// A document whose OCSP responses would pass the context's 1,024 is refused
// before anything is added: the CRL and certificate before them are not kept
// (before, the load stopped part way, with some of the items added).
TEST(revocation_attacks, ValidationDataOverTheOcspLimitAddsNothing) {
  Pki pki("Attack CA", 0x1301);
  eseal_ctx *raw = nullptr;
  ASSERT_EQ(eseal_ctx_new(&raw), 0);
  CtxPtr ctx(raw);
  const uint8_t shape[] = {0x30, 0x00};
  for (int i = 0; i < 1000; i++) ASSERT_EQ(eseal_ctx_add_ocsp_response(raw, shape, 2), 0);
  std::vector<std::pair<std::string, std::vector<uint8_t>>> items = {
      {"crl", Bytes(crl_builder::Der(pki.RevokingCrl(kNow - kDay, kNow - 2 * kDay).get()))}};
  for (int i = 0; i < 30; i++) items.push_back({"ocsp", std::vector<uint8_t>(shape, shape + 2)});
  Held before(raw);
  EXPECT_EQ(Load(raw, ValidationJson(items, {Bytes(Der(pki.leaf.get()))})), ESEAL_ELIMIT);
  EXPECT_NE(std::string(eseal_error_last()->message).find("validation data: 30 OCSP responses"),
            std::string::npos)
      << eseal_error_last()->message;
  EXPECT_TRUE(Held(raw) == before);
  // Within the limit, all of it is added.
  items.resize(25);
  ASSERT_EQ(Load(raw, ValidationJson(items, {Bytes(Der(pki.leaf.get()))})), 0);
  EXPECT_EQ(raw->ocsp_response_count, 1024u);
  EXPECT_EQ(sk_X509_CRL_num(raw->crls), 1);
}

// The same for CRLs: 1,024 a context, counted over the whole document.
TEST(revocation_attacks, ValidationDataOverTheCrlLimitAddsNothing) {
  Pki pki("Attack CA", 0x1302);
  eseal_ctx *raw = nullptr;
  ASSERT_EQ(eseal_ctx_new(&raw), 0);
  CtxPtr ctx(raw);
  // One CRL's PEM, 64 times: CRLs made one by one differ in length (ECDSA signatures do).
  const std::string one = crl_builder::Pem(pki.RevokingCrl(kNow - kDay, kNow - kDay).get());
  std::string pem;
  for (int i = 0; i < 64; i++) pem += one;
  for (int i = 0; i < 15; i++)
    ASSERT_EQ(eseal_ctx_add_crl(raw, reinterpret_cast<const uint8_t *>(pem.data()), pem.size()), 0);
  ASSERT_EQ(sk_X509_CRL_num(raw->crls), 960);
  Held before(raw);
  std::vector<std::pair<std::string, std::vector<uint8_t>>> items = {
      {"ocsp", {0x30, 0x00}}, {"crl", Bytes(pem)}, {"crl", Bytes(one)}};
  EXPECT_EQ(Load(raw, ValidationJson(items)), ESEAL_ELIMIT);
  EXPECT_NE(std::string(eseal_error_last()->message).find("validation data: 65 CRLs"),
            std::string::npos)
      << eseal_error_last()->message;
  EXPECT_TRUE(Held(raw) == before);
  // The context itself holds at most 1,024, added one input at a time too.
  ASSERT_EQ(eseal_ctx_add_crl(raw, reinterpret_cast<const uint8_t *>(pem.data()), pem.size()), 0);
  const std::string &single = one;
  EXPECT_EQ(eseal_ctx_add_crl(raw, reinterpret_cast<const uint8_t *>(single.data()),
                              single.size()),
            ESEAL_ELIMIT);
  EXPECT_EQ(sk_X509_CRL_num(raw->crls), 1024);
  // One input holds at most 64 CRLs.
  std::string more = pem + one;
  eseal_ctx *other = nullptr;
  ASSERT_EQ(eseal_ctx_new(&other), 0);
  CtxPtr other_ctx(other);
  EXPECT_EQ(eseal_ctx_add_crl(other, reinterpret_cast<const uint8_t *>(more.data()), more.size()),
            ESEAL_ELIMIT);
  EXPECT_EQ(other->crls ? sk_X509_CRL_num(other->crls) : 0, 0);
}

// An allocation that fails while the items are added (the OCSP response's
// copy, of a size nothing else has) takes back those added before it.
constexpr size_t kFailingSize = 1237;
void *FailingMalloc(size_t n, void *) { return n == kFailingSize ? nullptr : std::malloc(n); }
void *FailingRealloc(void *p, size_t n, void *) {
  return n == kFailingSize ? nullptr : std::realloc(p, n);
}
void PlainFree(void *p, void *) { std::free(p); }

TEST(revocation_attacks, ValidationDataFailingPartWayAddsNothing) {
  Pki pki("Attack CA", 0x1303);
  eseal_ctx *raw = nullptr;
  ASSERT_EQ(eseal_ctx_new(&raw), 0);
  CtxPtr ctx(raw);
  std::vector<uint8_t> odd(kFailingSize, 0);
  odd[0] = 0x30;
  std::vector<std::pair<std::string, std::vector<uint8_t>>> items = {
      {"crl", Bytes(crl_builder::Der(pki.RevokingCrl(kNow - kDay, kNow - 2 * kDay).get()))},
      {"ocsp", {0x30, 0x00}},
      {"ocsp", odd}};
  std::string json = ValidationJson(items, {Bytes(Der(pki.leaf.get()))});
  Held before(raw);
  eseal_allocator failing = {ESEAL_ALLOCATOR_VERSION, FailingMalloc, FailingRealloc, PlainFree,
                             nullptr};
  ASSERT_EQ(eseal_set_allocator(&failing), 0);
  int rc = Load(raw, json);
  eseal_set_allocator(nullptr);
  EXPECT_EQ(rc, ESEAL_ENOMEM);
  EXPECT_TRUE(Held(raw) == before);
  EXPECT_EQ(Load(raw, json), 0);
  EXPECT_EQ(raw->ocsp_response_count, 2u);
}

}  // namespace
