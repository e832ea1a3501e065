// Revocation in verification and stamping, end to end: a P-256 PKI and its CRLs
// and OCSP responses made by the `openssl ca` and `openssl ocsp` commands at
// test time, given to the context offline (doc/revocation.md).
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <eseal.h>

extern "C" {
#include "revocation/cache_entry.h"
#include "timestamp/tst.h"
}

#include "../support/openssl_pki.h"
#include "../support/test_server.h"
#include "../support/workflow.h"

using namespace workflow;
using openssl_pki::Party;
using openssl_pki::Role;

namespace {

using openssl_pki::Openssl;
using openssl_pki::IndexTime;
using openssl_pki::Quote;
using openssl_pki::Serial;

struct Revocation {
  const Party *who;
  int64_t when;
  std::string reason;  // "keyCompromise", "superseded", … or empty
  int64_t compromised = 0;  // the invalidityDate (0: none); openssl ca then writes keyCompromise
};

// "YYYYMMDDhhmmssZ", as openssl ca's index wants a compromise time.
std::string GeneralizedTime(int64_t t) {
  time_t tt = static_cast<time_t>(t);
  struct tm tm;
  gmtime_r(&tt, &tm);
  char buf[20];
  strftime(buf, sizeof buf, "%Y%m%d%H%M%SZ", &tm);
  return buf;
}

class RevocationVerify : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string &d = dir_.path();
    root_ = openssl_pki::Issue(d, "root", "Revocation Root", "EC", Role::kCa, nullptr);
    maker_ = openssl_pki::Issue(d, "maker", "Revocation Maker", "EC", Role::kLeaf, &root_);
    signer_ = openssl_pki::Issue(d, "signer", "Revocation Signer", "EC", Role::kLeaf, &root_);
    // The certificates start now; the stamps are made a minute later.
    now_ = static_cast<int64_t>(std::time(nullptr)) + 60;
    std::ofstream(d + "/ca.cnf") << "[ca]\ndefault_ca = dflt\n[dflt]\ndatabase = " << d
                                 << "/index.txt\ncrlnumber = " << d
                                 << "/crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n"
                                    "crl_extensions = crl_ext\n[crl_ext]\n"
                                    "authorityKeyIdentifier = keyid:always\n";
    std::ofstream(d + "/crlnumber") << "01\n";
  }

  // Writes the CA database with `revoked` (and the others valid) and signs a CRL.
  std::string MakeCrl(const std::vector<Revocation> &revoked) {
    const std::string &d = dir_.path();
    std::ofstream index(d + "/index.txt");
    std::vector<const Party *> parties = {&maker_, &signer_};
    parties.insert(parties.end(), extra_.begin(), extra_.end());
    for (const Party *p : parties) {
      std::string line = "V\t" + IndexTime(now_ + 365 * pki::kDay) + "\t\t" + Serial(*p) +
                         "\tunknown\t/CN=" + p->cert_file;
      for (const Revocation &r : revoked)
        if (r.who == p)
          line = "R\t" + IndexTime(now_ + 365 * pki::kDay) + "\t" + IndexTime(r.when) +
                 // openssl ca's index spells a key compromise with its time "keyTime,<time>".
                 (r.compromised ? ",keyTime," + GeneralizedTime(r.compromised)
                                : r.reason.empty() ? "" : "," + r.reason) +
                 "\t" + Serial(*p) +
                 "\tunknown\t/CN=" + p->cert_file;
      index << line << "\n";
    }
    index.close();
    std::string crl = d + "/crl" + std::to_string(++crl_count_) + ".pem";
    Openssl(d, "ca -batch -gencrl -config " + Quote(d + "/ca.cnf") + " -keyfile " +
               Quote(root_.key_file) + " -cert " + Quote(root_.cert_file) + " -out " + Quote(crl));
    return crl;
  }

  // An OCSP response of the root about `who` from the current database.
  std::string MakeOcsp(const Party &who) {
    const std::string &d = dir_.path();
    std::string req = d + "/req.der", resp = d + "/resp" + std::to_string(++crl_count_) + ".der";
    Openssl(d, "ocsp -no_nonce -issuer " + Quote(root_.cert_file) + " -cert " +
               Quote(who.cert_file) + " -reqout " + Quote(req));
    Openssl(d, "ocsp -index " + Quote(d + "/index.txt") + " -CA " + Quote(root_.cert_file) +
               " -rsigner " + Quote(root_.cert_file) + " -rkey " + Quote(root_.key_file) +
               " -reqin " + Quote(req) + " -respout " + Quote(resp) + " -ndays 1");
    return resp;
  }

  pki::CtxPtr Context(int64_t clock) {
    eseal_ctx *raw = nullptr;
    EXPECT_EQ(eseal_ctx_new(&raw), 0);
    pki::CtxPtr ctx(raw);
    EXPECT_EQ(eseal_ctx_set_fixed_time(raw, clock), 0);
    EXPECT_EQ(eseal_ctx_add_trust_path(raw, root_.cert_file.c_str()), 0) << LastError();
    return ctx;
  }

  // A seal by maker_ for signer_, and kDocument stamped with it at now_ (no revocation configured).
  void MakeStamped(SignaturePtr &sig) {
    auto ctx = Context(now_);
    MakeSealAndStamp(ctx.get(), {maker_.cert_file, maker_.key_file},
                     {signer_.cert_file, signer_.key_file}, now_, seal_, sig);
  }

  // Verifies `sig` at now_ + 1200 s under `policy`, with `poe` (0: none).
  void VerifyAt(ReportPtr &r, eseal_ctx *ctx, const eseal_signature *sig,
                eseal_time_policy policy = ESEAL_TIME_POLICY_POE, int64_t poe = 0,
                unsigned flags = 0) {
    eseal_verify_options o = ESEAL_VERIFY_OPTIONS_INIT;
    o.validation_time = now_ + 1200;
    o.time_policy = policy;
    o.poe_time = poe;
    o.poe_source = poe ? "a test archive" : nullptr;
    o.flags = flags;
    Verify(r, ctx, sig, &kDocument, &o);
  }

  std::string Message(const eseal_report *r, const std::string &id) {
    long i = eseal_report_find_check(r, id.c_str());
    return i < 0 ? "absent" : eseal_report_check_message(r, static_cast<size_t>(i));
  }

  // The token of `tsa` (issued by root_) over `data`, made by `openssl ts` now.
  std::vector<uint8_t> Token(const Party &tsa, const std::vector<uint8_t> &data) {
    const std::string &d = dir_.path();
    std::ofstream(d + "/tsa.cnf") << "[tsa]\nserial = " << d << "/tsa-serial\n"
                                  << "crypto_device = builtin\nsigner_cert = " << tsa.cert_file
                                  << "\nsigner_key = " << tsa.key_file << "\ncerts = "
                                  << root_.cert_file << "\nsigner_digest = sha256\n"
                                  << "default_policy = 1.2.3.4.1\ndigests = sha256\n"
                                  << "ess_cert_id_alg = sha256\n";
    std::ofstream(d + "/covered.bin", std::ios::binary)
        .write(reinterpret_cast<const char *>(data.data()), static_cast<std::streamsize>(data.size()));
    Openssl(d, "ts -query -data " + Quote(d + "/covered.bin") + " -sha256 -cert -no_nonce -out " +
                   Quote(d + "/q.tsq"));
    Openssl(d, "ts -reply -queryfile " + Quote(d + "/q.tsq") + " -config " +
                   Quote(d + "/tsa.cnf") + " -section tsa -out " + Quote(d + "/r.tsr"));
    std::ifstream in(d + "/r.tsr", std::ios::binary);
    std::vector<uint8_t> resp((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    eseal_buf token = ESEAL_BUF_INIT;
    EXPECT_EQ(eseal__tsa_response_token(resp.data(), resp.size(), &token), 0);
    std::vector<uint8_t> out(token.ptr, token.ptr + token.size);
    eseal_buf_dispose(&token);
    return out;
  }

  openssl_pki::TempDir dir_;
  Party root_, maker_, signer_;
  std::vector<const Party *> extra_;  // more certificates of root_ in the CA database
  SealPtr seal_;
  int64_t now_ = 0;
  int crl_count_ = 0;
};

TEST_F(RevocationVerify, WithoutConfigurationOrSoftFailAWarningNeverSilence) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p);
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
  EXPECT_EQ(Status(r.p, "signer.revocation"), "WARNING") << Text(r.p);
  EXPECT_EQ(Status(r.p, "seal.maker_revocation"), "WARNING") << Text(r.p);
  EXPECT_NE(Message(r.p, "signer.revocation").find("not configured"), std::string::npos);
  // Configured and soft-fail: a WARNING that says so.
  eseal_revocation_config cfg;
  ASSERT_EQ(eseal_revocation_config_init(&cfg, ESEAL_REVOCATION_CONFIG_VERSION), 0);
  for (auto &f : cfg.failure) f = ESEAL_REVOCATION_SOFT_FAIL;
  ASSERT_EQ(eseal_ctx_set_revocation(ctx.get(), &cfg), 0);
  ReportPtr soft;
  VerifyAt(soft, ctx.get(), sig.p);
  EXPECT_EQ(Status(soft.p, "signer.revocation"), "WARNING") << Text(soft.p);
  EXPECT_NE(Message(soft.p, "signer.revocation").find("soft-fail"), std::string::npos);
}

// A context never configured for revocation, without a store: the lookup
// is cut short (no cache key hashed, no cache asked: no miss counted), and
// the report is byte for byte the one the full lookup gives (a context with
// an empty store attached, which must ask its cache), but for the check of
// the seal's state that only a store makes.
TEST_F(RevocationVerify, UnconfiguredShortcutGivesTheSameReport) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto quick = Context(now_ + 1200);
  auto full = Context(now_ + 1200);
  eseal_store *raw_store = nullptr;
  ASSERT_EQ(eseal_store_open_memory(&raw_store), 0);
  ASSERT_EQ(eseal_ctx_set_store(full.get(), raw_store), 0);
  ReportPtr a, b;
  VerifyAt(a, quick.get(), sig.p);
  VerifyAt(b, full.get(), sig.p);
  eseal_buf ja = ESEAL_BUF_INIT, jb = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_report_to_json(a.p, &ja), 0);
  ASSERT_EQ(eseal_report_to_json(b.p, &jb), 0);
  std::string quick_json(reinterpret_cast<char *>(ja.ptr), ja.size);
  std::string full_json(reinterpret_cast<char *>(jb.ptr), jb.size);
  eseal_buf_dispose(&ja);
  eseal_buf_dispose(&jb);
  // The store adds its own check of the seal's state; everything else is the same.
  size_t state = full_json.find(",{\"id\":\"seal.state\"");
  ASSERT_NE(state, std::string::npos);
  full_json.erase(state, full_json.find('}', state) + 1 - state);
  EXPECT_TRUE(quick_json == full_json) << quick_json << "\n" << full_json;
  EXPECT_NE(Message(a.p, "signer.revocation")
                .find("revocation is not configured): no CRL or OCSP response is configured "
                      "(offline mode)"),
            std::string::npos)
      << Message(a.p, "signer.revocation");
  eseal_revocation_stats qs, fs;
  ASSERT_EQ(eseal_ctx_revocation_stats(quick.get(), &qs), 0);
  ASSERT_EQ(eseal_ctx_revocation_stats(full.get(), &fs), 0);
  EXPECT_EQ(qs.cache_misses + qs.cache_hits, 0u);
  EXPECT_GT(fs.cache_misses, 0u);
  eseal_ctx_set_store(full.get(), nullptr);
  eseal_store_free(raw_store);
}

// A renewed POE token's TSA is judged at the time its renewal proves: TSA 1,
// revoked for key compromise after TSA 2 renewed its token (but before the
// validation time), does not break the chain; revoked before the renewal, it
// does. Judged at the validation time, the late revocation broke it.
TEST_F(RevocationVerify, RenewedTokensTsaIsJudgedAtTheRenewal) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  const std::string &d = dir_.path();
  Party tsa1 = openssl_pki::Issue(d, "tsa1", "Renewal TSA One", "EC", Role::kTimestamp, &root_);
  Party tsa2 = openssl_pki::Issue(d, "tsa2", "Renewal TSA Two", "EC", Role::kTimestamp, &root_);
  extra_ = {&tsa1, &tsa2};
  size_t len = 0;
  const uint8_t *bytes = eseal_signature_bytes(sig.p, &len);
  std::vector<uint8_t> t1 = Token(tsa1, std::vector<uint8_t>(bytes, bytes + len));
  std::vector<uint8_t> t2 = Token(tsa2, t1);
  const int64_t real_now = now_ - 60;  // the tokens' time (the stamps are a minute ahead)
  auto verify = [&](int64_t revoked_at, ReportPtr &r) {
    auto ctx = Context(now_ + 1200);
    std::string crl = MakeCrl({{&tsa1, revoked_at, "keyCompromise"}});
    ASSERT_EQ(eseal_ctx_add_crl_file(ctx.get(), crl.c_str()), 0) << LastError();
    const uint8_t *tokens[] = {t1.data(), t2.data()};
    const size_t lens[] = {t1.size(), t2.size()};
    eseal_verify_options o = ESEAL_VERIFY_OPTIONS_INIT;
    o.validation_time = now_ + 1200;
    o.poe_tokens = tokens;
    o.poe_token_lens = lens;
    o.poe_token_count = 2;
    Verify(r, ctx.get(), sig.p, &kDocument, &o);
  };
  ReportPtr late;
  ASSERT_NO_FATAL_FAILURE(verify(real_now + 600, late));
  EXPECT_EQ(Status(late.p, "poe.token"), "OK") << Text(late.p);
  ReportPtr early;
  ASSERT_NO_FATAL_FAILURE(verify(real_now - 30, early));
  EXPECT_EQ(Status(early.p, "poe.token"), "NOT_OK") << Text(early.p);
  EXPECT_NE(Message(early.p, "poe.token").find("POE token 1 of 2 verifies but its TSA is revoked"),
            std::string::npos)
      << Message(early.p, "poe.token");
}

TEST_F(RevocationVerify, WithoutSourcesHardFailIsTryLater) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  eseal_revocation_config cfg;
  ASSERT_EQ(eseal_revocation_config_init(&cfg, ESEAL_REVOCATION_CONFIG_VERSION), 0);
  // Hard-fail is the configured default; the maker's class made soft.
  cfg.failure[ESEAL_CERT_CLASS_MAKER] = ESEAL_REVOCATION_SOFT_FAIL;
  ASSERT_EQ(eseal_ctx_set_revocation(ctx.get(), &cfg), 0) << LastError();
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, "signer.revocation");
  EXPECT_EQ(Status(r.p, "seal.maker_revocation"), "WARNING") << Text(r.p);
  // The flag makes every class hard for one verification.
  auto plain = Context(now_ + 1200);
  ReportPtr flagged;
  VerifyAt(flagged, plain.get(), sig.p, ESEAL_TIME_POLICY_POE, 0, ESEAL_VERIFY_REQUIRE_REVOCATION);
  ExpectVerdict(flagged.p, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, "seal.maker_revocation");
}

TEST_F(RevocationVerify, OffIsSkipped) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  eseal_revocation_config cfg;
  ASSERT_EQ(eseal_revocation_config_init(&cfg, ESEAL_REVOCATION_CONFIG_VERSION), 0);
  cfg.mode = ESEAL_REVOCATION_OFF;
  ASSERT_EQ(eseal_ctx_set_revocation(ctx.get(), &cfg), 0);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p);
  EXPECT_EQ(Status(r.p, "signer.revocation"), "SKIPPED") << Text(r.p);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
}

TEST_F(RevocationVerify, GoodCrlIsOkAndKeptAsValidationData) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_add_crl_file(ctx.get(), MakeCrl({}).c_str()), 0) << LastError();
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p);
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signer.revocation");
  EXPECT_EQ(Status(r.p, "signer.revocation"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "seal.maker_revocation"), "OK") << Text(r.p);
  ASSERT_GE(eseal_report_validation_count(r.p), 1u);
  EXPECT_STREQ(eseal_report_validation_kind(r.p, 0), "crl");
}

TEST_F(RevocationVerify, RevokedBeforeTheClaimedTimeFails) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_add_crl_file(ctx.get(),
                                   MakeCrl({{&signer_, now_ - 30, "superseded"}}).c_str()),
            0)
      << LastError();
  for (eseal_time_policy policy : {ESEAL_TIME_POLICY_POE, ESEAL_TIME_POLICY_CLAIMED}) {
    ReportPtr r;
    VerifyAt(r, ctx.get(), sig.p, policy);
    ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "signer.revocation");
    EXPECT_NE(Message(r.p, "signer.revocation").find("superseded"), std::string::npos);
  }
}

TEST_F(RevocationVerify, KeyCompromiseAfterTheClaimWithoutPoeFailsUnderEveryPolicy) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_add_crl_file(ctx.get(),
                                   MakeCrl({{&signer_, now_ + 600, "keyCompromise"}}).c_str()),
            0)
      << LastError();
  for (eseal_time_policy policy : {ESEAL_TIME_POLICY_POE, ESEAL_TIME_POLICY_CLAIMED}) {
    ReportPtr r;
    VerifyAt(r, ctx.get(), sig.p, policy);
    ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "signer.revocation");
  }
  // A proof of existence before the revocation saves it.
  ReportPtr saved;
  VerifyAt(saved, ctx.get(), sig.p, ESEAL_TIME_POLICY_POE, now_ + 300);
  EXPECT_EQ(Status(saved.p, "signer.revocation"), "OK") << Text(saved.p);
  EXPECT_EQ(eseal_report_indication(saved.p), ESEAL_TOTAL_PASSED) << Text(saved.p);
  // One after it does not.
  ReportPtr late;
  VerifyAt(late, ctx.get(), sig.p, ESEAL_TIME_POLICY_POE, now_ + 900);
  ExpectVerdict(late.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "signer.revocation");
}

TEST_F(RevocationVerify, AnEarlierInvalidityDateIsWhenTheKeyWentBad) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  // Revoked after the POE, but the key is known to have been compromised before the claim.
  ASSERT_EQ(eseal_ctx_add_crl_file(
                ctx.get(), MakeCrl({{&signer_, now_ + 600, "keyCompromise", now_ - 30}}).c_str()),
            0)
      << LastError();
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p, ESEAL_TIME_POLICY_POE, now_ + 300);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "signer.revocation");
}

TEST_F(RevocationVerify, AStaleCachedAnswerDoesNotCount) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_add_crl_file(ctx.get(), MakeCrl({}).c_str()), 0) << LastError();
  ReportPtr fresh;
  VerifyAt(fresh, ctx.get(), sig.p);
  ASSERT_EQ(Status(fresh.p, "signer.revocation"), "OK") << Text(fresh.p);
  // Forty days on, the CRL (30 days) and the good answer cached from it are both stale.
  eseal_verify_options o = ESEAL_VERIFY_OPTIONS_INIT;
  o.validation_time = now_ + 40 * pki::kDay;
  ReportPtr later;
  Verify(later, ctx.get(), sig.p, &kDocument, &o);
  EXPECT_EQ(Status(later.p, "signer.revocation"), "NOT_OK") << Text(later.p);
  EXPECT_NE(eseal_report_indication(later.p), ESEAL_TOTAL_PASSED);
}

TEST_F(RevocationVerify, OtherReasonsAfterTheClaimNeedAPoe) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_add_crl_file(
                ctx.get(), MakeCrl({{&signer_, now_ + 600, "cessationOfOperation"}}).c_str()),
            0)
      << LastError();
  ReportPtr poe;
  VerifyAt(poe, ctx.get(), sig.p, ESEAL_TIME_POLICY_POE);
  ExpectVerdict(poe.p, ESEAL_INDETERMINATE, ESEAL_SUB_REVOKED_NO_POE, "signer.revocation");
  ReportPtr claimed;
  VerifyAt(claimed, ctx.get(), sig.p, ESEAL_TIME_POLICY_CLAIMED);
  EXPECT_EQ(Status(claimed.p, "signer.revocation"), "WARNING") << Text(claimed.p);
  EXPECT_EQ(eseal_report_indication(claimed.p), ESEAL_TOTAL_PASSED) << Text(claimed.p);
}

TEST_F(RevocationVerify, RevokedMakerFailsTheSeal) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_add_crl_file(ctx.get(),
                                   MakeCrl({{&maker_, now_ + 600, "keyCompromise"}}).c_str()),
            0)
      << LastError();
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "seal.maker_revocation");
  EXPECT_EQ(Status(r.p, "signer.revocation"), "OK") << Text(r.p);
}

TEST_F(RevocationVerify, OcspResponsesCountToo) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  MakeCrl({{&signer_, now_ - 30, "keyCompromise"}});
  auto ctx = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_add_ocsp_response_file(ctx.get(), MakeOcsp(signer_).c_str()), 0)
      << LastError();
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "signer.revocation");
  bool ocsp = false;
  for (size_t i = 0; i < eseal_report_validation_count(r.p); i++)
    ocsp |= std::string(eseal_report_validation_kind(r.p, i)) == "ocsp";
  EXPECT_TRUE(ocsp) << Text(r.p);
}

TEST_F(RevocationVerify, TheCacheAnswersTheSecondTime) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_add_crl_file(ctx.get(), MakeCrl({}).c_str()), 0) << LastError();
  ReportPtr first, second;
  VerifyAt(first, ctx.get(), sig.p);
  eseal_revocation_stats s1, s2;
  ASSERT_EQ(eseal_ctx_revocation_stats(ctx.get(), &s1), 0);
  VerifyAt(second, ctx.get(), sig.p);
  ASSERT_EQ(eseal_ctx_revocation_stats(ctx.get(), &s2), 0);
  // Two certificates (maker, signer) per verification: missed once, then hit.
  EXPECT_EQ(s1.cache_misses, 2u);
  EXPECT_EQ(s1.cache_hits, 0u);
  EXPECT_EQ(s2.cache_hits, 2u);
  EXPECT_EQ(s2.cache_misses, 2u);
  EXPECT_EQ(Status(second.p, "signer.revocation"), "OK") << Text(second.p);
  EXPECT_NE(Message(second.p, "signer.revocation").find("cached"), std::string::npos);
}

TEST_F(RevocationVerify, ValidationDataReRunsOffline) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto ctx = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_add_crl_file(
                ctx.get(), MakeCrl({{&signer_, now_ + 600, "superseded"}}).c_str()),
            0)
      << LastError();
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p, ESEAL_TIME_POLICY_CLAIMED);
  ASSERT_EQ(Status(r.p, "signer.revocation"), "WARNING") << Text(r.p);
  eseal_buf json = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal_report_to_json(r.p, &json), 0);

  // A context that knows nothing but the anchor, a year later.
  auto later = Context(now_ + 365 * pki::kDay);
  int64_t at = 0;
  ASSERT_EQ(eseal_ctx_load_validation_data(later.get(), json.ptr, json.size, &at), 0)
      << LastError();
  eseal_buf_dispose(&json);
  EXPECT_EQ(at, now_ + 1200);
  eseal_verify_options o = ESEAL_VERIFY_OPTIONS_INIT;
  o.validation_time = at;
  o.time_policy = ESEAL_TIME_POLICY_CLAIMED;
  ReportPtr again;
  Verify(again, later.get(), sig.p, &kDocument, &o);
  EXPECT_EQ(Status(again.p, "signer.revocation"), "WARNING") << Text(again.p);
  EXPECT_NE(Message(again.p, "signer.revocation").find("superseded"), std::string::npos);

  // Not a report: refused, nothing added.
  const char junk[] = "{\"times\": 1}";
  EXPECT_EQ(eseal_ctx_load_validation_data(later.get(), reinterpret_cast<const uint8_t *>(junk),
                                           sizeof junk - 1, nullptr),
            ESEAL_EFORMAT);
}

TEST_F(RevocationVerify, StampingIsFailClosed) {
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));
  auto signer_cert = LoadCert(signer_.cert_file);
  auto signer_key = LoadKey(signer_.key_file);
  DataPtr data;
  ASSERT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);

  // Revoked: ESEAL_EREVOKED, nothing produced.
  auto revoked = Context(now_ + 120);
  ASSERT_EQ(eseal_ctx_add_crl_file(revoked.get(),
                                   MakeCrl({{&signer_, now_ + 60, "keyCompromise"}}).c_str()),
            0);
  eseal_signature *out = reinterpret_cast<eseal_signature *>(1);
  EXPECT_EQ(eseal_stamp(&out, revoked.get(), seal_.p, signer_key.get(), signer_cert.get(),
                        data.p, nullptr),
            ESEAL_EREVOKED);
  EXPECT_EQ(out, nullptr);
  EXPECT_NE(LastError().find("keyCompromise"), std::string::npos) << LastError();

  // Configured but no status (soft-fail for verification notwithstanding): ESEAL_ESTATUS.
  auto unknown = Context(now_ + 120);
  eseal_revocation_config cfg;
  ASSERT_EQ(eseal_revocation_config_init(&cfg, ESEAL_REVOCATION_CONFIG_VERSION), 0);
  for (auto &f : cfg.failure) f = ESEAL_REVOCATION_SOFT_FAIL;
  ASSERT_EQ(eseal_ctx_set_revocation(unknown.get(), &cfg), 0);
  out = reinterpret_cast<eseal_signature *>(1);
  EXPECT_EQ(eseal_stamp(&out, unknown.get(), seal_.p, signer_key.get(), signer_cert.get(), data.p,
                        nullptr),
            ESEAL_ESTATUS);
  EXPECT_EQ(out, nullptr);

  // Good: stamped.
  auto good = Context(now_ + 120);
  ASSERT_EQ(eseal_ctx_add_crl_file(good.get(), MakeCrl({}).c_str()), 0);
  SignaturePtr fine;
  EXPECT_EQ(eseal_stamp(&fine.p, good.get(), seal_.p, signer_key.get(), signer_cert.get(), data.p,
                        nullptr),
            0)
      << LastError();
}

// A signer certificate issued by an intermediate the context does not have,
// naming it in AIA caIssuers on a local server: online, the chain is completed.
TEST_F(RevocationVerify, OnlineAiaCaIssuersCompletesTheChain) {
  const std::string &d = dir_.path();
  Party intermediate =
      openssl_pki::Issue(d, "intermediate", "Revocation Intermediate", "EC", Role::kCa, &root_);
  Openssl(d, "x509 -in " + Quote(intermediate.cert_file) + " -outform DER -out " +
                 Quote(d + "/int.der"));
  test_server::Server server;
  std::string error;
  ASSERT_TRUE(server.Start(test_server::Script("http_server.py"),
                           {"--route", "{\"path\": \"/int.der\", \"file\": \"" + d +
                                           "/int.der\", \"content_type\": "
                                           "\"application/pkix-cert\"}"},
                           &error))
      << error;
  std::ofstream(d + "/aia.cnf")
      << "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n[leaf]\n"
         "basicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature,nonRepudiation\n"
         "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n"
         "authorityInfoAccess = caIssuers;URI:http://127.0.0.1:"
      << server.port() << "/int.der\n";
  Party aia_signer{d + "/aia_signer.key", d + "/aia_signer.pem", "EC"};
  Openssl(d, "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " +
                 Quote(aia_signer.key_file));
  Openssl(d, "req -x509 -new -config " + Quote(d + "/aia.cnf") + " -extensions leaf -key " +
                 Quote(aia_signer.key_file) + " -subj " + Quote("/CN=AIA Signer") +
                 " -days 30 -out " + Quote(aia_signer.cert_file) + " -CA " +
                 Quote(intermediate.cert_file) + " -CAkey " + Quote(intermediate.key_file));
  signer_ = aia_signer;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig));

  // Offline: the intermediate is missing.
  auto offline = Context(now_ + 1200);
  ReportPtr r;
  VerifyAt(r, offline.get(), sig.p);
  EXPECT_EQ(Status(r.p, "signer.chain"), "NOT_OK") << Text(r.p);

  // Online, but loopback not allowed: refused by the egress rules, still missing.
  eseal_revocation_config cfg;
  ASSERT_EQ(eseal_revocation_config_init(&cfg, ESEAL_REVOCATION_CONFIG_VERSION), 0);
  cfg.mode = ESEAL_REVOCATION_ONLINE;
  for (auto &f : cfg.failure) f = ESEAL_REVOCATION_SOFT_FAIL;
  auto refused = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_set_revocation(refused.get(), &cfg), 0) << LastError();
  ReportPtr no;
  VerifyAt(no, refused.get(), sig.p);
  EXPECT_EQ(Status(no.p, "signer.chain"), "NOT_OK") << Text(no.p);

  // Online with loopback allowed (a test): fetched, and the chain holds.
  cfg.allow_private_targets = 1;
  auto online = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_set_revocation(online.get(), &cfg), 0) << LastError();
  ReportPtr yes;
  VerifyAt(yes, online.get(), sig.p);
  EXPECT_EQ(Status(yes.p, "signer.chain"), "OK") << Text(yes.p);
  EXPECT_EQ(eseal_report_indication(yes.p), ESEAL_TOTAL_PASSED) << Text(yes.p);
  eseal_revocation_stats stats;
  ASSERT_EQ(eseal_ctx_revocation_stats(online.get(), &stats), 0);
  EXPECT_GE(stats.fetches, 1u);
}

TEST_F(RevocationVerify, CertStatusLookup) {
  auto ctx = Context(now_ + 1200);
  ASSERT_EQ(eseal_ctx_add_crl_file(ctx.get(),
                                   MakeCrl({{&signer_, now_ + 600, "keyCompromise"}}).c_str()),
            0);
  auto signer = LoadCert(signer_.cert_file);
  auto maker = LoadCert(maker_.cert_file);
  eseal_cert_status st;
  ASSERT_EQ(eseal_cert_status_lookup(ctx.get(), signer.get(), nullptr, 0, &st), 0);
  EXPECT_EQ(st.status, ESEAL_CERT_STATUS_REVOKED) << st.message;
  EXPECT_EQ(st.reason, 1);
  EXPECT_EQ(st.revocation_time, now_ + 600);
  ASSERT_EQ(eseal_cert_status_lookup(ctx.get(), maker.get(), nullptr, 0, &st), 0);
  EXPECT_EQ(st.status, ESEAL_CERT_STATUS_GOOD) << st.message;
  // A certificate the context cannot chain is never looked up.
  eseal_ctx *bare = nullptr;
  ASSERT_EQ(eseal_ctx_new(&bare), 0);
  pki::CtxPtr bare_ptr(bare);
  ASSERT_EQ(eseal_cert_status_lookup(bare, signer.get(), nullptr, 0, &st), 0);
  EXPECT_EQ(st.status, ESEAL_CERT_STATUS_UNKNOWN);
  EXPECT_NE(std::string(st.message).find("does not chain"), std::string::npos) << st.message;
}

// The cache's rule, on entries made directly: a revocation is never replaced by a good
// status, whatever their times; otherwise the newer thisUpdate wins.
TEST(RevocationCache, RevokedIsNeverReplacedByGood) {
  auto entry = [](eseal__rev_status status, int64_t this_update) {
    eseal__rev_answer a{};
    a.status = status;
    a.this_update = this_update;
    a.reason = -1;
    eseal_buf b = ESEAL_BUF_INIT;
    EXPECT_EQ(eseal__rev_entry_encode(&a, "crl", nullptr, 0, &b), 0);
    Bytes out(b.ptr, b.ptr + b.size);
    eseal_buf_dispose(&b);
    return out;
  };
  Bytes revoked = entry(ESEAL__REV_REVOKED, 100), good_newer = entry(ESEAL__REV_GOOD, 200),
        good_older = entry(ESEAL__REV_GOOD, 50), revoked_newer = entry(ESEAL__REV_REVOKED, 300);
  EXPECT_EQ(eseal__rev_entry_replaces(revoked.data(), revoked.size(), good_newer.data(),
                                      good_newer.size()),
            0);
  EXPECT_EQ(eseal__rev_entry_replaces(good_newer.data(), good_newer.size(), good_older.data(),
                                      good_older.size()),
            0);
  EXPECT_EQ(eseal__rev_entry_replaces(good_older.data(), good_older.size(), good_newer.data(),
                                      good_newer.size()),
            1);
  EXPECT_EQ(eseal__rev_entry_replaces(good_newer.data(), good_newer.size(),
                                      revoked_newer.data(), revoked_newer.size()),
            1);
  EXPECT_EQ(eseal__rev_entry_replaces(nullptr, 0, good_older.data(), good_older.size()), 1);
}

}  // namespace
