/* Big-endian 64-bit integers in byte keys, so that keys sort by number. */
#ifndef ESEAL_CORE_BE64_H
#define ESEAL_CORE_BE64_H

#include <stdint.h>

static inline void eseal__put_be64(uint8_t *p, uint64_t v) {
  for (int i = 7; i >= 0; i--, v >>= 8)
    p[i] = (uint8_t)v;
}

static inline uint64_t eseal__get_be64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++)
    v = v << 8 | p[i];
  return v;
}

#endif
