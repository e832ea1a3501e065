/*
 * Merkle tree hashing in the RFC 9162 §2.1 shape (Certificate Transparency),
 * with SM3 (the usage log) or SHA-256 (to reproduce published RFC 6962 vectors).
 *
 *   leaf hash  = H(0x00 ‖ entry)
 *   node hash  = H(0x01 ‖ left ‖ right)
 *   MTH(D[n])  = H() for n = 0; the leaf hash for n = 1; otherwise, with k the
 *                largest power of two < n, H(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])).
 *
 * Storage-agnostic: the tree reads leaf hashes through a callback, so the
 * caller decides where records live. Generating a root or a proof over n
 * leaves reads every leaf once (O(n) hashes); verification is O(log n).
 * Sizes are uint64_t; a proof never has more than ESEAL__MERKLE_PATH_MAX
 * hashes (a tree of 2^64 leaves needs at most 64, RFC 9162 §2.1.3.1 / §2.1.4.1).
 *
 * Verification follows the algorithms of RFC 9162 §2.1.3.2 (inclusion) and
 * §2.1.4.2 (consistency) step by step, and returns 0 or ESEAL_ETAMPERED with a
 * message saying what did not match. Floor 4 (usage_log/), uses crypto/ only.
 */
#ifndef ESEAL_USAGE_LOG_MERKLE_H
#define ESEAL_USAGE_LOG_MERKLE_H

#include <stddef.h>
#include <stdint.h>

typedef enum eseal__tlog_hash { ESEAL__TLOG_SM3 = 1, ESEAL__TLOG_SHA256 = 2 } eseal__tlog_hash;

#define ESEAL__MERKLE_HASH_LEN 32
#define ESEAL__MERKLE_PATH_MAX 64

/* "SM3" / "SHA-256", or NULL for an unknown value. */
const char *eseal__tlog_hash_name(eseal__tlog_hash alg);

/* Writes the leaf hash of entry `index` into `hash`; 0, or a negative ESEAL_E* code (raised). */
typedef int (*eseal__leaf_fn)(void *arg, uint64_t index, uint8_t hash[32]);

/* H(0x00 ‖ entry). 0, or ESEAL_EINVAL / ESEAL_ECRYPTO raised. */
int eseal__merkle_leaf_hash(eseal__tlog_hash alg, const uint8_t *entry, size_t len,
                            uint8_t out[32]);

/* H(0x01 ‖ left ‖ right). 0, or ESEAL_EINVAL / ESEAL_ECRYPTO raised. */
int eseal__merkle_node_hash(eseal__tlog_hash alg, const uint8_t left[32], const uint8_t right[32],
                            uint8_t out[32]);

/* MTH over leaves 0..size-1 (size 0: the hash of the empty string). */
int eseal__merkle_root(eseal__tlog_hash alg, uint64_t size, eseal__leaf_fn leaf, void *arg,
                       uint8_t root[32]);

/*
 * The audit path PATH(index, D[size]) of RFC 9162 §2.1.3.1, leaf-side first.
 * Requires index < size; ESEAL_ELIMIT when the path needs more than `max` entries.
 */
int eseal__merkle_inclusion_proof(eseal__tlog_hash alg, uint64_t index, uint64_t size,
                                  eseal__leaf_fn leaf, void *arg, uint8_t path[][32], size_t max,
                                  size_t *len);

/*
 * The consistency proof PROOF(old_size, D[new_size]) of RFC 9162 §2.1.4.1.
 * Requires 0 < old_size <= new_size (equal sizes give an empty proof).
 */
int eseal__merkle_consistency_proof(eseal__tlog_hash alg, uint64_t old_size, uint64_t new_size,
                                    eseal__leaf_fn leaf, void *arg, uint8_t path[][32], size_t max,
                                    size_t *len);

/*
 * RFC 9162 §2.1.3.2: does `leaf_hash` sit at `index` of the tree of `size`
 * leaves whose root is `root`? 0, ESEAL_ETAMPERED (proof does not fit), or
 * ESEAL_ECRYPTO.
 */
int eseal__merkle_verify_inclusion(eseal__tlog_hash alg, uint64_t index, uint64_t size,
                                   const uint8_t leaf_hash[32], const uint8_t path[][32],
                                   size_t len, const uint8_t root[32]);

/*
 * RFC 9162 §2.1.4.2: is the tree (new_size, new_root) an append-only extension
 * of (old_size, old_root)? Equal sizes need equal roots and an empty proof;
 * old_size 0 is accepted with an empty proof (the empty tree is a prefix of
 * every tree). 0, ESEAL_ETAMPERED, or ESEAL_ECRYPTO.
 */
int eseal__merkle_verify_consistency(eseal__tlog_hash alg, uint64_t old_size, uint64_t new_size,
                                     const uint8_t old_root[32], const uint8_t new_root[32],
                                     const uint8_t path[][32], size_t len);

#endif
