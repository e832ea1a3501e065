// Revocation and timestamps online, end to end: the libcurl fetcher against
// real local servers on 127.0.0.1 (tests/support/http_server.py as an OCSP
// responder, a CRL distribution point and an RFC 3161 TSA, each answer made by
// the `openssl` command per request; ldap_server.py as an LDAP CRL
// distribution point). doc/revocation.md, doc/timestamps.md, doc/fetcher.md.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <eseal.h>

#include "../support/openssl_pki.h"
#include "../support/test_server.h"
#include "../support/workflow.h"

using namespace workflow;
using openssl_pki::Party;
using openssl_pki::Quote;
using openssl_pki::Role;

namespace {

using openssl_pki::Capture;
using openssl_pki::IndexTime;
using openssl_pki::Serial;

constexpr int64_t kDay = 86400;

struct Revocation {
  const Party *who;
  int64_t when;
  std::string reason;
};

std::string Message(const eseal_report *r, const std::string &id) {
  long i = eseal_report_find_check(r, id.c_str());
  return i < 0 ? "absent" : eseal_report_check_message(r, static_cast<size_t>(i));
}

class RevocationOnline : public ::testing::Test {
 protected:
  void SetUp() override {
    d_ = dir_.path();
    root_ = openssl_pki::Issue(d_, "root", "Online Root", "EC", Role::kCa, nullptr);
    // The TSA's PKI (made by OnlineTsa) and the forger (made by the tests
    // that use it) live at these paths; the server's routes name them.
    tsa_root_ = {d_ + "/tsa-root.key", d_ + "/tsa-root.pem", "EC"};
    tsa_ = {d_ + "/tsa.key", d_ + "/tsa.pem", "EC"};
    forger_ = {d_ + "/forger.key", d_ + "/forger.pem", "EC"};
    std::ofstream(d_ + "/ca.cnf") << "[ca]\ndefault_ca = dflt\n[dflt]\ndatabase = " << d_
                                  << "/index.txt\ncrlnumber = " << d_
                                  << "/crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n"
                                     "crl_extensions = crl_ext\n[crl_ext]\n"
                                     "authorityKeyIdentifier = keyid:always\n";
    std::ofstream(d_ + "/crlnumber") << "01\n";
    std::ofstream(d_ + "/index.txt");
    std::ofstream(d_ + "/tsa.cnf") << "[tsa]\ndefault_tsa = t\n[t]\nserial = " << d_
                                   << "/tsa-serial\ncrypto_device = builtin\nsigner_cert = "
                                   << tsa_.cert_file << "\nsigner_key = " << tsa_.key_file
                                   << "\ncerts = " << tsa_root_.cert_file
                                   << "\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\n"
                                      "digests = sha256, sm3\naccuracy = secs:1\n"
                                      "ess_cert_id_alg = sha256\n";
  }

  // A P-256 leaf (digitalSignature, nonRepudiation) issued by root_, with a
  // crlDistributionPoints URI when `crldp` is not empty, and serial number
  // `serial` (hex) when not empty.
  Party Leaf(const std::string &stem, const std::string &crldp, int days = 3650,
             const std::string &serial = "") {
    Party p{d_ + "/" + stem + ".key", d_ + "/" + stem + ".pem", "EC"};
    std::string ext = d_ + "/" + stem + ".cnf";
    std::ofstream(ext) << "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = unused\n"
                       << "[leaf]\nbasicConstraints = CA:FALSE\n"
                       << "keyUsage = critical,digitalSignature,nonRepudiation\n"
                       << "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n"
                       << (crldp.empty() ? "" : "crlDistributionPoints = URI:" + crldp + "\n");
    openssl_pki::Openssl(d_, "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " +
                                 Quote(p.key_file));
    openssl_pki::Openssl(d_, "req -x509 -new -config " + Quote(ext) + " -extensions leaf -key " +
                                 Quote(p.key_file) + " -subj /CN=" + stem + " -days " +
                                 std::to_string(days) +
                                 (serial.empty() ? "" : " -set_serial 0x" + serial) +
                                 " -sha256 -CA " +
                                 Quote(root_.cert_file) + " -CAkey " + Quote(root_.key_file) +
                                 " -out " + Quote(p.cert_file));
    return p;
  }

  // The CA database: `valid` as good, `revoked` as revoked (for both CRLs and OCSP).
  // Each entry gets a subject of its own (openssl refuses duplicate subjects).
  void WriteIndex(const std::vector<const Party *> &valid, const std::vector<Revocation> &revoked) {
    std::ofstream index(d_ + "/index.txt");
    std::string expiry = IndexTime(static_cast<int64_t>(std::time(nullptr)) + 3650 * kDay);
    for (const Party *p : valid)
      index << "V\t" << expiry << "\t\t" << Serial(*p) << "\tunknown\t/CN=" << Serial(*p) << "\n";
    for (const Revocation &r : revoked)
      index << "R\t" << expiry << "\t" << IndexTime(r.when)
            << (r.reason.empty() ? "" : "," + r.reason) << "\t" << Serial(*r.who)
            << "\tunknown\t/CN=" << Serial(*r.who) << "\n";
  }

  // A DER CRL of root_ from the current database, written to `path`.
  void MakeCrl(const std::string &path) {
    std::string pem = d_ + "/crl.pem";
    openssl_pki::Openssl(d_, "ca -batch -gencrl -config " + Quote(d_ + "/ca.cnf") + " -keyfile " +
                                 Quote(root_.key_file) + " -cert " + Quote(root_.cert_file) +
                                 " -out " + Quote(pem));
    openssl_pki::Openssl(d_, "crl -in " + Quote(pem) + " -outform DER -out " + Quote(path));
  }

  // http_server.py with an OCSP responder at /ocsp, a TSA at /tsa, a CRL at
  // /crl.der (d_/crl.der, read per request), a route that sleeps at /slow,
  // and canned answers: /canned serves d_/canned.der to any request,
  // /forged-ocsp is a responder signing with forger_'s key, /big 100000 'x'.
  void StartHttp() {
    std::string ocsp = "{\"path\": \"/ocsp\", \"content_type\": \"application/ocsp-response\", "
                       "\"command\": [\"openssl\", \"ocsp\", \"-index\", \"" + d_ +
                       "/index.txt\", \"-CA\", \"" + root_.cert_file + "\", \"-rsigner\", \"" +
                       root_.cert_file + "\", \"-rkey\", \"" + root_.key_file +
                       "\", \"-reqin\", \"/dev/stdin\", \"-respout\", \"/dev/stdout\", "
                       "\"-ndays\", \"1\"]}";
    std::string tsa = "{\"path\": \"/tsa\", \"content_type\": \"application/timestamp-reply\", "
                      "\"command\": [\"openssl\", \"ts\", \"-reply\", \"-queryfile\", "
                      "\"/dev/stdin\", \"-config\", \"" + d_ + "/tsa.cnf\", \"-out\", "
                      "\"/dev/stdout\"]}";
    std::string crl = "{\"path\": \"/crl.der\", \"file\": \"" + d_ +
                      "/crl.der\", \"content_type\": \"application/pkix-crl\"}";
    std::string slow = "{\"path\": \"/slow\", \"sleep\": 5}";
    std::string canned = "{\"path\": \"/canned\", \"file\": \"" + d_ + "/canned.der\"}";
    std::string big = "{\"path\": \"/big\", \"size\": 100000}";
    std::string forged = "{\"path\": \"/forged-ocsp\", \"command\": [\"openssl\", \"ocsp\", "
                         "\"-index\", \"" + d_ + "/index.txt\", \"-CA\", \"" +
                         root_.cert_file + "\", \"-rsigner\", \"" + forger_.cert_file +
                         "\", \"-rkey\", \"" + forger_.key_file +
                         "\", \"-reqin\", \"/dev/stdin\", \"-respout\", \"/dev/stdout\", "
                         "\"-ndays\", \"1\"]}";
    std::string error;
    ASSERT_TRUE(http_.Start(test_server::Script("http_server.py"),
                            {"--route", ocsp, "--route", tsa, "--route", crl, "--route", slow,
                             "--route", canned, "--route", forged, "--route", big},
                            &error))
        << error;
  }
  std::string Url(const std::string &path) {
    return "http://127.0.0.1:" + std::to_string(http_.port()) + path;
  }
  long Requests(const std::string &path) {
    return std::stol("0" + Capture("curl -s " + Quote(Url("/_count?path=" + path))));
  }

  pki::CtxPtr Context(int64_t clock) {
    eseal_ctx *raw = nullptr;
    EXPECT_EQ(eseal_ctx_new(&raw), 0);
    pki::CtxPtr ctx(raw);
    EXPECT_EQ(eseal_ctx_set_fixed_time(raw, clock), 0);
    EXPECT_EQ(eseal_ctx_add_trust_path(raw, root_.cert_file.c_str()), 0) << LastError();
    return ctx;
  }

  // Online revocation: every fetch may go to loopback when `allow_private`.
  void Online(eseal_ctx *ctx, const char *ocsp_url, int allow_private, long timeout_ms = 0) {
    eseal_revocation_config cfg;
    ASSERT_EQ(eseal_revocation_config_init(&cfg, ESEAL_REVOCATION_CONFIG_VERSION), 0);
    cfg.mode = ESEAL_REVOCATION_ONLINE;
    cfg.ocsp_url = ocsp_url;
    cfg.allow_private_targets = allow_private;
    cfg.timeout_ms = timeout_ms;
    ASSERT_EQ(eseal_ctx_set_revocation(ctx, &cfg), 0) << LastError();
  }

  // A seal by maker for signer, made `made` seconds before `at`, and kDocument
  // stamped with it at `at` (no revocation configured); timestamped at
  // `tsa_url` when not empty.
  void MakeStamped(SignaturePtr &sig, const Party &maker, const Party &signer, int64_t at,
                   const std::string &tsa_url = "", int64_t made = 30) {
    auto ctx = Context(at);
    eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
    o.tsa_url = tsa_url.empty() ? nullptr : tsa_url.c_str();
    o.tsa_allow_private_targets = 1;
    MakeSealAndStamp(ctx.get(), {maker.cert_file, maker.key_file},
                     {signer.cert_file, signer.key_file}, at, seal_, sig, &o, made);
  }

  void VerifyAt(ReportPtr &r, eseal_ctx *ctx, const eseal_signature *sig, int64_t at) {
    eseal_verify_options o = ESEAL_VERIFY_OPTIONS_INIT;
    o.validation_time = at;
    Verify(r, ctx, sig, &kDocument, &o);
  }

  openssl_pki::TempDir dir_;
  std::string d_;
  Party root_, tsa_root_, tsa_;
  // A self-signed CA with the root's name and another key: it forges answers.
  Party forger_;
  void MakeForger() {
    forger_ = openssl_pki::Issue(d_, "forger", "Online Root", "EC", Role::kCa, nullptr);
  }
  SealPtr seal_;
  test_server::Server http_;
};

// --- OCSP at a responder named in the configuration ------------------------

class OnlineOcsp : public RevocationOnline {
 protected:
  void SetUp() override {
    RevocationOnline::SetUp();
    maker_ = Leaf("maker", "");
    signer_ = Leaf("signer", "");
    now_ = static_cast<int64_t>(std::time(nullptr)) + 60;
    ASSERT_NO_FATAL_FAILURE(StartHttp());
    ASSERT_NO_FATAL_FAILURE(MakeStamped(sig_, maker_, signer_, now_));
  }
  Party maker_, signer_;
  int64_t now_ = 0;
  SignaturePtr sig_;
};

TEST_F(OnlineOcsp, GoodIsOk) {
  WriteIndex({&maker_, &signer_}, {});
  auto ctx = Context(now_ + 1200);
  Online(ctx.get(), Url("/ocsp").c_str(), 1);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig_.p, now_ + 1200);
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
  EXPECT_EQ(Status(r.p, "signer.revocation"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "seal.maker_revocation"), "OK") << Text(r.p);
  EXPECT_GE(Requests("/ocsp"), 2);
}

TEST_F(OnlineOcsp, RevokedFails) {
  WriteIndex({&maker_}, {{&signer_, now_ - 30, "keyCompromise"}});
  auto ctx = Context(now_ + 1200);
  Online(ctx.get(), Url("/ocsp").c_str(), 1);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig_.p, now_ + 1200);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "signer.revocation");
}

// The same revoked certificate, but the egress rules refuse the loopback
// responder: no answer, and hard-fail makes that TRY_LATER (never OK).
TEST_F(OnlineOcsp, LoopbackRefusedByTheEgressRules) {
  WriteIndex({&maker_}, {{&signer_, now_ - 30, "keyCompromise"}});
  auto ctx = Context(now_ + 1200);
  Online(ctx.get(), Url("/ocsp").c_str(), 0);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig_.p, now_ + 1200);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_INDETERMINATE) << Text(r.p);
  EXPECT_EQ(eseal_report_sub_indication(r.p), ESEAL_SUB_TRY_LATER) << Text(r.p);
  EXPECT_EQ(Status(r.p, "signer.revocation"), "NOT_OK") << Text(r.p);
  EXPECT_NE(Message(r.p, "signer.revocation").find("loopback"), std::string::npos)
      << Message(r.p, "signer.revocation");
  EXPECT_EQ(Requests("/ocsp"), 0);
}

TEST_F(OnlineOcsp, ResponderDownIsTryLater) {
  WriteIndex({&maker_, &signer_}, {});
  // Port 1: nothing listens there.
  auto ctx = Context(now_ + 1200);
  Online(ctx.get(), "http://127.0.0.1:1/ocsp", 1);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig_.p, now_ + 1200);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_INDETERMINATE) << Text(r.p);
  EXPECT_EQ(eseal_report_sub_indication(r.p), ESEAL_SUB_TRY_LATER) << Text(r.p);
  EXPECT_EQ(Status(r.p, "signer.revocation"), "NOT_OK") << Text(r.p);
  eseal_revocation_stats s;
  ASSERT_EQ(eseal_ctx_revocation_stats(ctx.get(), &s), 0);
  EXPECT_GE(s.fetch_failures, 1u);
}

TEST_F(OnlineOcsp, SlowResponderTimesOutAsTryLater) {
  WriteIndex({&maker_, &signer_}, {});
  auto ctx = Context(now_ + 1200);
  Online(ctx.get(), Url("/slow").c_str(), 1, 300);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig_.p, now_ + 1200);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_INDETERMINATE) << Text(r.p);
  EXPECT_EQ(eseal_report_sub_indication(r.p), ESEAL_SUB_TRY_LATER) << Text(r.p);
  EXPECT_EQ(Status(r.p, "signer.revocation"), "NOT_OK") << Text(r.p);
}

// Answers that are not OCSP responses, or too large, give no status.
TEST_F(OnlineOcsp, GarbageOrOversizedAnswersAreTryLater) {
  WriteIndex({&maker_, &signer_}, {});
  for (long limit : {0L, 1000L}) {
    auto ctx = Context(now_ + 1200);
    eseal_revocation_config cfg;
    ASSERT_EQ(eseal_revocation_config_init(&cfg, ESEAL_REVOCATION_CONFIG_VERSION), 0);
    cfg.mode = ESEAL_REVOCATION_ONLINE;
    std::string url = Url("/big");
    cfg.ocsp_url = url.c_str();
    cfg.allow_private_targets = 1;
    cfg.max_response_bytes = static_cast<size_t>(limit);
    ASSERT_EQ(eseal_ctx_set_revocation(ctx.get(), &cfg), 0) << LastError();
    ReportPtr r;
    VerifyAt(r, ctx.get(), sig_.p, now_ + 1200);
    ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, "signer.revocation");
    EXPECT_EQ(Status(r.p, "signer.revocation"), "NOT_OK") << Text(r.p);
    if (limit) {
      EXPECT_NE(Message(r.p, "signer.revocation").find("1000"), std::string::npos)
          << Message(r.p, "signer.revocation");
    }
  }
}

TEST_F(OnlineOcsp, TheSecondVerificationComesFromTheCache) {
  WriteIndex({&maker_, &signer_}, {});
  auto ctx = Context(now_ + 1200);
  Online(ctx.get(), Url("/ocsp").c_str(), 1);
  ReportPtr first, second;
  VerifyAt(first, ctx.get(), sig_.p, now_ + 1200);
  ASSERT_EQ(Status(first.p, "signer.revocation"), "OK") << Text(first.p);
  long asked = Requests("/ocsp");
  eseal_revocation_stats s1, s2;
  ASSERT_EQ(eseal_ctx_revocation_stats(ctx.get(), &s1), 0);
  EXPECT_GE(s1.fetches, 2u);
  VerifyAt(second, ctx.get(), sig_.p, now_ + 1200);
  ASSERT_EQ(eseal_ctx_revocation_stats(ctx.get(), &s2), 0);
  EXPECT_EQ(Status(second.p, "signer.revocation"), "OK") << Text(second.p);
  EXPECT_EQ(Requests("/ocsp"), asked);
  EXPECT_EQ(s2.fetches, s1.fetches);
  EXPECT_GE(s2.cache_hits, s1.cache_hits + 2);
}

// Forgeries: each answer below would say "good"; none may make the check OK.

TEST_F(OnlineOcsp, AResponderWithAnotherKeyIsNotBelieved) {
  // The forger's responder has the root's name, not its key nor a delegation.
  MakeForger();
  WriteIndex({&maker_, &signer_}, {});
  auto ctx = Context(now_ + 1200);
  Online(ctx.get(), Url("/forged-ocsp").c_str(), 1);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig_.p, now_ + 1200);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, "signer.revocation");
  EXPECT_EQ(Status(r.p, "signer.revocation"), "NOT_OK") << Text(r.p);
  EXPECT_GE(Requests("/forged-ocsp"), 1);
  EXPECT_NE(Message(r.p, "signer.revocation").find("not authorised"), std::string::npos)
      << Message(r.p, "signer.revocation");
}

// Writes to d_/canned.der the root's OCSP response (from the current
// database) to a request about `who`, with a nonce when `nonce`.
void CannedOcsp(const std::string &d, const Party &root, const Party &who, bool nonce) {
  std::string req = d + "/canned.req";
  openssl_pki::Openssl(d, std::string("ocsp ") + (nonce ? "-nonce" : "-no_nonce") +
                              " -issuer " + Quote(root.cert_file) + " -cert " +
                              Quote(who.cert_file) + " -reqout " + Quote(req));
  openssl_pki::Openssl(d, "ocsp -index " + Quote(d + "/index.txt") + " -CA " +
                              Quote(root.cert_file) + " -rsigner " + Quote(root.cert_file) +
                              " -rkey " + Quote(root.key_file) + " -reqin " + Quote(req) +
                              " -respout " + Quote(d + "/canned.der") + " -ndays 1");
}

TEST_F(OnlineOcsp, AnAnswerAboutAnotherCertificateIsNotBelieved) {
  // A genuine, root-signed "good" about the maker, served for every request.
  WriteIndex({&maker_, &signer_}, {});
  CannedOcsp(d_, root_, maker_, false);
  auto ctx = Context(now_ + 1200);
  Online(ctx.get(), Url("/canned").c_str(), 1);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig_.p, now_ + 1200);
  EXPECT_EQ(Status(r.p, "seal.maker_revocation"), "OK") << Text(r.p);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, "signer.revocation");
}

TEST_F(OnlineOcsp, AReplayedNonceIsRefused) {
  // A genuine "good" about the signer to an earlier request with its own nonce.
  WriteIndex({&maker_, &signer_}, {});
  CannedOcsp(d_, root_, signer_, true);
  // Without a nonce of ours the replay is a valid answer: the nonce is what refuses it.
  auto plain = Context(now_ + 1200);
  Online(plain.get(), Url("/canned").c_str(), 1);
  ReportPtr accepted;
  VerifyAt(accepted, plain.get(), sig_.p, now_ + 1200);
  EXPECT_EQ(Status(accepted.p, "signer.revocation"), "OK") << Text(accepted.p);

  auto ctx = Context(now_ + 1200);
  eseal_revocation_config cfg;
  ASSERT_EQ(eseal_revocation_config_init(&cfg, ESEAL_REVOCATION_CONFIG_VERSION), 0);
  cfg.mode = ESEAL_REVOCATION_ONLINE;
  std::string url = Url("/canned");
  cfg.ocsp_url = url.c_str();
  cfg.allow_private_targets = 1;
  cfg.ocsp_nonce = 1;
  ASSERT_EQ(eseal_ctx_set_revocation(ctx.get(), &cfg), 0) << LastError();
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig_.p, now_ + 1200);
  EXPECT_EQ(Status(r.p, "signer.revocation"), "NOT_OK") << Text(r.p);
  EXPECT_NE(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
  EXPECT_NE(Message(r.p, "signer.revocation").find("nonce"), std::string::npos)
      << Message(r.p, "signer.revocation");
}

// Stamping online is fail-closed: a revoked signer or a responder that does
// not answer refuses before anything is signed.
TEST_F(OnlineOcsp, StampingRefusesRevokedOrUnknown) {
  auto signer_cert = LoadCert(signer_.cert_file);
  auto signer_key = LoadKey(signer_.key_file);
  DataPtr data;
  ASSERT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);

  WriteIndex({&maker_}, {{&signer_, now_ - 30, "keyCompromise"}});
  auto revoked = Context(now_ + 120);
  Online(revoked.get(), Url("/ocsp").c_str(), 1);
  eseal_signature *out = reinterpret_cast<eseal_signature *>(1);
  EXPECT_EQ(eseal_stamp(&out, revoked.get(), seal_.p, signer_key.get(), signer_cert.get(), data.p,
                        nullptr),
            ESEAL_EREVOKED)
      << LastError();
  EXPECT_EQ(out, nullptr);

  auto down = Context(now_ + 120);
  Online(down.get(), "http://127.0.0.1:1/ocsp", 1);
  out = reinterpret_cast<eseal_signature *>(1);
  EXPECT_EQ(eseal_stamp(&out, down.get(), seal_.p, signer_key.get(), signer_cert.get(), data.p,
                        nullptr),
            ESEAL_ESTATUS)
      << LastError();
  EXPECT_EQ(out, nullptr);

  // The same context with the responder up and the signer good: stamped.
  WriteIndex({&maker_, &signer_}, {});
  auto good = Context(now_ + 120);
  Online(good.get(), Url("/ocsp").c_str(), 1);
  SignaturePtr fine;
  EXPECT_EQ(eseal_stamp(&fine.p, good.get(), seal_.p, signer_key.get(), signer_cert.get(), data.p,
                        nullptr),
            0)
      << LastError();
}

// --- CRLs from the certificates' distribution points -----------------------

class OnlineCrl : public RevocationOnline {};

TEST_F(OnlineCrl, HttpDistributionPoint) {
  ASSERT_NO_FATAL_FAILURE(StartHttp());
  Party maker = Leaf("maker", Url("/crl.der"));
  Party signer = Leaf("signer", Url("/crl.der"));
  int64_t now = static_cast<int64_t>(std::time(nullptr)) + 60;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig, maker, signer, now));

  WriteIndex({}, {});
  MakeCrl(d_ + "/crl.der");
  auto good = Context(now + 1200);
  Online(good.get(), nullptr, 1);
  ReportPtr r;
  VerifyAt(r, good.get(), sig.p, now + 1200);
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
  EXPECT_EQ(Status(r.p, "signer.revocation"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "seal.maker_revocation"), "OK") << Text(r.p);
  EXPECT_GE(Requests("/crl.der"), 1);

  WriteIndex({}, {{&signer, now - 30, "keyCompromise"}});
  MakeCrl(d_ + "/crl.der");
  auto revoked = Context(now + 1200);
  Online(revoked.get(), nullptr, 1);
  ReportPtr bad;
  VerifyAt(bad, revoked.get(), sig.p, now + 1200);
  ExpectVerdict(bad.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "signer.revocation");
  EXPECT_EQ(Status(bad.p, "seal.maker_revocation"), "OK") << Text(bad.p);

  // Offline, the distribution point is never asked: no status.
  long asked = Requests("/crl.der");
  auto offline = Context(now + 1200);
  eseal_revocation_config cfg;
  ASSERT_EQ(eseal_revocation_config_init(&cfg, ESEAL_REVOCATION_CONFIG_VERSION), 0);
  ASSERT_EQ(eseal_ctx_set_revocation(offline.get(), &cfg), 0);
  ReportPtr none;
  VerifyAt(none, offline.get(), sig.p, now + 1200);
  ExpectVerdict(none.p, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, "signer.revocation");
  EXPECT_EQ(Requests("/crl.der"), asked);
}

TEST_F(OnlineCrl, AForgedCrlAtTheDistributionPointIsNotBelieved) {
  ASSERT_NO_FATAL_FAILURE(StartHttp());
  Party maker = Leaf("maker", Url("/crl.der"));
  Party signer = Leaf("signer", Url("/crl.der"));
  int64_t now = static_cast<int64_t>(std::time(nullptr)) + 60;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig, maker, signer, now));
  // The real CA would revoke the signer; the CRL served names the root as
  // issuer, revokes nothing, is signed by the forger's key, and carries no
  // authorityKeyIdentifier that would give it away before the signature.
  MakeForger();
  WriteIndex({}, {});
  std::ofstream(d_ + "/forger.cnf") << "[ca]\ndefault_ca = dflt\n[dflt]\ndatabase = " << d_
                                    << "/index.txt\ncrlnumber = " << d_
                                    << "/crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n";
  std::string pem = d_ + "/forged.pem";
  openssl_pki::Openssl(d_, "ca -batch -gencrl -config " + Quote(d_ + "/forger.cnf") + " -keyfile " +
                               Quote(forger_.key_file) + " -cert " + Quote(forger_.cert_file) +
                               " -out " + Quote(pem));
  openssl_pki::Openssl(d_, "crl -in " + Quote(pem) + " -outform DER -out " +
                               Quote(d_ + "/crl.der"));
  auto ctx = Context(now + 1200);
  Online(ctx.get(), nullptr, 1);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p, now + 1200);
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, "signer.revocation");
  EXPECT_EQ(Status(r.p, "signer.revocation"), "NOT_OK") << Text(r.p);
  EXPECT_GE(Requests("/crl.der"), 1);
  EXPECT_NE(Message(r.p, "signer.revocation").find("signature does not verify"), std::string::npos)
      << Message(r.p, "signer.revocation");
}

TEST_F(OnlineCrl, LdapDistributionPoint) {
  // A CRL of an empty database: nothing revoked. ldap_server.py reads it at start.
  WriteIndex({}, {});
  MakeCrl(d_ + "/crl.der");
  test_server::Server ldap;
  std::string error;
  ASSERT_TRUE(ldap.Start(test_server::Script("ldap_server.py"),
                         {"--attr", "certificateRevocationList;binary", "--value-file",
                          d_ + "/crl.der"},
                         &error))
      << error;
  std::string url = "ldap://127.0.0.1:" + std::to_string(ldap.port()) +
                    "/cn=Online%20Root?certificateRevocationList;binary";
  Party maker = Leaf("maker", url);
  Party signer = Leaf("signer", url);
  int64_t now = static_cast<int64_t>(std::time(nullptr)) + 60;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig, maker, signer, now));
  auto ctx = Context(now + 1200);
  Online(ctx.get(), nullptr, 1);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p, now + 1200);
  ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "signature.value");
  EXPECT_EQ(Status(r.p, "signer.revocation"), "OK") << Text(r.p);
  EXPECT_EQ(Status(r.p, "seal.maker_revocation"), "OK") << Text(r.p);

  // The same LDAP URL refused by the egress rules: no status, whatever the CRL says.
  auto refused = Context(now + 1200);
  Online(refused.get(), nullptr, 0);
  ReportPtr no;
  VerifyAt(no, refused.get(), sig.p, now + 1200);
  ExpectVerdict(no.p, ESEAL_INDETERMINATE, ESEAL_SUB_TRY_LATER, "signer.revocation");
}

TEST_F(OnlineCrl, LdapDistributionPointRevoked) {
  // The signer's serial number is chosen before it exists, so that the CRL
  // revoking it can be served from the start.
  int64_t now = static_cast<int64_t>(std::time(nullptr)) + 60;
  std::ofstream(d_ + "/index.txt")
      << "R\t" << IndexTime(now + 3650 * kDay) << "\t" << IndexTime(now - 30)
      << ",keyCompromise\t5EA15EA1\tunknown\t/CN=5EA15EA1\n";
  MakeCrl(d_ + "/crl.der");
  test_server::Server ldap;
  std::string error;
  ASSERT_TRUE(ldap.Start(test_server::Script("ldap_server.py"),
                         {"--attr", "certificateRevocationList;binary", "--value-file",
                          d_ + "/crl.der"},
                         &error))
      << error;
  std::string url = "ldap://127.0.0.1:" + std::to_string(ldap.port()) +
                    "/cn=Online%20Root?certificateRevocationList;binary";
  Party maker = Leaf("maker", url);
  Party signer = Leaf("signer", url, 3650, "5EA15EA1");
  ASSERT_EQ(Serial(signer), "5EA15EA1");
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(sig, maker, signer, now));
  auto ctx = Context(now + 1200);
  Online(ctx.get(), nullptr, 1);
  ReportPtr r;
  VerifyAt(r, ctx.get(), sig.p, now + 1200);
  ExpectVerdict(r.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "signer.revocation");
  EXPECT_EQ(Status(r.p, "seal.maker_revocation"), "OK") << Text(r.p);
}

// --- Timestamps from a TSA over HTTP ----------------------------------------

class OnlineTsa : public RevocationOnline {
 protected:
  void SetUp() override {
    RevocationOnline::SetUp();
    tsa_root_ = openssl_pki::Issue(d_, "tsa-root", "Online TSA Root", "EC", Role::kCa, nullptr);
    tsa_ = openssl_pki::Issue(d_, "tsa", "Online TSA", "EC", Role::kTimestamp, &tsa_root_);
    ASSERT_NO_FATAL_FAILURE(StartHttp());
    maker_ = Leaf("maker", "");
  }
  // kDocument stamped by `signer` now (with a seal made now: the certificates
  // are only seconds old), with a token from the TSA route or without one.
  // The claimed time is never after the token's genTime.
  void Stamped(SignaturePtr &sig, const Party &signer, bool token) {
    now_ = static_cast<int64_t>(std::time(nullptr));
    MakeStamped(sig, maker_, signer, now_, token ? Url("/tsa") : "", 0);
  }
  // A context trusting the TSA root for timestamps, with a CRL of each root
  // (the TSA root's revokes nothing; root_'s from the current database), so
  // that every certificate has a status and a verified token is OK, not a
  // WARNING.
  pki::CtxPtr WithTsaAnchor(int64_t clock) {
    auto ctx = Context(clock);
    EXPECT_EQ(eseal_ctx_add_trust_path_roles(ctx.get(), tsa_root_.cert_file.c_str(),
                                             ESEAL_ROLE_TIMESTAMP_AUTHORITY),
              0)
        << LastError();
    std::string cnf = d_ + "/tsa-ca.cnf", crl = d_ + "/tsa-root.crl";
    std::ofstream(d_ + "/tsa-index.txt");
    std::ofstream(d_ + "/tsa-crlnumber") << "01\n";
    std::ofstream(cnf) << "[ca]\ndefault_ca = dflt\n[dflt]\ndatabase = " << d_
                       << "/tsa-index.txt\ncrlnumber = " << d_
                       << "/tsa-crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n";
    openssl_pki::Openssl(d_, "ca -batch -gencrl -config " + Quote(cnf) + " -keyfile " +
                                 Quote(tsa_root_.key_file) + " -cert " +
                                 Quote(tsa_root_.cert_file) + " -out " + Quote(crl));
    MakeCrl(d_ + "/root.crl");
    EXPECT_EQ(eseal_ctx_add_crl_file(ctx.get(), crl.c_str()), 0) << LastError();
    EXPECT_EQ(eseal_ctx_add_crl_file(ctx.get(), (d_ + "/root.crl").c_str()), 0) << LastError();
    return ctx;
  }
  Party maker_;
  int64_t now_ = 0;
};

TEST_F(OnlineTsa, TheTokenIsATimeOnlyWithTheTsaAnchor) {
  Party signer = Leaf("signer", "");
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(Stamped(sig, signer, true));
  size_t len = 0;
  ASSERT_NE(eseal_signature_timestamp(sig.p, &len), nullptr);
  EXPECT_GT(len, 0u);
  EXPECT_EQ(Requests("/tsa"), 1);

  auto anchored = WithTsaAnchor(now_ + 600);
  ReportPtr r;
  VerifyAt(r, anchored.get(), sig.p, now_ + 600);
  EXPECT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
  EXPECT_EQ(Status(r.p, "timestamp"), "OK") << Text(r.p);
  int64_t t = 0;
  ASSERT_EQ(eseal_report_time_get(r.p, ESEAL_TIME_TIMESTAMP, &t), 0) << Text(r.p);
  EXPECT_GE(t, now_ - 5);
  EXPECT_LE(t, now_ + 300);

  // The signer's anchor alone does not vouch for the TSA: the token proves nothing.
  auto plain = Context(now_ + 600);
  ASSERT_EQ(eseal_ctx_add_crl_file(plain.get(), (d_ + "/root.crl").c_str()), 0) << LastError();
  ReportPtr w;
  VerifyAt(w, plain.get(), sig.p, now_ + 600);
  EXPECT_EQ(Status(w.p, "timestamp"), "WARNING") << Text(w.p);
  EXPECT_EQ(eseal_report_time_get(w.p, ESEAL_TIME_TIMESTAMP, &t), ESEAL_ENOTFOUND) << Text(w.p);
}

TEST_F(OnlineTsa, ATokenOutlivesTheSignerCertificate) {
  Party signer = Leaf("short", "", 1);
  SignaturePtr with, without;
  ASSERT_NO_FATAL_FAILURE(Stamped(with, signer, true));
  ASSERT_NO_FATAL_FAILURE(Stamped(without, signer, false));
  int64_t later = now_ + 2 * kDay;
  auto ctx = WithTsaAnchor(later);
  ReportPtr saved;
  VerifyAt(saved, ctx.get(), with.p, later);
  EXPECT_EQ(eseal_report_indication(saved.p), ESEAL_TOTAL_PASSED) << Text(saved.p);
  EXPECT_EQ(Status(saved.p, "timestamp"), "OK") << Text(saved.p);
  ReportPtr lost;
  VerifyAt(lost, ctx.get(), without.p, later);
  EXPECT_EQ(eseal_report_indication(lost.p), ESEAL_INDETERMINATE) << Text(lost.p);
  EXPECT_EQ(eseal_report_sub_indication(lost.p), ESEAL_SUB_OUT_OF_BOUNDS_NO_POE) << Text(lost.p);
}

TEST_F(OnlineTsa, ATokenBeforeAKeyCompromiseKeepsTheSignature) {
  Party signer = Leaf("signer", "");
  SignaturePtr with, without;
  ASSERT_NO_FATAL_FAILURE(Stamped(with, signer, true));
  ASSERT_NO_FATAL_FAILURE(Stamped(without, signer, false));
  WriteIndex({}, {{&signer, now_ + 600, "keyCompromise"}});
  auto ctx = WithTsaAnchor(now_ + 1200);

  ReportPtr lost;
  VerifyAt(lost, ctx.get(), without.p, now_ + 1200);
  ExpectVerdict(lost.p, ESEAL_TOTAL_FAILED, ESEAL_SUB_REVOKED, "signer.revocation");
  ReportPtr saved;
  VerifyAt(saved, ctx.get(), with.p, now_ + 1200);
  EXPECT_EQ(Status(saved.p, "timestamp"), "OK") << Text(saved.p);
  EXPECT_EQ(Status(saved.p, "signer.revocation"), "OK") << Text(saved.p);
  EXPECT_EQ(eseal_report_indication(saved.p), ESEAL_TOTAL_PASSED) << Text(saved.p);
}

// A TSA whose answer does not vouch for this signature, or that does not
// answer, fails the stamp: nothing is produced.
TEST_F(OnlineTsa, AReplyOverOtherDataOrNoReplyFailsTheStamp) {
  Party signer = Leaf("signer", "");
  // A genuine reply of the TSA, over other bytes, served for every request.
  std::string other = d_ + "/other.dat", query = d_ + "/other.tsq";
  std::ofstream(other) << "not the signature value";
  openssl_pki::Openssl(d_, "ts -query -data " + Quote(other) + " -sha256 -cert -out " +
                               Quote(query));
  openssl_pki::Openssl(d_, "ts -reply -queryfile " + Quote(query) + " -config " +
                               Quote(d_ + "/tsa.cnf") + " -out " + Quote(d_ + "/canned.der"));
  now_ = static_cast<int64_t>(std::time(nullptr));
  auto ctx = Context(now_);
  SignaturePtr untimed;  // makes seal_
  ASSERT_NO_FATAL_FAILURE(MakeStamped(untimed, maker_, signer, now_, "", 0));
  auto signer_cert = LoadCert(signer.cert_file);
  auto signer_key = LoadKey(signer.key_file);
  DataPtr data;
  ASSERT_EQ(eseal_data_from_bytes(&data.p, kDocument.data(), kDocument.size()), 0);
  const std::pair<std::string, std::string> cases[] = {{"/canned", "messageImprint"},
                                                       {"/nothing-here", "404"}};
  for (const auto &[path, why] : cases) {
    std::string url = Url(path);
    eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
    o.tsa_url = url.c_str();
    o.tsa_allow_private_targets = 1;
    eseal_signature *out = reinterpret_cast<eseal_signature *>(1);
    EXPECT_NE(eseal_stamp(&out, ctx.get(), seal_.p, signer_key.get(), signer_cert.get(), data.p,
                          &o),
              0)
        << path;
    EXPECT_NE(LastError().find(why), std::string::npos) << LastError();
    EXPECT_EQ(out, nullptr) << path;
    EXPECT_GE(Requests(path), 1) << path;
  }
  // Loopback without the permission: refused before any request.
  long asked = Requests("/tsa");
  std::string url = Url("/tsa");
  eseal_stamp_options o = ESEAL_STAMP_OPTIONS_INIT;
  o.tsa_url = url.c_str();
  eseal_signature *out = reinterpret_cast<eseal_signature *>(1);
  EXPECT_NE(eseal_stamp(&out, ctx.get(), seal_.p, signer_key.get(), signer_cert.get(), data.p,
                        &o),
            0);
  EXPECT_EQ(out, nullptr);
  EXPECT_EQ(Requests("/tsa"), asked);
}

}  // namespace

namespace {

// The error of a source file that does not parse names the file once and
// keeps the parser's reason whole.
TEST_F(RevocationOnline, ASourceFileThatDoesNotParseIsNamedOnce) {
  std::string text = d_ + "/not-a-crl.txt";
  std::ofstream(text) << "the contract\n";
  auto ctx = Context(static_cast<int64_t>(std::time(nullptr)));
  ASSERT_EQ(eseal_ctx_add_crl_file(ctx.get(), text.c_str()), ESEAL_EFORMAT);
  EXPECT_EQ(LastError(), text + ": no X509 CRL block in the PEM text");
  ASSERT_EQ(eseal_ctx_add_ocsp_response_file(ctx.get(), text.c_str()), ESEAL_EFORMAT);
  EXPECT_EQ(LastError(), text + ": not a DER OCSPResponse (no SEQUENCE)");
}

}  // namespace
