/*
 * libeseal — keys held in PKCS#11 tokens (HSMs, USB keys, smart cards).
 *
 * A key is named by an RFC 7512 `pkcs11:` URI, for example
 *   pkcs11:token=Seals;object=maker;type=private?module-path=/usr/lib/softhsm/libsofthsm2.so
 * The module is loaded with dlopen() and initialised once per process however
 * many keys use it; it is finalised when the last key from it is freed.
 * Signing happens on the token: ECDSA P-256 with CKM_ECDSA over the SHA-256
 * digest the library computes, RSA with CKM_SHA256_RSA_PKCS over the message,
 * SM2 with a vendor mechanism described by the options. The private key never
 * leaves the device. A key from this backend may sign from several threads at
 * once: each signature runs in a session taken from the key's own pool.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_PKCS11_H
#define ESEAL_PKCS11_H

#include "cert.h"
#include "common.h"
#include "key.h"

ESEAL_BEGIN_DECL

/**
 * Asks for a PIN. Writes at most `pin_size` - 1 bytes and a NUL into `pin`,
 * returns 0, or a negative value to give up (the load fails with
 * ESEAL_EPASSWORD). `token_label` is the token's label, trailing blanks removed.
 */
typedef int (*eseal_pkcs11_pin_callback)(void *userdata, const char *token_label, char *pin,
                                         size_t pin_size);

/** What a vendor SM2 mechanism signs. */
typedef enum eseal_pkcs11_sm2_input {
  /** e = SM3(Z ‖ M), computed by the library (the usual case). */
  ESEAL_PKCS11_SM2_SIGNS_DIGEST = 0,
  /** The message; the token computes Z with the default ID "1234567812345678". */
  ESEAL_PKCS11_SM2_SIGNS_MESSAGE = 1
} eseal_pkcs11_sm2_input;

/** How a vendor SM2 mechanism returns its signature. */
typedef enum eseal_pkcs11_sm2_output {
  /** 64 bytes r ‖ s (the PKCS#11 convention for EC signatures). */
  ESEAL_PKCS11_SM2_RAW = 0,
  /** DER SEQUENCE{r, s}. */
  ESEAL_PKCS11_SM2_DER = 1
} eseal_pkcs11_sm2_output;

#define ESEAL_PKCS11_OPTIONS_VERSION 1

/**
 * Options for eseal_key_from_pkcs11(). Start from ESEAL_PKCS11_OPTIONS_INIT;
 * fields are only ever added at the end.
 *
 * The PIN is taken from the first of: `pin`, `pin_file`, `pin_env`, the URI's
 * pin-value, the URI's pin-source (a file), `pin_callback`. A token that does
 * not need a login is used without one; a token with a protected
 * authentication path (a PIN pad) logs in without a PIN. PKCS#11 keeps one
 * login per token for the whole process: while another key from the same
 * token is open, the token is already logged in and the PIN is not checked
 * again.
 *
 * With an SM2 vendor mechanism every signature the token returns is verified
 * against the public key before use, so that wrong sm2_input / sm2_output
 * settings fail at signing (ESEAL_ECRYPTO) instead of making stamps that
 * never verify.
 */
typedef struct eseal_pkcs11_options {
  /** The layout the caller filled: set by the *_INIT macro or *_init(). */
  unsigned int version;
  /**
   * The module (shared library) to load; NULL: the URI's module-path, else
   * the library p11-kit's module configuration gives for the URI's module-name.
   */
  const char *module_path;
  /** The PIN itself. */
  const char *pin;
  /** A file whose first line is the PIN. */
  const char *pin_file;
  /** The name of an environment variable holding the PIN. */
  const char *pin_env;
  eseal_pkcs11_pin_callback pin_callback; /**< Asked last, when no other source gave a PIN. */
  void *pin_userdata;                     /**< Handed to pin_callback. */
  /**
   * Non-zero: refuse a key the token would let out (CKA_SENSITIVE false or
   * CKA_EXTRACTABLE true) with ESEAL_EUNSUPPORTED.
   */
  int require_non_extractable;
  /** The vendor CKM_* value that signs with an SM2 key; 0: SM2 keys are refused. */
  unsigned long sm2_mechanism;
  /** One of eseal_pkcs11_sm2_input. */
  int sm2_input;
  /** One of eseal_pkcs11_sm2_output. */
  int sm2_output;
  /** Most idle sessions a key keeps for reuse (0: 8). More are opened while busy. */
  unsigned int max_idle_sessions;
} eseal_pkcs11_options;

#define ESEAL_PKCS11_OPTIONS_INIT \
  {ESEAL_PKCS11_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0}

/** Fills `opts` as ESEAL_PKCS11_OPTIONS_INIT does (for bindings). */
ESEAL_EXTERN(void) eseal_pkcs11_options_init(eseal_pkcs11_options *opts);

/**
 * Opens the private key `uri` names. The URI must select exactly one token
 * and one private key on it (by object label and/or id). Key types: EC on
 * P-256 (ECDSA-SHA256), RSA (RSA-SHA256), EC on the SM2 curve (SM2-SM3, needs
 * `sm2_mechanism`). `opts` may be NULL for the defaults.
 *
 * `cert_out` (may be NULL) receives the token's certificate with the key's
 * CKA_ID, or NULL when the token has none.
 *
 * Errors: ESEAL_EMODULE (no module given, or it cannot be loaded or
 * initialised), ESEAL_EFORMAT (not a valid pkcs11: URI), ESEAL_ENOTFOUND (no
 * token or key matches), ESEAL_EAMBIGUOUS (two or more tokens or keys match),
 * ESEAL_EPASSWORD (wrong or missing PIN), ESEAL_ELOCKED (the PIN is locked),
 * ESEAL_EUNSUPPORTED (key type or SM2 settings unusable, CKA_ALWAYS_AUTHENTICATE,
 * or an extractable key under require_non_extractable), ESEAL_ECRYPTO (other
 * module failures).
 */
ESEAL_EXTERN(int) eseal_key_from_pkcs11(eseal_key **out, eseal_cert **cert_out, const char *uri,
                                        const eseal_pkcs11_options *opts);

/**
 * 1 when `key` is a PKCS#11 key the token marks CKA_SENSITIVE and not
 * CKA_EXTRACTABLE (its value can never be read out), 0 when it is a PKCS#11
 * key that could be extracted, ESEAL_EINVAL for other keys.
 */
ESEAL_EXTERN(int) eseal_key_pkcs11_non_extractable(const eseal_key *key);

ESEAL_END_DECL

#endif
