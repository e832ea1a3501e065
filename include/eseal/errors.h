/*
 * libeseal — error codes and the thread-local error message.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_ERRORS_H
#define ESEAL_ERRORS_H

#include "common.h"

ESEAL_BEGIN_DECL

/**
 * Return codes. Functions return 0 on success or one of these negative values;
 * the details are in eseal_error_last(). The values never change.
 */
typedef enum eseal_error_code {
  ESEAL_OK = 0,
  /** A failure callers do not usually branch on; see the message. */
  ESEAL_ERROR = -1,
  /** Memory could not be allocated. */
  ESEAL_ENOMEM = -2,
  /** An argument was invalid (NULL where an object is required, bad option struct, …). */
  ESEAL_EINVAL = -3,
  /** The input is not a well-formed seal or signature (or the object asked for). */
  ESEAL_EFORMAT = -4,
  /** The input exceeds one of the documented resource limits (see eseal_limit()). */
  ESEAL_ELIMIT = -5,
  /** The item asked for is absent. */
  ESEAL_ENOTFOUND = -6,
  /** Reading or writing a file failed. */
  ESEAL_EIO = -7,
  /** The input uses a feature or algorithm this build does not support. */
  ESEAL_EUNSUPPORTED = -8,
  /** A versioned struct carries a version this library does not know. */
  ESEAL_EVERSION = -9,
  /** Stamping refused: the signer certificate is not in the seal's certList. */
  ESEAL_ENOTBOUND = -10,
  /** Stamping refused: the seal is outside its validity period at the signing time. */
  ESEAL_ESEALTIME = -11,
  /**
   * A certificate is unusable for the operation: not valid at the time that
   * matters, or without the digitalSignature / nonRepudiation key usage.
   */
  ESEAL_ECERT = -12,
  /** Stamping refused: the seal's maker signature does not verify. */
  ESEAL_EBADSEAL = -13,
  /** A cryptographic operation failed (bad key, backend failure, key and certificate disagree). */
  ESEAL_ECRYPTO = -14,
  /** A key could not be decrypted: wrong or missing password. */
  ESEAL_EPASSWORD = -15,
  /**
   * Dated input used outside its validity period: a trust list past its
   * next-update, or issued later than the context's clock.
   */
  ESEAL_EEXPIRED = -16,
  /** Stamping refused: the seal is frozen in the registry until a supervisor unfreezes it. */
  ESEAL_EFROZEN = -17,
  /** Stamping refused: the seal was reported lost or cancelled in the registry (final). */
  ESEAL_ELOST = -18,
  /** The item already exists (a seal registered twice, a tenant's log created twice). */
  ESEAL_EEXISTS = -19,
  /** Stored or exported data fails its integrity check: a usage log rewritten, truncated or rolled back. */
  ESEAL_ETAMPERED = -20,
  /** Stamping refused: the signer's (or a chain) certificate is revoked (doc/revocation.md). */
  ESEAL_EREVOKED = -21,
  /** Stamping refused: revocation status could not be established and the policy is hard-fail. */
  ESEAL_ESTATUS = -22,
  /** A network fetch failed: unreachable, timed out, cancelled, or an HTTP error status. */
  ESEAL_ENETWORK = -23,
  /** A fetch refused by the egress rules: scheme, private or loopback target, redirect (doc/revocation.md). */
  ESEAL_EEGRESS = -24,
  /**
   * A device library (a PKCS#11 module) is not given, cannot be loaded, or
   * fails to initialise (doc/pkcs11.md).
   */
  ESEAL_EMODULE = -25,
  /** The token's PIN is locked after too many wrong attempts (CKR_PIN_LOCKED). */
  ESEAL_ELOCKED = -26,
  /** A name (a pkcs11: URI) selects more than one token or key where one is required. */
  ESEAL_EAMBIGUOUS = -27
} eseal_error_code;

/** The last error raised on this thread. */
typedef struct eseal_error {
  /** One of eseal_error_code. */
  int code;
  /** A message for people, in English. Never NULL. */
  const char *message;
} eseal_error;

/**
 * The last error raised on the calling thread, or NULL when none was.
 * Only meaningful right after a call returned a negative code. The memory
 * belongs to the library and stays valid until the thread's next call.
 */
ESEAL_EXTERN(const eseal_error *) eseal_error_last(void);

/** Forgets the calling thread's last error. */
ESEAL_EXTERN(void) eseal_error_clear(void);

/** A short fixed description of a code ("out of memory", …); never NULL. */
ESEAL_EXTERN(const char *) eseal_strerror(int code);

ESEAL_END_DECL

#endif
