/*
 * libeseal — common definitions: export macro, version, byte buffers, limits.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_COMMON_H
#define ESEAL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define ESEAL_BEGIN_DECL extern "C" {
#define ESEAL_END_DECL }
#else
#define ESEAL_BEGIN_DECL
#define ESEAL_END_DECL
#endif

/**
 * Marks a function of the public ABI. Everything else is hidden. The library's
 * own build defines ESEAL_BUILDING (a Windows DLL then exports what its users
 * import); users of a static library define ESEAL_STATIC.
 */
#if defined(ESEAL_STATIC)
#define ESEAL_EXTERN(type) type
#elif defined(_WIN32) && defined(ESEAL_BUILDING)
#define ESEAL_EXTERN(type) __declspec(dllexport) type
#elif defined(_WIN32)
#define ESEAL_EXTERN(type) __declspec(dllimport) type
#else
#define ESEAL_EXTERN(type) __attribute__((visibility("default"))) type
#endif

ESEAL_BEGIN_DECL

/** @name Version of these headers. */
/**@{*/
#define ESEAL_VERSION_MAJOR 0
#define ESEAL_VERSION_MINOR 1
#define ESEAL_VERSION_PATCH 0
#define ESEAL_VERSION "0.1.0"
/** Integer form, comparable: 0xMMmmpp. */
#define ESEAL_VERSION_NUMBER \
  ((ESEAL_VERSION_MAJOR << 16) | (ESEAL_VERSION_MINOR << 8) | ESEAL_VERSION_PATCH)
/**@}*/

/** The version of the library actually linked, e.g. "0.1.0". */
ESEAL_EXTERN(const char *) eseal_version(void);

/** The linked library's ESEAL_VERSION_NUMBER. */
ESEAL_EXTERN(unsigned int) eseal_version_number(void);

/**
 * Bytes the library hands to the caller. Release with eseal_buf_dispose();
 * a disposed or zero-initialised buffer is empty and may be disposed again.
 * `ptr` is followed by a NUL byte that `size` does not count, so text can be
 * read as a C string.
 */
typedef struct eseal_buf {
  uint8_t *ptr; /**< The bytes; NULL when empty. */
  size_t size;  /**< How many, without the NUL that follows them. */
} eseal_buf;

/** Static initialiser for an empty buffer. */
#define ESEAL_BUF_INIT {NULL, 0}

/** Frees the bytes of `buf` (if any) and leaves it empty. NULL is accepted. */
ESEAL_EXTERN(void) eseal_buf_dispose(eseal_buf *buf);

/**
 * Replaces the contents of `buf` with a copy of `len` bytes, allocated the
 * library's way (for backends and callbacks that hand bytes to the library).
 * ESEAL_ENOMEM on failure, leaving `buf` empty.
 */
ESEAL_EXTERN(int) eseal_buf_set(eseal_buf *buf, const uint8_t *data, size_t len);

/**
 * Resource limits applied to every input the library parses. An input that
 * exceeds one is refused with ESEAL_ELIMIT before it is decoded further.
 */
typedef enum eseal_limit_id {
  /** Largest seal or signature file, in bytes: 16 MiB. */
  ESEAL_LIMIT_INPUT_SIZE = 1,
  /** Deepest nesting of DER constructed values the reader descends into: 24. */
  ESEAL_LIMIT_NESTING = 2,
  /** Most entries in a seal's certList: 64. */
  ESEAL_LIMIT_CERTS = 3,
  /** Largest seal picture, in bytes: 8 MiB. */
  ESEAL_LIMIT_PICTURE_SIZE = 4,
  /** Most ExtData entries in one ExtensionDatas: 64. */
  ESEAL_LIMIT_EXTENSIONS = 5,
  /** Longest text field (esID, name, Vid, propertyInfo, …), in bytes: 64 KiB. */
  ESEAL_LIMIT_TEXT_SIZE = 6,
  /** Largest single certificate, in bytes: 64 KiB. */
  ESEAL_LIMIT_CERT_SIZE = 7
} eseal_limit_id;

#define ESEAL_MAX_INPUT_SIZE (16u * 1024u * 1024u)
#define ESEAL_MAX_NESTING 24u
#define ESEAL_MAX_CERTS 64u
#define ESEAL_MAX_PICTURE_SIZE (8u * 1024u * 1024u)
#define ESEAL_MAX_EXTENSIONS 64u
#define ESEAL_MAX_TEXT_SIZE (64u * 1024u)
#define ESEAL_MAX_CERT_SIZE (64u * 1024u)

/** The value of a limit (for bindings, where macros are not visible); 0 for an unknown id. */
ESEAL_EXTERN(size_t) eseal_limit(eseal_limit_id which);

ESEAL_END_DECL

#endif
