// The text report of seals and signatures whose text fields (and certificate
// names) carry newlines, terminal escapes and bidi controls: every line keeps
// one of the renderer's own prefixes, and the one "Result:" line is the real verdict.
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../support/fixtures.h"
#include "../support/hostile.h"
#include "../support/workflow.h"

using namespace workflow;

namespace {

std::vector<std::string> Lines(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The report as text, with the assertions that hold for any report:
// nothing but printable single-line UTF-8 on each line, each line one of the
// renderer's own, and exactly one "Result:" line, equal to `result`.
std::string CheckedText(const eseal_report *r, const std::string &result) {
  Buf text;
  EXPECT_EQ(eseal_report_to_text(r, &text.b), 0) << LastError();
  const std::string s(reinterpret_cast<const char *>(text.b.ptr), text.b.size);
  EXPECT_FALSE(s.empty());
  EXPECT_EQ(s.back(), '\n');
  for (size_t i = 0; i < s.size(); i++) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    EXPECT_TRUE((c >= 0x20 && c != 0x7f) || c == '\n') << "byte " << i << ": " << int(c);
  }
  for (const char *banned : {"\xc2\x80", "\xc2\x85", "\xc2\x9b", "\xd8\x9c", "\xe2\x80\x8e",
                             "\xe2\x80\x8f", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaa",
                             "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", "\xe2\x80\xae",
                             "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9"})
    EXPECT_EQ(s.find(banned), std::string::npos) << "a control or bidi character in\n" << s;

  // The renderer's lines, section by section (see eseal_report_to_text).
  static const std::regex heading("Verification of a (seal|signature)|Checks:|Times:|Warnings:|Certificates:|");
  static const std::regex fact("  [a-z_]+ +[^ ].*");
  static const std::regex check("  (OK|NOT_OK|WARNING|INFO|SKIPPED) +[a-z_.]+ +[^ ].*");
  static const std::regex time("  (validation|claimed signing|timestamp|best signature) +"
                               "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
  static const std::regex warning("  [a-z0-9_]+\\.[a-z0-9_]+ at [A-Za-z0-9_.>\\[\\] ]+: .*");
  static const std::regex cert("  [a-z-]+ +[^ ].* \\(serial [0-9a-f]+, [0-9TZ:-]+ to [0-9TZ:-]+\\)");
  std::string section = "head";
  int results = 0;
  for (const auto &line : Lines(s)) {
    if (line.rfind("Result:", 0) == 0) {
      results++;
      EXPECT_EQ(line, "Result: " + result);
      continue;
    }
    if (std::regex_match(line, heading)) {
      if (!line.empty()) section = line.rfind("Verification", 0) == 0 ? "head" : line;
      continue;
    }
    const std::regex &expected = section == "head"        ? fact
                                 : section == "Checks:"   ? check
                                 : section == "Times:"    ? time
                                 : section == "Warnings:" ? warning
                                                          : cert;
    EXPECT_TRUE(std::regex_match(line, expected)) << "in " << section << ": [" << line << "]";
  }
  EXPECT_EQ(results, 1) << s;
  return s;
}

bool HasLine(const std::string &text, const std::string &line) {
  for (const auto &l : Lines(text))
    if (l == line) return true;
  return false;
}

std::string LineStarting(const std::string &text, const std::string &prefix) {
  for (const auto &l : Lines(text))
    if (l.rfind(prefix, 0) == 0) return l;
  return "";
}

void VerifyHostile(ReportPtr &out, const fixtures::SigSpec &spec, const Bytes &document) {
  eseal_ctx *ctx = nullptr;
  ASSERT_EQ(eseal_ctx_new(&ctx), 0);
  pki::CtxPtr owner(ctx);
  eseal_ctx_set_fixed_time(ctx, hostile::kSigningTime + pki::kDay);
  ASSERT_EQ(eseal_ctx_add_trust_cert(ctx, pki::Cert(hostile::Pki().root).get()), 0) << LastError();
  VerifyBytes(out, ctx, fixtures::BuildSignature(spec).bytes, &document);
}

// Every hostile field is on its own line, escaped as documented.
void ExpectFieldsEscaped(const std::string &text) {
  EXPECT_TRUE(HasLine(text, "  esid             " + hostile::kEsid.shown)) << text;
  EXPECT_TRUE(HasLine(text, "  seal_name        " + hostile::kSealName.shown)) << text;
  EXPECT_TRUE(HasLine(text, "  property_info    " + hostile::kPropertyInfo.shown)) << text;
  std::string signer = LineStarting(text, "  signer           ");
  EXPECT_NE(signer.find(hostile::kSignerShown), std::string::npos) << signer;
  EXPECT_NE(signer.find("Result: TOTAL_PASSED"), std::string::npos) << signer;
  std::string maker = LineStarting(text, "  maker         ");
  EXPECT_NE(maker.find(hostile::kMakerShown), std::string::npos) << text;
}

TEST(ReportEscape, HostileSignatureThatPasses) {
  ReportPtr r;
  ASSERT_NO_FATAL_FAILURE(VerifyHostile(r, hostile::SignatureSpec(), kDocument));
  ASSERT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
  std::string text = CheckedText(r.p, "TOTAL_PASSED");
  ExpectFieldsEscaped(text);
  // The name of the trust anchor, quoted by the chain checks, is escaped too.
  EXPECT_NE(text.find(hostile::kRootShown), std::string::npos) << text;
  // The non-ASCII bytes of the IA5String fields are reported, and the warning lines are ours.
  EXPECT_NE(text.find("\nWarnings:\n"), std::string::npos) << text;
}

TEST(ReportEscape, HostileSignatureOfOtherDataFails) {
  ReportPtr r;
  ASSERT_NO_FATAL_FAILURE(VerifyHostile(r, hostile::SignatureSpec(), der::Str("other data")));
  ASSERT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_FAILED) << Text(r.p);
  std::string text = CheckedText(r.p, "TOTAL_FAILED / HASH_FAILURE");
  ExpectFieldsEscaped(text);
}

TEST(ReportEscape, HostileSignerOutsideTheSealFails) {
  // The signer is not the one the seal lists: signer.binding fails, its message quoting names.
  fixtures::SigSpec spec = hostile::SignatureSpec();
  spec.seal.certs = {hostile::Pki().maker.cert};
  ReportPtr r;
  ASSERT_NO_FATAL_FAILURE(VerifyHostile(r, spec, kDocument));
  ASSERT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_FAILED) << Text(r.p);
  EXPECT_EQ(Status(r.p, "signer.binding"), "NOT_OK");
  CheckedText(r.p, std::string("TOTAL_FAILED / ") +
                       eseal_sub_indication_name(eseal_report_sub_indication(r.p)));
}

TEST(ReportEscape, HostileSealVerifiedAlone) {
  Bytes seal = fixtures::BuildSeal(hostile::SignatureSpec().seal).bytes;
  eseal_ctx *ctx = nullptr;
  ASSERT_EQ(eseal_ctx_new(&ctx), 0);
  pki::CtxPtr owner(ctx);
  eseal_ctx_set_fixed_time(ctx, hostile::kSigningTime);
  ASSERT_EQ(eseal_ctx_add_trust_cert(ctx, pki::Cert(hostile::Pki().root).get()), 0);
  ReportPtr r;
  VerifyBytes(r, ctx, seal, nullptr);
  ASSERT_EQ(eseal_report_indication(r.p), ESEAL_TOTAL_PASSED) << Text(r.p);
  std::string text = CheckedText(r.p, "TOTAL_PASSED");
  EXPECT_TRUE(HasLine(text, "  seal_name        " + hostile::kSealName.shown)) << text;
}

// The JSON report keeps the exact text under JSON's escaping, which also covers C1 controls
// and the line and paragraph separators.
TEST(ReportEscape, JsonKeepsTheTextAndEscapesControlsAndSeparators) {
  ReportPtr r;
  ASSERT_NO_FATAL_FAILURE(VerifyHostile(r, hostile::SignatureSpec(), kDocument));
  Buf json;
  ASSERT_EQ(eseal_report_to_json(r.p, &json.b), 0);
  const std::string s(reinterpret_cast<const char *>(json.b.ptr), json.b.size);
  for (size_t i = 0; i + 1 < s.size(); i++)
    ASSERT_GE(static_cast<unsigned char>(s[i]), 0x20) << i;
  EXPECT_EQ(s.find("\xe2\x80\xa8"), std::string::npos);
  EXPECT_EQ(s.find("\xe2\x80\xa9"), std::string::npos);
  EXPECT_EQ(s.find("\xc2\x85"), std::string::npos);
  EXPECT_NE(s.find("\"seal_name\":\"测试章\\u0085\\u000aResult: TOTAL_PASSED"), std::string::npos);
  EXPECT_NE(s.find("\"esid\":\"3301\\u000d\\u001b[1AResult: TOTAL_PASSED\""), std::string::npos) << s;
  EXPECT_NE(s.find("/Doc_0\\u2028Result: TOTAL_PASSED\\u2029\xe2\x81\xa6\\\\n"), std::string::npos)
      << s;
}

}  // namespace
