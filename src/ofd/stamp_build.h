/* One OFD stamping job, step by step (stamp_build.c), and its appearance (appearance.c). */
#ifndef ESEAL_OFD_STAMP_BUILD_H
#define ESEAL_OFD_STAMP_BUILD_H

#include "eseal/context.h"
#include "eseal/key.h"
#include "eseal/ofd.h"
#include "eseal/seal.h"
#include "package.h"
#include "stamp_pages.h"
#include "stamp_parts.h"

/* The seal picture's check (PNG or JPEG) and the appearance size in mm. */
int eseal_ofd__appearance(const eseal_seal *seal, const eseal_ofd_stamp_options *o, double *w,
                          double *h);

typedef struct eseal_ofd__job {
  const eseal_ctx *ctx;
  const eseal__ofd_pkg *pkg;
  const eseal_seal *seal;
  int64_t time;
  eseal__arena arena; /* the References' paths */
  eseal__ofd_doc *doc;
  eseal_ofd__pages pages;
  eseal_ofd__annot annots[ESEAL_OFD__MAX_ANNOTS];
  size_t annot_count;
  /* Normalised names (no leading '/'). */
  char list[ESEAL__OFD_MAX_PATH + 1]; /* Signatures.xml */
  int list_exists;
  char sig_dir[ESEAL__OFD_MAX_PATH + 1]; /* ".../Sign_N/" */
  unsigned long last_id;                  /* the highest signature or StampAnnot ID number so far */
  /* The package's files as they will be written: old ones, changed ones, new ones. */
  eseal_ofd__file *files;
  size_t file_count;
  eseal_buf *owned; /* buffers the files point into */
  size_t owned_count;
  size_t signature_xml, signed_value; /* indexes into files */
  size_t ref_count;
} eseal_ofd__job;

/*
 * Reads the package's signature structure and pages, refuses when a
 * signature covers Signatures.xml, and picks the new Sign_N folder and IDs.
 */
int eseal_ofd__job_start(eseal_ofd__job *job, const eseal_ctx *ctx, const eseal__ofd_pkg *pkg,
                         const eseal_seal *seal);
/* Every file of the new package but SignedValue.dat: Signature.xml with its References. */
int eseal_ofd__job_build(eseal_ofd__job *job, int cover_signatures);
/* SignedValue.dat: eseal_stamp() over Signature.xml's bytes (with the TSA of `o`, if any). */
int eseal_ofd__job_sign(eseal_ofd__job *job, eseal_key *key, const eseal_cert *signer_cert,
                        const eseal_ofd_stamp_options *o);
/* The zip, after re-reading it to check that the new signature is where it was meant to be. */
int eseal_ofd__job_write(eseal_ofd__job *job, eseal_buf *out);
void eseal_ofd__job_release(eseal_ofd__job *job);

#endif
