/*
 * Signed checkpoints of the usage log: a signed note (c2sp.org/signed-note)
 * in the c2sp.org/tlog-checkpoint shape. Byte format in doc/usage-log.md,
 * "Checkpoints":
 *
 *   <origin>\n
 *   <tree size, decimal, no leading zeros>\n
 *   <base64 of the 32-byte root hash>\n
 *   eseal-hash <SM3|SHA-256>\n
 *   eseal-time <seconds since 1970-01-01T00:00:00Z, decimal>\n
 *   \n
 *   — <key name> <base64(4-byte key ID ‖ DER signature)>\n      (1 to 16 lines)
 *
 * The signature covers the note text (the five body lines with their
 * newlines). The key ID is the first four bytes of
 *   SHA-256(key name ‖ 0x0A ‖ 0xFF ‖ "eseal/" ‖ algorithm ‖ 0x0A ‖ SubjectPublicKeyInfo DER)
 * (signed-note's 0xFF: a signature type named by a longer identifier);
 * algorithm is "SM2-SM3" (SM2 with the context's SM2 ID), "ECDSA-SHA256" or
 * "RSA-SHA256".
 *
 * Verification accepts a checkpoint when a signature line whose key name and
 * ID match one of the given certificates verifies with it, and that
 * certificate chains to an anchor trusted for ESEAL_ROLE_LOG_SIGNER and is
 * valid at the checkpoint's time. A matching line that does not verify fails
 * the whole checkpoint; lines of unknown keys are skipped (key rotation: a
 * checkpoint may carry the old and the new key's signatures).
 *
 * Floor 4 (usage_log/): uses crypto/, x509/ and context/.
 */
#ifndef ESEAL_USAGE_LOG_CHECKPOINT_H
#define ESEAL_USAGE_LOG_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "eseal/cert.h"
#include "eseal/common.h"
#include "eseal/context.h"
#include "eseal/key.h"
#include "merkle.h"

/* Parser limits: longer or more is refused with ESEAL_ELIMIT. */
#define ESEAL__CKPT_ORIGIN_MAX 255   /* bytes of the origin line */
#define ESEAL__CKPT_KEY_NAME_MAX 255 /* bytes of a key name */
#define ESEAL__CKPT_SIGS_MAX 16      /* signature lines */
#define ESEAL__CKPT_SIG_MAX 600      /* bytes of one signature (RSA-4096 is 512) */
#define ESEAL__CKPT_TEXT_MAX 16384   /* bytes of the whole signed note */

typedef struct eseal__checkpoint {
  char origin[ESEAL__CKPT_ORIGIN_MAX + 1];
  uint64_t size;
  uint8_t root[32];
  eseal__tlog_hash alg;
  int64_t time; /* >= 0 */
} eseal__checkpoint;

typedef struct eseal__note_sig {
  char key_name[ESEAL__CKPT_KEY_NAME_MAX + 1];
  uint32_t key_id;
  uint8_t sig[ESEAL__CKPT_SIG_MAX];
  size_t sig_len;
} eseal__note_sig;

typedef struct eseal__signed_checkpoint {
  eseal__checkpoint cp;
  size_t text_len; /* the signed note text is the input's first text_len bytes */
  size_t sig_count;
  eseal__note_sig sigs[ESEAL__CKPT_SIGS_MAX];
} eseal__signed_checkpoint;

/* The note text of `cp` (what is signed). ESEAL_EINVAL raised when a field is not writable. */
int eseal__checkpoint_text(const eseal__checkpoint *cp, eseal_buf *out);

/* The key ID of a key name, public key and algorithm name (see above). */
int eseal__checkpoint_key_id(const char *key_name, EVP_PKEY *pub, const char *algorithm,
                             uint32_t *id);

/*
 * Signs `cp` with `n` keys (1..ESEAL__CKPT_SIGS_MAX; names[i] is keys[i]'s key
 * name: non-empty, no spaces, no '+', printable). SM2 keys sign with the
 * context's SM2 ID; backend keys sign through their backend. `out` holds the
 * signed note.
 */
int eseal__checkpoint_sign(const eseal_ctx *ctx, const eseal__checkpoint *cp,
                           eseal_key *const *keys, const char *const *names, size_t n,
                           eseal_buf *out);

/*
 * Strict parse of a signed note: exactly the layout above, UTF-8 without
 * control characters other than newline, canonical base64 and decimals,
 * limits. ESEAL_EFORMAT or ESEAL_ELIMIT raised. Signatures are not checked.
 */
int eseal__checkpoint_parse(const uint8_t *data, size_t len, eseal__signed_checkpoint *out);

/*
 * Parses and verifies against `certs` (see above); the certificates listed
 * also serve as intermediates of each other's chains, so a log signer's CA
 * certificates may come with it. On success *out holds the
 * checkpoint and *signer the index in `certs` of a certificate that signed it.
 * ESEAL_EFORMAT / ESEAL_ELIMIT (not a checkpoint), ESEAL_ETAMPERED (a known
 * key's signature does not verify), ESEAL_ECERT (no signature by a listed
 * certificate, or no such certificate trusted as a log signer then).
 */
int eseal__checkpoint_verify(const eseal_ctx *ctx, const uint8_t *data, size_t len,
                             const eseal_cert *const *certs, size_t ncerts,
                             eseal__signed_checkpoint *out, size_t *signer);

#endif
