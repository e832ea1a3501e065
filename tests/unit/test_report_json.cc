// The JSON report and the inspect JSON name their schema and write every key, null when
// empty. With ESEAL_JSON_SAMPLES=DIR each case also writes its JSON into DIR, which
// tests/cli/test_schema.py validates against doc/schema/.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "../support/workflow.h"

using namespace workflow;

namespace {

std::string Json(const eseal_report *r) {
  Buf json;
  EXPECT_EQ(eseal_report_to_json(r, &json.b), 0) << LastError();
  return std::string(reinterpret_cast<const char *>(json.b.ptr), json.b.size);
}

// Writes `json` to $ESEAL_JSON_SAMPLES/<name>.json when that variable is set.
void Keep(const std::string &name, const std::string &json) {
  const char *dir = std::getenv("ESEAL_JSON_SAMPLES");
  if (dir == nullptr || *dir == 0)
    return;
  std::ofstream(std::string(dir) + "/" + name + ".json", std::ios::binary) << json;
}

bool Has(const std::string &json, const std::string &member) {
  return json.find(member) != std::string::npos;
}

}  // namespace

TEST(ReportJson, APassedReportWritesEveryKeyWithNullsForTheEmptyOnes) {
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  ReportPtr r;
  Verify(r, ctx.get(), sig.p, &kDocument);
  const std::string j = Json(r.p);
  Keep("report_passed", j);
  EXPECT_EQ(j.rfind("{\"schema\":\"" ESEAL_REPORT_SCHEMA "\",", 0), 0u) << j;
  EXPECT_TRUE(Has(j, "\"sub_indication\":null,\"subject\":")) << j;
  // A passed check names its indication and a null sub-indication.
  EXPECT_TRUE(Has(j, "{\"id\":\"format\",\"status\":\"OK\",\"indication\":\"TOTAL_PASSED\","
                     "\"sub_indication\":null,")) << j;
  // No timestamp was verified and no POE given: present, null.
  EXPECT_TRUE(Has(j, "\"timestamp\":null")) << j;
  EXPECT_TRUE(Has(j, "\"proof_of_existence\":null")) << j;
}

TEST(ReportJson, AFailedReportAndASealAloneKeepTheSameKeys) {
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  Bytes other = kDocument;
  other[0] ^= 1;
  ReportPtr failed;
  Verify(failed, ctx.get(), sig.p, &other);
  const std::string f = Json(failed.p);
  Keep("report_hash_failure", f);
  EXPECT_TRUE(Has(f, "\"indication\":\"TOTAL_FAILED\",\"sub_indication\":\"HASH_FAILURE\"")) << f;

  size_t len = 0;
  const uint8_t *der = eseal_seal_bytes(seal.p, &len);
  ReportPtr alone;
  VerifyBytes(alone, ctx.get(), Bytes(der, der + len), nullptr);
  const std::string s = Json(alone.p);
  Keep("report_seal", s);
  // A seal has no signer, no propertyInfo and no claimed signing time.
  for (const char *member : {"\"signer\":null", "\"property_info\":null", "\"claimed_signing\":null"})
    EXPECT_TRUE(Has(s, member)) << member << " in " << s;
}

TEST(ReportJson, InputThatDoesNotParseStillHasEveryKey) {
  auto ctx = pki::Context();
  ReportPtr r;
  VerifyBytes(r, ctx.get(), Bytes{0x30, 0x03, 0x02, 0x01}, nullptr);
  const std::string j = Json(r.p);
  Keep("report_format_failure", j);
  EXPECT_TRUE(Has(j, "\"kind\":\"unknown\"")) << j;
  EXPECT_TRUE(Has(j, "\"format\":null,\"esid\":null,\"seal_name\":null")) << j;
  EXPECT_TRUE(Has(j, "\"warnings\":[],\"certificates\":[]")) << j;
}

TEST(ReportJson, InspectJsonNamesItsSchemaOnlyAtTheTop) {
  auto ctx = pki::Context();
  SealPtr seal;
  SignaturePtr sig;
  ASSERT_NO_FATAL_FAILURE(MakeStamped(ctx.get(), seal, sig));
  Buf a, b;
  ASSERT_EQ(eseal_signature_to_json(&a.b, sig.p), 0) << LastError();
  ASSERT_EQ(eseal_seal_to_json(&b.b, seal.p), 0) << LastError();
  const std::string signature(reinterpret_cast<const char *>(a.b.ptr), a.b.size);
  const std::string alone(reinterpret_cast<const char *>(b.b.ptr), b.b.size);
  Keep("inspect_signature", signature);
  Keep("inspect_seal", alone);
  const std::string schema = "\"schema\":\"" ESEAL_INSPECT_SCHEMA "\"";
  EXPECT_EQ(signature.rfind("{" + schema + ",\"kind\":\"signature\"", 0), 0u) << signature;
  EXPECT_EQ(signature.find(schema, 2), std::string::npos) << "the embedded seal has no schema key";
  EXPECT_EQ(alone.rfind("{" + schema + ",\"kind\":\"seal\"", 0), 0u) << alone;
  // A certificate that parses has a null parse_error; every key is there.
  EXPECT_TRUE(Has(signature, "\"parse_error\":null,\"subject\":")) << signature;
}
