// eseal_data from a file: hashed with SM3 only (what SM2 stamps carry); SHA-256
// or SHA-1 are computed by reading the file again when a signature needs them,
// and the file must not have changed. A digest not computed never matches.
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "../support/workflow.h"

extern "C" {
#include "stamp/data.h"
}

using namespace workflow;

namespace {

struct DataDeleter { void operator()(eseal_data *d) const { eseal_data_free(d); } };
using DataHolder = std::unique_ptr<eseal_data, DataDeleter>;

class DataDigests : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = "/tmp/eseal-data-" + std::to_string(getpid()) + ".txt";
    Write(kDocument);
    ctx_ = pki::Context();
    pki::CertOptions ec;
    ec.key_type = "EC";
    ec_signer_ = pki::Issue("EC Signer", ec, &pki::Root());
    // An EC P-256 signer's seal and stamp over kDocument: its dataHash is SHA-256.
    ASSERT_EQ(MakeSeal(ec_seal_, ctx_.get(), {}, pki::Maker(), ec_signer_), 0) << LastError();
    ASSERT_EQ(Stamp(ec_sig_, ctx_.get(), ec_seal_.p, ec_signer_), 0) << LastError();
  }
  void TearDown() override { std::remove(path_.c_str()); }

  void Write(const Bytes &b) {
    FILE *f = std::fopen(path_.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fwrite(b.data(), 1, b.size(), f), b.size());
    std::fclose(f);
  }

  DataHolder FromFile() {
    eseal_data *d = nullptr;
    EXPECT_EQ(eseal_data_from_file(&d, path_.c_str()), 0) << LastError();
    return DataHolder(d);
  }

  int VerifyWith(const eseal_signature *sig, const eseal_data *d, eseal_indication *ind) {
    eseal_report *r = nullptr;
    int rc = eseal_verify(&r, ctx_.get(), sig, d, nullptr);
    if (rc == 0) *ind = eseal_report_indication(r);
    eseal_report_free(r);
    return rc;
  }

  std::string path_;
  pki::CtxPtr ctx_;
  sm2::Identity ec_signer_;
  SealPtr ec_seal_;
  SignaturePtr ec_sig_;
};

TEST_F(DataDigests, AnSm2StampNeedsOnlySm3) {
  SealPtr seal;
  SignaturePtr sig;
  MakeStamped(ctx_.get(), seal, sig);
  DataHolder d = FromFile();
  EXPECT_EQ(d->have, ESEAL__DATA_SM3);
  eseal_indication ind;
  ASSERT_EQ(VerifyWith(sig.p, d.get(), &ind), 0) << LastError();
  EXPECT_EQ(ind, ESEAL_TOTAL_PASSED);
  EXPECT_EQ(d->have, ESEAL__DATA_SM3);
}

TEST_F(DataDigests, AnEcStampReadsTheFileAgainForSha256) {
  DataHolder d = FromFile();
  eseal_indication ind;
  ASSERT_EQ(VerifyWith(ec_sig_.p, d.get(), &ind), 0) << LastError();
  EXPECT_EQ(ind, ESEAL_TOTAL_PASSED);
  EXPECT_EQ(d->have, ESEAL__DATA_SM3 | ESEAL__DATA_SHA256);
  // Stamping from the file with the EC key hashes it for SHA-256 too.
  DataHolder fresh = FromFile();
  pki::KeyPtr key = pki::Key(ec_signer_);
  pki::CertPtr cert = pki::Cert(ec_signer_);
  eseal_signature *again = nullptr;
  ASSERT_EQ(eseal_stamp(&again, ctx_.get(), ec_seal_.p, key.get(), cert.get(), fresh.get(), nullptr), 0)
      << LastError();
  EXPECT_EQ(VerifyWith(again, d.get(), &ind), 0);
  EXPECT_EQ(ind, ESEAL_TOTAL_PASSED);
  eseal_signature_free(again);
}

// The SM3 taken when the data was made is the reference: a file changed since
// is an error when read again, never a digest of other contents.
TEST_F(DataDigests, AFileChangedBeforeItIsReadAgainIsAnError) {
  DataHolder d = FromFile();
  Bytes other = kDocument;
  other[0] ^= 1;
  Write(other);
  eseal_indication ind;
  EXPECT_EQ(VerifyWith(ec_sig_.p, d.get(), &ind), ESEAL_EIO);
  EXPECT_NE(LastError().find("changed"), std::string::npos) << LastError();
  std::remove(path_.c_str());
  EXPECT_EQ(VerifyWith(ec_sig_.p, d.get(), &ind), ESEAL_EIO);
}

// A path replaced since by a pipe or a device is refused before a byte is
// read: a pipe without a writer would block, /dev/zero would never end.
TEST_F(DataDigests, APathReplacedByAPipeOrADeviceIsRefusedWithoutReading) {
  for (const char *replacement : {"fifo", "/dev/zero"}) {
    Write(kDocument);
    DataHolder d = FromFile();
    ASSERT_EQ(std::remove(path_.c_str()), 0);
    if (std::string(replacement) == "fifo")
      ASSERT_EQ(mkfifo(path_.c_str(), 0600), 0);
    else
      ASSERT_EQ(symlink(replacement, path_.c_str()), 0);
    eseal_indication ind;
    EXPECT_EQ(VerifyWith(ec_sig_.p, d.get(), &ind), ESEAL_EIO) << replacement;
    EXPECT_NE(LastError().find("changed"), std::string::npos) << LastError();
    std::remove(path_.c_str());
  }
}

// A pipe is read once, with every digest.
TEST_F(DataDigests, APipeIsHashedWithEveryDigestAtOnce) {
  std::remove(path_.c_str());
  ASSERT_EQ(mkfifo(path_.c_str(), 0600), 0);
  std::thread writer([&] { Write(kDocument); });
  DataHolder d = FromFile();
  writer.join();
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->have, ESEAL__DATA_ALL);
  std::remove(path_.c_str());
  eseal_indication ind;
  ASSERT_EQ(VerifyWith(ec_sig_.p, d.get(), &ind), 0) << LastError();
  EXPECT_EQ(ind, ESEAL_TOTAL_PASSED);
}

// Digests not computed are zeros in the object: a dataHash of zeros must not
// match them, whatever its length.
TEST_F(DataDigests, ADigestNotComputedNeverMatches) {
  DataHolder d = FromFile();
  const uint8_t zeros[32] = {0};
  const char *name = nullptr;
  EXPECT_EQ(eseal__data_digest_matched(d.get(), zeros, 32), nullptr);
  EXPECT_EQ(eseal__data_digest_matched(d.get(), zeros, 20), nullptr);
  EXPECT_EQ(eseal__data_matches(d.get(), zeros, 32, &name), 0);
  EXPECT_EQ(eseal__data_matches(d.get(), zeros, 20, &name), 0);
  EXPECT_EQ(d->have, ESEAL__DATA_ALL);
}

// Threads verifying with one data object race to compute its SHA-256 (run
// under ThreadSanitizer in CI): every verification passes and the digest is there.
TEST_F(DataDigests, ThreadsSharingOneDataAllVerify) {
  DataHolder d = FromFile();
  std::vector<std::thread> threads;
  std::vector<int> passed(4, 0);
  for (int t = 0; t < 4; t++)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; i++) {
        eseal_indication ind = ESEAL_TOTAL_FAILED;
        passed[t] += VerifyWith(ec_sig_.p, d.get(), &ind) == 0 && ind == ESEAL_TOTAL_PASSED;
      }
    });
  for (auto &th : threads) th.join();
  for (int t = 0; t < 4; t++) EXPECT_EQ(passed[t], 20);
  EXPECT_EQ(d->have, ESEAL__DATA_SM3 | ESEAL__DATA_SHA256);
}

}  // namespace
