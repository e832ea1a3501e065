/*
 * eseal_ofd_stamp(): a seal signature added to an OFD package (see ofd.h).
 *
 * Order: refuse early (options, appearance, a covering signature), lay the
 * appearance out, build every new or changed file in memory, sign, re-read
 * the result with the package reader to check the edits, then write it.
 * Nothing reaches the file system before the last step.
 */
#include <stddef.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/ofd.h"
#include "eseal/stamp.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "stamp_build.h"

ESEAL_EXTERN(int) eseal_ofd_stamp_options_init(eseal_ofd_stamp_options *opts,
                                               unsigned int version) {
  if (opts == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd_stamp_options_init: NULL options");
  if (version != 1 && version != ESEAL_OFD_STAMP_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_ofd_stamp_options: unknown version %u",
                            version);
  eseal_ofd_stamp_options d = ESEAL_OFD_STAMP_OPTIONS_INIT;
  memcpy(opts, &d, version == 1 ? offsetof(eseal_ofd_stamp_options, tsa_url) : sizeof d);
  opts->version = version;
  return 0;
}

static int check_options(const eseal_ofd_stamp_options *in, eseal_ofd_stamp_options *out) {
  *out = (eseal_ofd_stamp_options)ESEAL_OFD_STAMP_OPTIONS_INIT;
  if (in == NULL)
    return 0;
  if (in->version != 1 && in->version != ESEAL_OFD_STAMP_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_ofd_stamp_options: unknown version %u",
                            in->version);
  /* A version 1 caller's struct ends before the TSA fields: they stay at their defaults. */
  memcpy(out, in, in->version == 1 ? offsetof(eseal_ofd_stamp_options, tsa_url) : sizeof *out);
  out->version = ESEAL_OFD_STAMP_OPTIONS_VERSION;
  if (out->placement == ESEAL_OFD_PLACE_KEYWORD && out->keyword == NULL)
    return eseal__error_set(ESEAL_EINVAL, "keyword placement without a keyword");
  if (out->width_mm < 0 || out->height_mm < 0)
    return eseal__error_set(ESEAL_EINVAL, "a negative seal size");
  return 0;
}

/* Stamps the opened package into `out` (the zip bytes). */
static int stamp_package(eseal_buf *out, const eseal_ctx *ctx, const eseal__ofd_pkg *pkg,
                         const eseal_seal *seal, eseal_key *key, const eseal_cert *signer_cert,
                         const eseal_ofd_stamp_options *opts) {
  eseal_ofd_stamp_options o;
  double w = 0, h = 0;
  int rc = check_options(opts, &o);
  if (rc == 0)
    rc = eseal_ofd__appearance(seal, &o, &w, &h);
  if (rc)
    return rc;
  eseal_ofd__job job;
  rc = eseal_ofd__job_start(&job, ctx, pkg, seal);
  if (rc == 0)
    rc = eseal_ofd__layout(job.annots, &job.annot_count, &job.pages, pkg, &o, w, h);
  if (rc == 0)
    rc = eseal_ofd__job_build(&job, o.cover_signatures);
  if (rc == 0)
    rc = eseal_ofd__job_sign(&job, key, signer_cert, &o);
  if (rc == 0)
    rc = eseal_ofd__job_write(&job, out);
  eseal_ofd__job_release(&job);
  return rc;
}

static int check_args(const eseal_ctx *ctx, const eseal_seal *seal, const eseal_key *key,
                      const eseal_cert *signer_cert) {
  if (ctx == NULL || seal == NULL || key == NULL || signer_cert == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd_stamp: NULL argument");
  return 0;
}

ESEAL_EXTERN(int) eseal_ofd_stamp_bytes(eseal_buf *out, const eseal_ctx *ctx, const uint8_t *ofd,
                                        size_t len, const eseal_seal *seal, eseal_key *key,
                                        const eseal_cert *signer_cert,
                                        const eseal_ofd_stamp_options *opts) {
  if (out == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd_stamp_bytes: NULL out");
  *out = (eseal_buf)ESEAL_BUF_INIT;
  if (ofd == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd_stamp_bytes: NULL package");
  int rc = check_args(ctx, seal, key, signer_cert);
  if (rc)
    return rc;
  eseal__ofd_pkg *pkg = NULL;
  if ((rc = eseal__ofd_pkg_open_bytes(&pkg, ofd, len)) != 0)
    return rc;
  rc = stamp_package(out, ctx, pkg, seal, key, signer_cert, opts);
  eseal__ofd_pkg_free(pkg);
  return rc;
}

ESEAL_EXTERN(int) eseal_ofd_stamp(const char *out_path, const eseal_ctx *ctx, const char *in_path,
                                  const eseal_seal *seal, eseal_key *key,
                                  const eseal_cert *signer_cert,
                                  const eseal_ofd_stamp_options *opts) {
  if (out_path == NULL || in_path == NULL)
    return eseal__error_set(ESEAL_EINVAL, "eseal_ofd_stamp: NULL path");
  int rc = check_args(ctx, seal, key, signer_cert);
  if (rc)
    return rc;
  eseal__ofd_pkg *pkg = NULL;
  if ((rc = eseal__ofd_pkg_open_file(&pkg, in_path)) != 0)
    return rc;
  eseal_buf zip = ESEAL_BUF_INIT;
  rc = stamp_package(&zip, ctx, pkg, seal, key, signer_cert, opts);
  /* The input is closed before the output may replace it (out_path == in_path). */
  eseal__ofd_pkg_free(pkg);
  if (rc == 0)
    rc = eseal_ofd__write_atomic(out_path, zip.ptr, zip.size);
  eseal_buf_dispose(&zip);
  return rc;
}
