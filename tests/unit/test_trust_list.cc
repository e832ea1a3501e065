// Trust list files (doc/trust-list.md): roles and windows reach the verifier,
// the operator's signature is checked with keys and signatures made here by
// OpenSSL, and every refused list leaves the context without new anchors.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <eseal/sys/alloc.h>

#include "../support/counting_alloc.h"
#include "../support/workflow.h"

using namespace workflow;
using pki::kDay;
using pki::kNow;
using pki::kYear;

namespace {

std::string Iso(int64_t t) {
  char out[21];
  time_t tt = static_cast<time_t>(t);
  struct tm tm;
  gmtime_r(&tt, &tm);
  strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return out;
}

std::string Base64(const Bytes &b) {
  std::string out(4 * ((b.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(&out[0]), b.data(),
                          static_cast<int>(b.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string Pem(const Bytes &der) {
  std::string b64 = Base64(der), out = "-----BEGIN CERTIFICATE-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
  return out + "-----END CERTIFICATE-----\n";
}

struct Entry {
  std::string label;
  std::string roles;
  Bytes cert;
  std::string extra;  // more field lines, e.g. "trusted-until: ...\n"
};

struct Header {
  std::string name = "Test platform";
  std::string sequence = "42";
  int64_t issued = kNow - 10 * kDay;
  int64_t next_update = kNow + 180 * kDay;
};

std::string List(const std::vector<Entry> &entries, const Header &h = Header()) {
  std::string s = "eseal-trust-list 1\nname: " + h.name + "\nsequence: " + h.sequence +
                  "\nissued: " + Iso(h.issued) + "\nnext-update: " + Iso(h.next_update) +
                  "\nanchors: " + std::to_string(entries.size()) + "\n";
  for (const Entry &e : entries)
    s += "\nanchor: " + e.label + "\nroles: " + e.roles + "\n" + e.extra + Pem(e.cert);
  return s;
}

Entry RootAs(const std::string &roles, const std::string &extra = "") {
  return Entry{"Test root", roles, pki::Root().cert, extra};
}

// The signature an operator makes over `text`, the way doc/trust-list.md's openssl commands do.
Bytes SignBytes(EVP_PKEY *key, const std::string &text) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  EVP_PKEY_CTX *pctx = nullptr;
  bool sm2 = EVP_PKEY_is_a(key, "SM2") ||
             (EVP_PKEY_is_a(key, "EC") && EVP_PKEY_get_bits(key) == 256 &&
              [&] {
                char group[32];
                size_t n = 0;
                return EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &n) == 1 &&
                       std::string(group) == "SM2";
              }());
  if (sm2) {
    pctx = EVP_PKEY_CTX_new(key, nullptr);
    EVP_PKEY_CTX_set1_id(pctx, sm2::kDefaultId, 16);
    EVP_MD_CTX_set_pkey_ctx(md, pctx);
  }
  EXPECT_EQ(EVP_DigestSignInit(md, nullptr, sm2 ? EVP_sm3() : EVP_sha256(), nullptr, key), 1);
  size_t n = 0;
  const auto *msg = reinterpret_cast<const unsigned char *>(text.data());
  EXPECT_EQ(EVP_DigestSign(md, nullptr, &n, msg, text.size()), 1);
  Bytes sig(n);
  EXPECT_EQ(EVP_DigestSign(md, sig.data(), &n, msg, text.size()), 1);
  sig.resize(n);
  EVP_MD_CTX_free(md);
  EVP_PKEY_CTX_free(pctx);
  return sig;
}

std::string Signed(const std::string &text, const sm2::Identity &op, const std::string &alg,
                   const std::string &eol = "\n") {
  return text + "signature: " + alg + " " + Base64(SignBytes(op.key.get(), text)) + eol;
}

const sm2::Identity &Operator(const std::string &type) {
  static std::map<std::string, sm2::Identity> ops;
  auto it = ops.find(type);
  if (it == ops.end()) {
    pki::CertOptions o;
    o.key_type = type;
    it = ops.emplace(type, pki::Issue("List operator " + type, o, &pki::Root())).first;
  }
  return it->second;
}

pki::CtxPtr Empty(int64_t now = kNow) {
  eseal_ctx *ctx = nullptr;
  EXPECT_EQ(eseal_ctx_new(&ctx), 0);
  eseal_ctx_set_fixed_time(ctx, now);
  return pki::CtxPtr(ctx);
}

int Load(eseal_ctx *ctx, const std::string &text, const eseal_cert *op = nullptr) {
  return eseal_ctx_load_trust_list(ctx, reinterpret_cast<const uint8_t *>(text.data()),
                                   text.size(), op);
}

std::string Notes(const eseal_ctx *ctx) {
  std::string all;
  for (size_t i = 0; i < eseal_ctx_trust_note_count(ctx); i++)
    all += std::string(eseal_ctx_trust_note(ctx, i)) + "\n";
  return all;
}

// Expects `text` refused with `code` and the context left without anchors or notes.
void ExpectRefused(const std::string &text, int code, const eseal_cert *op = nullptr,
                   const std::string &message = "") {
  auto ctx = Empty();
  EXPECT_EQ(Load(ctx.get(), text, op), code) << LastError() << "\n" << text;
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), 0), 0u);
  EXPECT_EQ(eseal_ctx_trust_note_count(ctx.get()), 0u);
  if (!message.empty()) {
    EXPECT_NE(LastError().find(message), std::string::npos) << LastError();
  }
}

// A signature stamped now with the test PKI, verified in `ctx`.
void VerifyStamp(ReportPtr &out, eseal_ctx *ctx) {
  static SealPtr seal;
  static SignaturePtr sig;
  if (!sig.p) {
    auto maker_ctx = pki::Context();
    MakeStamped(maker_ctx.get(), seal, sig);
  }
  ASSERT_NE(sig.p, nullptr);
  Verify(out, ctx, sig.p, &kDocument);
}

std::string CheckMessage(const eseal_report *r, const std::string &id) {
  long i = eseal_report_find_check(r, id.c_str());
  return i < 0 ? "" : eseal_report_check_message(r, static_cast<size_t>(i));
}

TEST(TrustList, UnsignedListGivesAnchorsWithTheirRoles) {
  auto ctx = Empty();
  ASSERT_EQ(Load(ctx.get(), List({RootAs("seal-maker, signer-ca")})), 0) << LastError();
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), 0), 1u);
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_SEAL_MAKER | ESEAL_ROLE_SIGNER_CA),
            1u);
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_TIMESTAMP_AUTHORITY), 0u);
  EXPECT_NE(Notes(ctx.get()).find("trust list Test platform #42 has no signature"),
            std::string::npos)
      << Notes(ctx.get());
  ReportPtr r;
  VerifyStamp(r, ctx.get());
  // Both chains reach the listed root, flagged as trusted through an unsigned list.
  EXPECT_EQ(Status(r.p, "seal.maker_chain"), "WARNING") << Text(r.p);
  EXPECT_EQ(Status(r.p, "signer.chain"), "WARNING") << Text(r.p);
  std::string m = CheckMessage(r.p, "seal.maker_chain");
  EXPECT_NE(m.find("trust list Test platform #42"), std::string::npos) << m;
  EXPECT_NE(m.find("without a signature"), std::string::npos) << m;
  EXPECT_NE(eseal_report_indication(r.p), ESEAL_TOTAL_FAILED) << Text(r.p);
}

TEST(TrustList, MakerCaListedOnlyAsSignerCaDoesNotVouchForSealMakers) {
  auto ctx = Empty();
  ASSERT_EQ(Load(ctx.get(), List({RootAs("signer-ca")})), 0) << LastError();
  ReportPtr r;
  VerifyStamp(r, ctx.get());
  ExpectVerdict(r.p, ESEAL_INDETERMINATE, ESEAL_SUB_CHAIN_CONSTRAINTS_FAILURE, "seal.maker_chain");
  EXPECT_EQ(Status(r.p, "signer.chain"), "WARNING") << Text(r.p);
}

TEST(TrustList, SignedListWithItsOperatorLoadsWithoutTheUnsignedWarning) {
  for (auto [type, alg] : {std::pair<std::string, std::string>{"SM2", "SM2-SM3"},
                           {"EC", "ECDSA-P256-SHA256"},
                           {"RSA", "RSA-SHA256"}}) {
    SCOPED_TRACE(alg);
    auto ctx = Empty();
    auto op = pki::Cert(Operator(type));
    std::string text = Signed(List({RootAs("seal-maker,signer-ca")}), Operator(type), alg);
    ASSERT_EQ(Load(ctx.get(), text, op.get()), 0) << LastError();
    EXPECT_EQ(eseal_ctx_trust_note_count(ctx.get()), 0u) << Notes(ctx.get());
    ReportPtr r;
    VerifyStamp(r, ctx.get());
    ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.maker_chain");
    EXPECT_EQ(Status(r.p, "seal.maker_chain"), "OK") << Text(r.p);
    EXPECT_EQ(CheckMessage(r.p, "seal.maker_chain").find("without a signature"), std::string::npos);
  }
}

TEST(TrustList, SignedListWithCrlfLinesVerifies) {
  std::string text = List({RootAs("seal-maker")});
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  auto op = pki::Cert(Operator("SM2"));
  auto ctx = Empty();
  ASSERT_EQ(Load(ctx.get(), Signed(crlf, Operator("SM2"), "SM2-SM3", "\r\n"), op.get()), 0)
      << LastError();
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_SEAL_MAKER), 1u);
}

TEST(TrustList, WronglySignedListsAreRefusedAndAddNothing) {
  auto op = pki::Cert(Operator("SM2"));
  std::string good = Signed(List({RootAs("seal-maker")}), Operator("SM2"), "SM2-SM3");
  // One byte of the signed part changed after signing: the sequence number.
  std::string changed = good;
  changed[changed.find("sequence: 42") + 10] = '3';
  ExpectRefused(changed, ESEAL_ECRYPTO, op.get(), "does not verify");
  // One byte of the signature itself changed.
  std::string sig_changed = good;
  size_t last = sig_changed.rfind(' ') + 5;
  sig_changed[last] = sig_changed[last] == 'A' ? 'B' : 'A';
  ExpectRefused(sig_changed, ESEAL_ECRYPTO, op.get());
  // Signed by another key of the same kind.
  pki::CertOptions o;
  sm2::Identity other = pki::Issue("Another operator", o, &pki::Root());
  ExpectRefused(Signed(List({RootAs("seal-maker")}), other, "SM2-SM3"), ESEAL_ECRYPTO, op.get(),
                "does not verify");
  // An algorithm that does not fit the operator's key.
  std::string relabelled = good;
  relabelled.replace(relabelled.rfind("SM2-SM3"), 7, "RSA-SHA256");
  ExpectRefused(relabelled, ESEAL_ECRYPTO, op.get(), "RSA-SHA256");
  // The same list is accepted with the right operator.
  auto ctx = Empty();
  EXPECT_EQ(Load(ctx.get(), good, op.get()), 0) << LastError();
}

TEST(TrustList, OperatorGivenButListUnsignedIsRefused) {
  auto op = pki::Cert(Operator("EC"));
  ExpectRefused(List({RootAs("seal-maker")}), ESEAL_ECRYPTO, op.get(), "has no signature");
}

TEST(TrustList, SignedListWithoutOperatorIsTakenAsUnsignedWithANote) {
  auto ctx = Empty();
  ASSERT_EQ(Load(ctx.get(), Signed(List({RootAs("seal-maker")}), Operator("SM2"), "SM2-SM3")), 0)
      << LastError();
  EXPECT_NE(Notes(ctx.get()).find("is signed, but no operator certificate"), std::string::npos)
      << Notes(ctx.get());
  ReportPtr r;
  VerifyStamp(r, ctx.get());
  EXPECT_EQ(Status(r.p, "seal.maker_chain"), "WARNING") << Text(r.p);
}

TEST(TrustList, OperatorCertificateMustBeUsableWhenTheListWasIssued) {
  pki::CertOptions no_signing;
  no_signing.key_usage = 0x04;  // keyCertSign only
  sm2::Identity ca_only = pki::Issue("Operator without signing", no_signing, &pki::Root());
  ExpectRefused(Signed(List({RootAs("seal-maker")}), ca_only, "SM2-SM3"), ESEAL_ECERT,
                pki::Cert(ca_only).get(), "key usage");
  pki::CertOptions later;
  later.not_before = kNow - kDay;  // the list says it was issued ten days before now
  sm2::Identity young = pki::Issue("Young operator", later, &pki::Root());
  ExpectRefused(Signed(List({RootAs("seal-maker")}), young, "SM2-SM3"), ESEAL_ECERT,
                pki::Cert(young).get(), "not valid when the list was issued");
}

TEST(TrustList, ExpiredOrFutureListsAreRefused) {
  Header expired;
  expired.issued = kNow - 200 * kDay;
  expired.next_update = kNow - kDay;
  ExpectRefused(List({RootAs("seal-maker")}, expired), ESEAL_EEXPIRED, nullptr, "expired");
  auto op = pki::Cert(Operator("SM2"));
  ExpectRefused(Signed(List({RootAs("seal-maker")}, expired), Operator("SM2"), "SM2-SM3"),
                ESEAL_EEXPIRED, op.get());
  Header future;
  future.issued = kNow + 3600;
  ExpectRefused(List({RootAs("seal-maker")}, future), ESEAL_EEXPIRED, nullptr, "later than now");
  // A clock a little behind the issuer's is tolerated.
  Header skewed;
  skewed.issued = kNow + 240;
  auto ctx = Empty();
  EXPECT_EQ(Load(ctx.get(), List({RootAs("seal-maker")}, skewed)), 0) << LastError();
  EXPECT_STRNE(eseal_strerror(ESEAL_EEXPIRED), eseal_strerror(12345));
}

// Every proper prefix of `text` is refused without a crash and without adding anything.
void ExpectEveryTruncationRefused(const std::string &text, const eseal_cert *op) {
  std::vector<size_t> cuts;
  for (size_t i = 0; i < text.size(); i++)
    if (text[i] == '\n') {
      cuts.push_back(i);      // before the line end
      cuts.push_back(i + 1);  // at the line boundary
    }
  std::mt19937 rng(20261101);
  for (int i = 0; i < 300; i++) cuts.push_back(rng() % text.size());
  cuts.push_back(0);
  for (size_t cut : cuts) {
    if (cut >= text.size()) continue;
    auto ctx = Empty();
    int rc = Load(ctx.get(), text.substr(0, cut), op);
    EXPECT_LT(rc, 0) << "cut at " << cut;
    EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), 0), 0u) << "cut at " << cut;
  }
}

TEST(TrustList, TruncatedListsAreRefused) {
  std::vector<Entry> two = {RootAs("seal-maker"),
                            Entry{"Operator CA", "signer-ca", Operator("EC").cert, ""}};
  ExpectEveryTruncationRefused(List(two), nullptr);
  auto op = pki::Cert(Operator("RSA"));
  ExpectEveryTruncationRefused(Signed(List(two), Operator("RSA"), "RSA-SHA256"), op.get());
  // The truncation message names the line.
  std::string text = List(two);
  ExpectRefused(text.substr(0, text.size() - 1), ESEAL_EFORMAT, nullptr, "line ");
}

TEST(TrustList, UnknownRolesAreIgnoredWithANote) {
  auto ctx = Empty();
  ASSERT_EQ(Load(ctx.get(), List({RootAs("seal-maker, future-role"),
                                  Entry{"Only the unknown", "dreamt-up, other-role",
                                        Operator("EC").cert, ""}})),
            0)
      << LastError();
  std::string notes = Notes(ctx.get());
  EXPECT_NE(notes.find("anchor 'Test root' (line 8): unknown roles ignored: future-role"),
            std::string::npos)
      << notes;
  EXPECT_NE(notes.find("anchor 'Only the unknown'"), std::string::npos) << notes;
  EXPECT_NE(notes.find("(dreamt-up,other-role); the entry is skipped"), std::string::npos) << notes;
  // The first entry is kept with its known role, the second is not an anchor at all.
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), 0), 1u);
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_SEAL_MAKER), 1u);
}

TEST(TrustList, TrustWindowIsHonoured) {
  struct Case {
    std::string window;
    bool passes;
  } cases[] = {
      // The maker chain is judged at the seal's creation (a day ago), the signer's now.
      {"trusted-until: " + Iso(kNow - 10 * kDay) + "\n", false},
      {"trusted-from: " + Iso(kNow + kDay) + "\n", false},
      {"trusted-from: " + Iso(kNow - kYear) + "\ntrusted-until: " + Iso(kNow + kYear) + "\n", true},
  };
  auto op = pki::Cert(Operator("SM2"));
  for (const Case &c : cases) {
    SCOPED_TRACE(c.window);
    auto ctx = Empty();
    std::string text = Signed(List({RootAs("seal-maker,signer-ca", c.window)}), Operator("SM2"),
                              "SM2-SM3");
    ASSERT_EQ(Load(ctx.get(), text, op.get()), 0) << LastError();
    ReportPtr r;
    VerifyStamp(r, ctx.get());
    if (c.passes) {
      ExpectVerdict(r.p, ESEAL_TOTAL_PASSED, ESEAL_SUB_NONE, "seal.maker_chain");
    } else {
      EXPECT_NE(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
      for (const char *chain : {"seal.maker_chain", "signer.chain"}) {
        EXPECT_EQ(Status(r.p, chain), "NOT_OK") << Text(r.p);
        EXPECT_NE(CheckMessage(r.p, chain).find("lies outside"), std::string::npos) << Text(r.p);
      }
    }
  }
}

// A valid list with `from` replaced by `to` (the first occurrence).
std::string Edited(const std::string &from, const std::string &to,
                   const std::string &text = List({RootAs("seal-maker")})) {
  std::string s = text;
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? s : s.replace(at, from.size(), to);
}

TEST(TrustList, MalformedListsNameTheLine) {
  std::string base = List({RootAs("seal-maker")});
  struct Case {
    std::string text;
    int code;
    std::string message;
  } cases[] = {
      {"", ESEAL_EFORMAT, "empty"},
      {Edited("eseal-trust-list 1", "eseal-trust-list"), ESEAL_EFORMAT, "line 1:"},
      {Edited("eseal-trust-list 1", "eseal-trust-list 2"), ESEAL_EUNSUPPORTED, "line 1:"},
      {Edited("name: Test platform\n", ""), ESEAL_EFORMAT, "without the field 'name'"},
      {Edited("sequence: 42\n", "sequence: 42\nsequence: 43\n"), ESEAL_EFORMAT,
       "line 4: 'sequence' repeats line 3"},
      {Edited("sequence: 42\n", "sequence: 42\ncolour: red\n"), ESEAL_EFORMAT,
       "line 4: unknown header field 'colour'"},
      {Edited("sequence: 42", "sequence: 042"), ESEAL_EFORMAT, "line 3:"},
      {Edited("sequence: 42", "sequence: 18446744073709551616"), ESEAL_EFORMAT, "line 3:"},
      {Edited("sequence: 42", "sequence: -1"), ESEAL_EFORMAT, "line 3:"},
      {Edited("issued: " + Iso(kNow - 10 * kDay), "issued: yesterday"), ESEAL_EFORMAT,
       "line 4: 'issued' is not a time"},
      {Edited("issued: " + Iso(kNow - 10 * kDay), "issued: " + Iso(kNow + 200 * kDay)),
       ESEAL_EFORMAT, "must come after 'issued'"},
      {Edited("issued: " + Iso(kNow - 10 * kDay), "issued: @0"), ESEAL_EFORMAT, "after 1970"},
      {Edited("anchors: 1", "anchors: 2"), ESEAL_EFORMAT, "announces 2 anchors"},
      {Edited("anchors: 1", "anchors: 0"), ESEAL_EFORMAT, "more anchors than the 0"},
      {Edited("anchors: 1", "anchors: 1025"), ESEAL_ELIMIT, "line 6:"},
      {Edited("\nanchor:", "anchor:"), ESEAL_EFORMAT, "line 7: unknown header field 'anchor'"},
      {Edited("roles: seal-maker\n", ""), ESEAL_EFORMAT, "has no 'roles:'"},
      {Edited("roles: seal-maker\n", "roles: seal-maker\nroles: signer-ca\n"), ESEAL_EFORMAT,
       "line 10: 'roles' repeats line 9"},
      {Edited("roles: seal-maker\n", "roles: seal-maker\ncolour: red\n"), ESEAL_EFORMAT,
       "line 10: unknown anchor field 'colour'"},
      {Edited("roles: seal-maker\n", "roles: seal-maker\n\n"), ESEAL_EFORMAT, "line 10:"},
      {Edited("roles: seal-maker", "roles: seal-maker,,signer-ca"), ESEAL_EFORMAT, "line 9:"},
      {Edited("roles: seal-maker", "roles: Seal-Maker"), ESEAL_EFORMAT, "line 9:"},
      {Edited("roles: seal-maker", "roles: "), ESEAL_EFORMAT, "line 9: 'roles' is empty"},
      {Edited("roles: seal-maker\n", "roles: seal-maker\ntrusted-from: " + Iso(kNow) +
                                         "\ntrusted-until: " + Iso(kNow - 1) + "\n"),
       ESEAL_EFORMAT, "'trusted-until' must come after 'trusted-from'"},
      {Edited("anchor: Test root", "anchor:"), ESEAL_EFORMAT, "line 8: 'anchor' is empty"},
      {Edited("anchor: Test root", "anchor: " + std::string(129, 'x')), ESEAL_ELIMIT, "line 8:"},
      {Edited("-----BEGIN CERTIFICATE-----\n", "-----BEGIN CERTIFICATE-----\nM*\n"), ESEAL_EFORMAT,
       "line 11: inside a certificate block"},
      {Edited("-----BEGIN CERTIFICATE-----\n", "-----BEGIN CERTIFICATE-----\nAAAA\n"),
       ESEAL_EFORMAT, "not a DER certificate"},
      {Edited("-----BEGIN CERTIFICATE-----\n", "-----BEGIN CERTIFICATE-----\nA\n"), ESEAL_EFORMAT,
       "not valid base64"},
      {Edited("-----END CERTIFICATE-----\n", ""), ESEAL_EFORMAT, "ends inside the certificate"},
      {base + "colour: red\n", ESEAL_EFORMAT, "expected 'anchor: <label>'"},
      {base + "signature: SM2-SM3\n", ESEAL_EFORMAT, "expected 'signature: <algorithm>"},
      {base + "signature: SM2-SM3 ab$=\n", ESEAL_EFORMAT, "not one piece of base64"},
      {base + "signature: SM2-SM3 YWJj\n\n", ESEAL_EFORMAT, "nothing may follow"},
      {base + "signature: DSA-SHA1 YWJj\n", ESEAL_EUNSUPPORTED, "algorithm"},
      {Edited("name: Test platform", "name: Test\rplatform"), ESEAL_EFORMAT, "line 2: control"},
      {Edited("name: Test platform", std::string("name: Test\0platform", 19)), ESEAL_EFORMAT,
       "line 2: control"},
      {Edited("name: Test platform", "name: Test \xff platform"), ESEAL_EFORMAT, "UTF-8"},
      {Edited("name: Test platform", "name: " + std::string(5000, 'x')), ESEAL_ELIMIT, "line 2:"},
      {std::string(ESEAL_TRUST_LIST_MAX_SIZE + 1, '\n'), ESEAL_ELIMIT, "larger than"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.message);
    ExpectRefused(c.text, c.code, nullptr, c.message);
  }
  // Two entries with one certificate are refused as a mistake.
  ExpectRefused(List({RootAs("seal-maker"), RootAs("signer-ca")}), ESEAL_EFORMAT,
                nullptr, "has the certificate of the entry of line 8");
}

TEST(TrustList, CommentsTimeFormsAndLongNamesAreAccepted) {
  std::string text = List({RootAs("seal-maker")});
  text = Edited("eseal-trust-list 1\n", "eseal-trust-list 1\n# assembled by hand\n", text);
  text = Edited("\nanchor:", "\n# the provincial root\nanchor:", text);
  text = Edited("roles: seal-maker\n",
                "roles: seal-maker\ntrusted-from: 2020-01-01 08:00:00\n"
                "trusted-until: 20300101000000Z\n",
                text);
  // 128 bytes: the longest name.
  text = Edited("name: Test platform", "name: 浙江省电子印章平台 " + std::string(100, 'x'), text);
  auto ctx = Empty();
  ASSERT_EQ(Load(ctx.get(), text), 0) << LastError() << "\n" << text;
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_SEAL_MAKER), 1u);
  // A stamp made now lies inside the window written in those two other time forms.
  ReportPtr r;
  VerifyStamp(r, ctx.get());
  EXPECT_EQ(Status(r.p, "seal.maker_chain"), "WARNING") << Text(r.p);
  // Nothing, not even a comment, may come before the first line.
  ExpectRefused("# first\n" + List({RootAs("seal-maker")}), ESEAL_EFORMAT, nullptr, "line 1:");
}

TEST(TrustList, PeekGivesNameAndSequence) {
  std::string text = List({RootAs("seal-maker")}, [] {
    Header h;
    h.sequence = "18446744073709551615";
    return h;
  }());
  const auto *p = reinterpret_cast<const uint8_t *>(text.data());
  char name[ESEAL_TRUST_LIST_MAX_NAME + 1];
  uint64_t seq = 0;
  ASSERT_EQ(eseal_trust_list_peek(p, text.size(), name, sizeof name, &seq), 0) << LastError();
  EXPECT_STREQ(name, "Test platform");
  EXPECT_EQ(seq, UINT64_MAX);
  char small[13];
  EXPECT_EQ(eseal_trust_list_peek(p, text.size(), small, sizeof small, &seq), ESEAL_EINVAL);
  EXPECT_EQ(eseal_trust_list_peek(p, text.size(), nullptr, 0, nullptr), 0);
  EXPECT_EQ(eseal_trust_list_peek(p, text.size() - 3, name, sizeof name, &seq), ESEAL_EFORMAT);
}

TEST(TrustList, LoadsFromAFile) {
  auto dir = std::filesystem::temp_directory_path() / ("eseal_trust_list_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "list.txt").string();
  {
    std::ofstream f(path, std::ios::binary);
    f << List({RootAs("seal-maker")});
  }
  auto ctx = Empty();
  EXPECT_EQ(eseal_ctx_load_trust_list_file(ctx.get(), path.c_str(), nullptr), 0) << LastError();
  EXPECT_EQ(eseal_ctx_trust_count_roles(ctx.get(), ESEAL_ROLE_SEAL_MAKER), 1u);
  {
    std::ofstream f(path, std::ios::binary);
    f << List({RootAs("seal-maker")}).substr(0, 40);
  }
  auto other = Empty();
  EXPECT_EQ(eseal_ctx_load_trust_list_file(other.get(), path.c_str(), nullptr), ESEAL_EFORMAT);
  EXPECT_NE(LastError().find(path), std::string::npos) << LastError();
  EXPECT_EQ(eseal_ctx_load_trust_list_file(other.get(), (dir / "absent").string().c_str(), nullptr),
            ESEAL_EIO);
  EXPECT_EQ(eseal_ctx_load_trust_list(nullptr, nullptr, 0, nullptr), ESEAL_EINVAL);
  std::filesystem::remove_all(dir);
}


TEST(TrustList, EachFailedAllocationGivesNoMemoryWithoutALeak) {
  std::string text = Signed(List({RootAs("seal-maker, future-role"),
                                  Entry{"Operator CA", "signer-ca", Operator("EC").cert, ""}}),
                            Operator("SM2"), "SM2-SM3");
  auto op = pki::Cert(Operator("SM2"));
  for (long n = 0;; n++) {
    counting::Counting c;
    c.fail_at = n;
    ASSERT_EQ(counting::Install(&c), 0);
    eseal_ctx *ctx = nullptr;
    int rc = eseal_ctx_new(&ctx);
    size_t anchors = 0;
    if (rc == 0) rc = eseal_ctx_set_fixed_time(ctx, kNow);
    if (ctx) {
      if (rc == 0) rc = Load(ctx, text, op.get());
      anchors = eseal_ctx_trust_count_roles(ctx, 0);
      eseal_ctx_free(ctx);
    }
    eseal_set_allocator(nullptr);
    EXPECT_TRUE(rc == 0 || rc == ESEAL_ENOMEM) << "code " << rc << " at allocation " << n;
    EXPECT_EQ(c.live, 0) << "leak when allocation " << n << " failed";
    if (c.calls <= n) {
      EXPECT_EQ(rc, 0);
      EXPECT_EQ(anchors, 2u);
      EXPECT_GT(n, 10);
      break;
    }
    ASSERT_LT(n, 100000);
  }
}

}  // namespace
