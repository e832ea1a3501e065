// The allocator hook: every allocation goes through it, every one is freed,
// and a failure at any point gives ESEAL_ENOMEM without a leak.
#include <gtest/gtest.h>

#include <cstdlib>

#include <eseal/sys/alloc.h>

#include "../support/fixtures.h"
#include "../support/helpers.h"
#include "../support/walk.h"

namespace {

struct Counting {
  long live = 0;
  long calls = 0;
  long fail_at = -1;  // the index of the allocation to refuse, or -1
};

void *CountingMalloc(size_t n, void *payload) {
  auto *c = static_cast<Counting *>(payload);
  if (c->calls++ == c->fail_at) return nullptr;
  c->live++;
  return std::malloc(n);
}

void *CountingRealloc(void *p, size_t n, void *payload) {
  auto *c = static_cast<Counting *>(payload);
  if (c->calls++ == c->fail_at) return nullptr;
  if (p == nullptr) c->live++;
  return std::realloc(p, n);
}

void CountingFree(void *p, void *payload) {
  if (p) static_cast<Counting *>(payload)->live--;
  std::free(p);
}

class AllocatorHook : public ::testing::Test {
 protected:
  void Install(Counting *c) {
    eseal_allocator a = ESEAL_ALLOCATOR_INIT;
    a.malloc = CountingMalloc;
    a.realloc = CountingRealloc;
    a.free = CountingFree;
    a.payload = c;
    ASSERT_EQ(0, eseal_set_allocator(&a));
  }
  void TearDown() override { eseal_set_allocator(nullptr); }
};

TEST_F(AllocatorHook, RefusesBadStructs) {
  eseal_allocator a = ESEAL_ALLOCATOR_INIT;
  EXPECT_EQ(ESEAL_EINVAL, eseal_set_allocator(&a));
  a.malloc = CountingMalloc;
  a.free = CountingFree;
  a.version = 42;
  EXPECT_EQ(ESEAL_EVERSION, eseal_set_allocator(&a));
}

TEST_F(AllocatorHook, EveryAllocationIsFreed) {
  Counting c;
  Install(&c);
  for (const auto &f : fixtures::CanonicalFixtures()) walk::ParseAndWalk(f.bytes.data(), f.bytes.size(), true);
  EXPECT_GT(c.calls, 0);
  EXPECT_EQ(0, c.live);
}

TEST_F(AllocatorHook, FailureAtEveryAllocationOfParseEncodeAndJson) {
  fixtures::SigSpec spec;
  spec.extensions = {{"1.2.3", true, {1}}};
  spec.extensions_form = fixtures::Form::kExplicit;
  spec.seal.raw_signature = true;  // exercise the normalisation path too
  auto bytes = fixtures::BuildSignature(spec).bytes;
  for (long n = 0;; n++) {
    Counting c;
    c.fail_at = n;
    Install(&c);
    eseal_signature *sig = nullptr;
    int rc = eseal_signature_parse(&sig, bytes.data(), bytes.size(), nullptr);
    int rc_json = 0, rc_encode = 0;
    if (rc == 0) {
      eseal_buf buf = ESEAL_BUF_INIT;
      rc_json = eseal_signature_to_json(&buf, sig);
      eseal_buf_dispose(&buf);
      rc_encode = eseal_signature_encode(&buf, sig);
      eseal_buf_dispose(&buf);
      eseal_signature_free(sig);
    } else {
      EXPECT_EQ(ESEAL_ENOMEM, rc) << "allocation " << n;
      EXPECT_EQ(nullptr, sig);
    }
    EXPECT_TRUE(rc_json == 0 || rc_json == ESEAL_ENOMEM);
    EXPECT_TRUE(rc_encode == 0 || rc_encode == ESEAL_ENOMEM);
    EXPECT_EQ(0, c.live) << "leak when allocation " << n << " failed";
    if (c.calls <= n) break;  // no allocation was refused: every point has been tried
    ASSERT_LT(n, 100000);
  }
}

}  // namespace
