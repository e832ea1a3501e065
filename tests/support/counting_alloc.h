// An allocator for eseal_set_allocator() that counts live blocks and can
// refuse the n-th allocation, for the allocation-failure walks.
#pragma once

#include <cstdlib>

#include <eseal/sys/alloc.h>

namespace counting {

struct Counting {
  long live = 0;
  long calls = 0;
  long fail_at = -1;  // the index of the allocation to refuse, or -1
};

inline void *CountingMalloc(size_t n, void *payload) {
  auto *c = static_cast<Counting *>(payload);
  if (c->calls++ == c->fail_at) return nullptr;
  c->live++;
  return std::malloc(n);
}

inline void *CountingRealloc(void *p, size_t n, void *payload) {
  auto *c = static_cast<Counting *>(payload);
  if (c->calls++ == c->fail_at) return nullptr;
  if (p == nullptr) c->live++;
  return std::realloc(p, n);
}

inline void CountingFree(void *p, void *payload) {
  if (p) static_cast<Counting *>(payload)->live--;
  std::free(p);
}

// Installs the counting allocator over `c`; 0, or the library's error code.
inline int Install(Counting *c) {
  eseal_allocator a = ESEAL_ALLOCATOR_INIT;
  a.malloc = CountingMalloc;
  a.realloc = CountingRealloc;
  a.free = CountingFree;
  a.payload = c;
  return eseal_set_allocator(&a);
}

}  // namespace counting
