// Signed checkpoints (src/usage_log/checkpoint.c): the exact text layout,
// signing through eseal_key (SM2 and ECDSA), verification against one or
// several log certificates (key rotation), the log-signer role and validity
// at the checkpoint's time, and the strict parser. Every alteration of a
// signed checkpoint is refused.
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tlog_pki.h"

using pki::kDay;
using pki::kNow;
using pki::kYear;
using tlog::Bytes;

namespace {

std::string Str(const Bytes &b) { return std::string(b.begin(), b.end()); }
Bytes B(const std::string &s) { return Bytes(s.begin(), s.end()); }

int Verify(const eseal_ctx *ctx, const Bytes &note, const std::vector<const sm2::Identity *> &ids,
           eseal__signed_checkpoint *out = nullptr, size_t *signer = nullptr) {
  std::vector<pki::CertPtr> owned;
  std::vector<const eseal_cert *> certs;
  for (auto *id : ids) {
    owned.push_back(pki::Cert(*id));
    certs.push_back(owned.back().get());
  }
  eseal__signed_checkpoint local;
  size_t local_signer = 99;
  return eseal__checkpoint_verify(ctx, note.data(), note.size(), certs.data(), certs.size(),
                                  out ? out : &local, signer ? signer : &local_signer);
}

int Parse(const std::string &text) {
  eseal__signed_checkpoint cp;
  return eseal__checkpoint_parse(reinterpret_cast<const uint8_t *>(text.data()), text.size(), &cp);
}

const sm2::Identity &KeyA() {
  static const sm2::Identity k = tlog::LogKey("Log key A");
  return k;
}
const sm2::Identity &KeyB() {
  static const sm2::Identity k = tlog::LogKey("Log key B");
  return k;
}

TEST(TlogCheckpoint, TextLayoutIsExact) {
  auto ctx = tlog::LogContext();
  eseal__checkpoint cp = tlog::Checkpoint(12345);
  eseal_buf text = ESEAL_BUF_INIT;
  ASSERT_EQ(0, eseal__checkpoint_text(&cp, &text));
  std::string got(reinterpret_cast<char *>(text.ptr), text.size);
  eseal_buf_dispose(&text);
  EXPECT_EQ("example.org/eseal/tenant-a\n12345\nQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGE=\n"
            "eseal-hash SM3\neseal-time " + std::to_string(kNow - 60) + "\n",
            got);
  Bytes note = tlog::Sign(ctx.get(), cp, {&KeyA()});
  std::string s = Str(note);
  ASSERT_EQ(0u, s.find(got + "\n\xE2\x80\x94 log.example.org/key0 "));
  EXPECT_EQ('\n', s.back());
  // The key ID is the documented hash of name, type and SubjectPublicKeyInfo.
  eseal__signed_checkpoint parsed;
  ASSERT_EQ(0, eseal__checkpoint_parse(note.data(), note.size(), &parsed));
  uint32_t id = 0;
  ASSERT_EQ(0, eseal__checkpoint_key_id("log.example.org/key0", KeyA().key.get(), "SM2-SM3", &id));
  EXPECT_EQ(id, parsed.sigs[0].key_id);
}

TEST(TlogCheckpoint, SignedCheckpointVerifiesAndReadsBack) {
  auto ctx = tlog::LogContext();
  eseal__checkpoint cp = tlog::Checkpoint(7, 0x10);
  cp.alg = ESEAL__TLOG_SHA256;
  Bytes note = tlog::Sign(ctx.get(), cp, {&KeyA()});
  eseal__signed_checkpoint out;
  size_t signer = 99;
  ASSERT_EQ(0, Verify(ctx.get(), note, {&KeyA()}, &out, &signer)) << eseal_error_last()->message;
  EXPECT_EQ(0u, signer);
  EXPECT_STREQ(cp.origin, out.cp.origin);
  EXPECT_EQ(7u, out.cp.size);
  EXPECT_EQ(0, memcmp(cp.root, out.cp.root, 32));
  EXPECT_EQ(ESEAL__TLOG_SHA256, out.cp.alg);
  EXPECT_EQ(cp.time, out.cp.time);
  EXPECT_EQ(1u, out.sig_count);
}

TEST(TlogCheckpoint, EcdsaLogKeysWorkToo) {
  auto ctx = tlog::LogContext();
  pki::CertOptions o;
  o.key_type = "EC";
  sm2::Identity ec = tlog::LogKey("EC log key", o);
  Bytes note = tlog::Sign(ctx.get(), tlog::Checkpoint(3), {&ec});
  EXPECT_EQ(0, Verify(ctx.get(), note, {&ec})) << eseal_error_last()->message;
  EXPECT_EQ(ESEAL_ECERT, Verify(ctx.get(), note, {&KeyA()}));
}

TEST(TlogCheckpoint, KeyRotation) {
  auto ctx = tlog::LogContext();
  eseal__checkpoint cp = tlog::Checkpoint(100);
  // The hand-over checkpoint carries both keys' signatures.
  Bytes both = tlog::Sign(ctx.get(), cp, {&KeyA(), &KeyB()}, {"log.example.org/2025", "log.example.org/2026"});
  size_t signer = 99;
  EXPECT_EQ(0, Verify(ctx.get(), both, {&KeyA()}, nullptr, &signer));
  EXPECT_EQ(0u, signer);
  EXPECT_EQ(0, Verify(ctx.get(), both, {&KeyB()}, nullptr, &signer));
  EXPECT_EQ(0u, signer);
  // A later checkpoint by the new key alone, checked against the list of both.
  Bytes later = tlog::Sign(ctx.get(), tlog::Checkpoint(150), {&KeyB()});
  EXPECT_EQ(0, Verify(ctx.get(), later, {&KeyA(), &KeyB()}, nullptr, &signer));
  EXPECT_EQ(1u, signer);
  // A key not listed does not count, whatever its trust.
  EXPECT_EQ(ESEAL_ECERT, Verify(ctx.get(), later, {&KeyA()}));
  EXPECT_EQ(ESEAL_ECERT, Verify(ctx.get(), later, {}));
  // A listed key whose signature fails rejects the whole note, even beside a good one.
  std::string s = Str(both);
  size_t second = s.rfind("\xE2\x80\x94 ");
  size_t pos = s.size() - 10; // inside the second line's base64
  ASSERT_GT(pos, second);
  s[pos] = s[pos] == 'A' ? 'B' : 'A';
  EXPECT_NE(0, Verify(ctx.get(), B(s), {&KeyA(), &KeyB()}));
}

TEST(TlogCheckpoint, ListedCaCertificatesCompleteTheChain) {
  auto ctx = tlog::LogContext();
  pki::CertOptions ca;
  ca.ca = true;
  ca.key_usage = 0x04 | 0x02;
  sm2::Identity intermediate = pki::Issue("Log Issuing CA", ca, &tlog::LogRoot());
  sm2::Identity leaf = pki::Issue("Log key under an intermediate", {}, &intermediate);
  Bytes note = tlog::Sign(ctx.get(), tlog::Checkpoint(8), {&leaf});
  EXPECT_EQ(ESEAL_ECERT, Verify(ctx.get(), note, {&leaf}));
  size_t signer = 99;
  EXPECT_EQ(0, Verify(ctx.get(), note, {&intermediate, &leaf}, nullptr, &signer))
      << eseal_error_last()->message;
  EXPECT_EQ(1u, signer);
}

TEST(TlogCheckpoint, SameKeyUnderAnotherNameIsUnknown) {
  auto ctx = tlog::LogContext();
  Bytes note = tlog::Sign(ctx.get(), tlog::Checkpoint(5), {&KeyA()}, {"log.example.org/a"});
  std::string s = Str(note);
  size_t at = s.find("log.example.org/a ");
  s.replace(at, strlen("log.example.org/a"), "log.example.org/b");
  EXPECT_EQ(ESEAL_ECERT, Verify(ctx.get(), B(s), {&KeyA()}));
}

TEST(TlogCheckpoint, RoleAndValidityOfTheLogKey) {
  Bytes note = tlog::Sign(tlog::LogContext().get(), tlog::Checkpoint(9), {&KeyA()});
  // An anchor trusted for everything but the log-signer role does not vouch for log keys.
  auto wrong_role = tlog::LogContext(ESEAL_ROLES_ALL & ~ESEAL_ROLE_LOG_SIGNER);
  EXPECT_EQ(ESEAL_ECERT, Verify(wrong_role.get(), note, {&KeyA()}));
  EXPECT_NE(nullptr, strstr(eseal_error_last()->message, "log-signer"));
  // No anchor at all.
  eseal_ctx *bare = nullptr;
  ASSERT_EQ(0, eseal_ctx_new(&bare));
  pki::CtxPtr bare_ctx(bare);
  EXPECT_EQ(ESEAL_ECERT, Verify(bare, note, {&KeyA()}));
  // A self-signed log key is not trusted because it says so.
  sm2::Identity self = pki::Issue("Self log key", {}, nullptr);
  Bytes self_note = tlog::Sign(tlog::LogContext().get(), tlog::Checkpoint(9), {&self});
  EXPECT_EQ(ESEAL_ECERT, Verify(tlog::LogContext().get(), self_note, {&self}));
  // The key must have been valid at the checkpoint's time.
  pki::CertOptions o;
  o.not_before = kNow - 2 * kYear;
  o.not_after = kNow - kYear;
  sm2::Identity expired = tlog::LogKey("Expired log key", o);
  auto ctx = tlog::LogContext();
  Bytes old_ok = tlog::Sign(ctx.get(), tlog::Checkpoint(9, 1, "o", kNow - kYear - kDay), {&expired});
  EXPECT_EQ(0, Verify(ctx.get(), old_ok, {&expired})) << eseal_error_last()->message;
  Bytes late = tlog::Sign(ctx.get(), tlog::Checkpoint(9, 1, "o", kNow - kYear + kDay), {&expired});
  EXPECT_EQ(ESEAL_ECERT, Verify(ctx.get(), late, {&expired}));
  // A key without signing usages may not sign checkpoints.
  pki::CertOptions enc;
  enc.key_usage = 0x20; // keyEncipherment
  sm2::Identity enc_key = tlog::LogKey("Encryption key", enc);
  Bytes enc_note = tlog::Sign(ctx.get(), tlog::Checkpoint(9), {&enc_key});
  EXPECT_EQ(ESEAL_ECERT, Verify(ctx.get(), enc_note, {&enc_key}));
}

TEST(TlogCheckpoint, EveryByteFlipIsRefused) {
  auto ctx = tlog::LogContext();
  Bytes note = tlog::Sign(ctx.get(), tlog::Checkpoint(42), {&KeyA()});
  ASSERT_EQ(0, Verify(ctx.get(), note, {&KeyA()}));
  for (size_t i = 0; i < note.size(); i++)
    for (uint8_t mask : {0x01, 0x20}) {
      Bytes t = note;
      t[i] ^= mask;
      EXPECT_NE(0, Verify(ctx.get(), t, {&KeyA()})) << "byte " << i << " ^ " << int(mask);
    }
  // Truncated anywhere, or extended.
  for (size_t n = 0; n < note.size(); n++)
    EXPECT_NE(0, Verify(ctx.get(), Bytes(note.begin(), note.begin() + n), {&KeyA()})) << n;
  Bytes longer = note;
  longer.push_back('\n');
  EXPECT_NE(0, Verify(ctx.get(), longer, {&KeyA()}));
}

TEST(TlogCheckpoint, ParserIsStrict) {
  auto ctx = tlog::LogContext();
  std::string good = Str(tlog::Sign(ctx.get(), tlog::Checkpoint(42), {&KeyA()}));
  ASSERT_EQ(0, Parse(good));
  size_t blank = good.find("\n\n");
  std::string body = good.substr(0, blank + 1), sigs = good.substr(blank + 2);
  auto with = [&](const std::string &from, const std::string &to) {
    std::string s = good;
    size_t at = s.find(from);
    EXPECT_NE(std::string::npos, at) << from;
    return s.replace(at, from.size(), to);
  };
  const std::string root = "QkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGE=";
  struct Case {
    std::string text;
    int rc;
    const char *why;
  } cases[] = {
      {good.substr(0, good.size() - 1), ESEAL_EFORMAT, "no final newline"},
      {body + "\n", ESEAL_EFORMAT, "no signature"},
      {body + sigs, ESEAL_EFORMAT, "no blank line"},
      {body + "\n\n" + sigs, ESEAL_EFORMAT, "two blank lines"},
      {body + "x\n" + sigs, ESEAL_EFORMAT, "a sixth line where the blank line belongs"},
      {with("\n42\n", "\n042\n"), ESEAL_EFORMAT, "leading zero"},
      {with("\n42\n", "\n+42\n"), ESEAL_EFORMAT, "sign"},
      {with("\n42\n", "\n18446744073709551616\n"), ESEAL_EFORMAT, "size overflow"},
      {with("\n42\n", "\n\n"), ESEAL_EFORMAT, "empty size"},
      {with(root, root.substr(0, 42) + "F="), ESEAL_EFORMAT, "non-canonical base64 (stray bits)"},
      {with(root, root.substr(0, 43) + "F"), ESEAL_EFORMAT, "33 bytes without padding"},
      {with(root, root.substr(4)), ESEAL_EFORMAT, "short root"},
      {with(root, root + "AAAA"), ESEAL_EFORMAT, "long root"},
      {with(root, root.substr(0, 20) + " " + root.substr(21)), ESEAL_EFORMAT, "space in base64"},
      {with("eseal-hash SM3", "eseal-hash SM2"), ESEAL_EFORMAT, "unknown hash"},
      {with("eseal-hash SM3", "eseal-hash  SM3"), ESEAL_EFORMAT, "double space"},
      {with("eseal-time ", "eseal-time -"), ESEAL_EFORMAT, "negative time"},
      {with("eseal-time ", "eseal-time 9223372036854775808"), ESEAL_EFORMAT, "time overflow"},
      {with("eseal-time ", "eseal-tim "), ESEAL_EFORMAT, "no time line"},
      {with("\n\n", "\nextra\n\n"), ESEAL_EFORMAT, "extra body line"},
      {with("\n", "\r\n"), ESEAL_EFORMAT, "carriage return"},
      {with("tenant-a", "tenant\x01"), ESEAL_EFORMAT, "control character"},
      {with("tenant-a", "tenant\xC0\xAF"), ESEAL_EFORMAT, "overlong UTF-8"},
      {with("example.org", " example.org"), ESEAL_EFORMAT, "leading space in origin"},
      {with("\xE2\x80\x94 ", "-- "), ESEAL_EFORMAT, "no em dash"},
      {with("log.example.org/key0", "log+key0"), ESEAL_EFORMAT, "plus in key name"},
      {with("log.example.org/key0 ", "log.example.org/key0  "), ESEAL_EFORMAT, "double space"},
      {with("log.example.org/key0 ", ""), ESEAL_EFORMAT, "no key name"},
      {body + "\n\xE2\x80\x94 k AAAA\n", ESEAL_EFORMAT, "signature of 3 bytes"},
      {std::string(256, 'o') + good.substr(good.find('\n')), ESEAL_ELIMIT, "origin too long"},
      {with("log.example.org/key0", std::string(256, 'k')), ESEAL_ELIMIT, "key name too long"},
      {body + "\n" + std::string(), ESEAL_EFORMAT, "empty signature block"},
  };
  for (const Case &c : cases)
    EXPECT_EQ(c.rc, Parse(c.text)) << c.why;
  // 16 signatures are accepted, 17 are not.
  std::string line = sigs;
  std::string sixteen = body + "\n", seventeen;
  for (int i = 0; i < 16; i++)
    sixteen += line;
  seventeen = sixteen + line;
  EXPECT_EQ(0, Parse(sixteen));
  EXPECT_EQ(ESEAL_ELIMIT, Parse(seventeen));
  // A whole note longer than the limit is refused before parsing.
  EXPECT_EQ(ESEAL_ELIMIT, Parse(good + std::string(ESEAL__CKPT_TEXT_MAX, '\n')));
  // The verifier refuses what the parser refuses.
  EXPECT_EQ(ESEAL_EFORMAT, Verify(ctx.get(), B(with("\n42\n", "\n042\n")), {&KeyA()}));
}

TEST(TlogCheckpoint, SignerRefusesUnwritableInput) {
  auto ctx = tlog::LogContext();
  auto key = pki::Key(KeyA());
  eseal_key *k = key.get();
  eseal_buf out = ESEAL_BUF_INIT;
  eseal__checkpoint cp = tlog::Checkpoint(1);
  const char *bad_names[] = {"has space", "has+plus", ""};
  for (const char *name : bad_names)
    EXPECT_EQ(ESEAL_EINVAL, eseal__checkpoint_sign(ctx.get(), &cp, &k, &name, 1, &out)) << name;
  const char *name = "ok";
  EXPECT_EQ(ESEAL_EINVAL, eseal__checkpoint_sign(ctx.get(), &cp, &k, &name, 0, &out));
  cp.origin[0] = '\0';
  EXPECT_EQ(ESEAL_EINVAL, eseal__checkpoint_sign(ctx.get(), &cp, &k, &name, 1, &out));
  cp = tlog::Checkpoint(1);
  cp.time = -1;
  EXPECT_EQ(ESEAL_EINVAL, eseal__checkpoint_sign(ctx.get(), &cp, &k, &name, 1, &out));
  cp = tlog::Checkpoint(1);
  cp.alg = static_cast<eseal__tlog_hash>(7);
  EXPECT_EQ(ESEAL_EINVAL, eseal__checkpoint_sign(ctx.get(), &cp, &k, &name, 1, &out));
  EXPECT_EQ(nullptr, out.ptr);
}

} // namespace
