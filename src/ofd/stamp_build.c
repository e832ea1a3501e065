/* The steps of an OFD stamping job (stamp_build.h). */
#include "stamp_build.h"

#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "eseal/signature.h"
#include "eseal/stamp.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../crypto/digest.h"

/* The number an ID ends with ("s007" → 7, "12" → 12); 0 when none. */
static unsigned long id_number(const char *id) {
  if (id == NULL)
    return 0;
  size_t end = strlen(id), start = end;
  while (start > 0 && id[start - 1] >= '0' && id[start - 1] <= '9')
    start--;
  unsigned long n = 0;
  for (size_t i = start; i < end && n < 100000000ul; i++)
    n = n * 10 + (unsigned long)(id[i] - '0');
  return n;
}

static int is_list(const eseal__ofd_doc *doc, const char *path) {
  for (size_t i = 0; i < doc->list_count; i++)
    if (doc->lists[i] && strcmp(doc->lists[i], path) == 0)
      return 1;
  return 0;
}

/* A signature covering Signatures.xml forbids any later one (ses-format.md §9, continued signing). */
static int refuse_if_covered(const eseal__ofd_doc *doc) {
  for (size_t i = 0; i < doc->sig_count; i++) {
    const eseal__ofd_sig *s = &doc->sigs[i];
    for (size_t k = 0; k < s->ref_count; k++)
      if (s->refs[k].path && is_list(doc, s->refs[k].path))
        return eseal__error_set(ESEAL_EINVAL,
                                "signature %.64s covers %.256s, so no signature may be added to "
                                "this document after it",
                                s->id ? s->id : "(no ID)", s->refs[k].path);
  }
  return 0;
}

static unsigned long highest_id(const eseal__ofd_doc *doc) {
  unsigned long max = 0;
  for (size_t i = 0; i < doc->sig_count; i++) {
    const eseal__ofd_sig *s = &doc->sigs[i];
    unsigned long n = id_number(s->id);
    max = n > max ? n : max;
    for (size_t k = 0; k < s->annot_count; k++) {
      n = id_number(s->annots[k].id);
      max = n > max ? n : max;
    }
  }
  return max;
}

static int join(char out[ESEAL__OFD_MAX_PATH + 1], const char *a, const char *b) {
  int n = snprintf(out, ESEAL__OFD_MAX_PATH + 1, "%s%s", a, b);
  if (n < 0 || n > ESEAL__OFD_MAX_PATH)
    return eseal__error_set(ESEAL_ELIMIT, "a path longer than %d bytes", ESEAL__OFD_MAX_PATH);
  return 0;
}

/* The folder of a normalised name, with its trailing '/' ("" at the root). */
static void folder_of(char out[ESEAL__OFD_MAX_PATH + 1], const char *name) {
  const char *slash = strrchr(name, '/');
  size_t n = slash ? (size_t)(slash - name) + 1 : 0;
  memcpy(out, name, n);
  out[n] = '\0';
}

static int starts_with_folded(const char *s, const char *prefix) {
  for (; *prefix; s++, prefix++) {
    char a = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
    char b = *prefix >= 'A' && *prefix <= 'Z' ? (char)(*prefix + 32) : *prefix;
    if (a != b)
      return 0;
  }
  return 1;
}

/* Signatures.xml (existing, or beside Document.xml in Signs/) and the first free Sign_N/. */
static int choose_paths(eseal_ofd__job *job, const char *doc_root) {
  char signs[ESEAL__OFD_MAX_PATH + 1];
  int rc = 0;
  if (job->doc->list_count > 0 && job->doc->lists[0]) {
    rc = join(job->list, job->doc->lists[0], "");
    job->list_exists = 1;
  } else {
    char dir[ESEAL__OFD_MAX_PATH + 1];
    folder_of(dir, doc_root);
    rc = join(job->list, dir, "Signs/Signatures.xml");
  }
  if (rc)
    return rc;
  folder_of(signs, job->list);
  size_t n = eseal__ofd_pkg_entry_count(job->pkg);
  for (unsigned int k = 0; k <= ESEAL__OFD_MAX_ENTRIES; k++) {
    char name[32];
    snprintf(name, sizeof name, "Sign_%u/", k);
    if ((rc = join(job->sig_dir, signs, name)) != 0)
      return rc;
    size_t i = 0;
    while (i < n && !starts_with_folded(eseal__ofd_pkg_entry_name(job->pkg, i), job->sig_dir))
      i++;
    if (i == n)
      return 0;
  }
  return eseal__error_set(ESEAL_ELIMIT, "no free Sign_N folder");
}

int eseal_ofd__job_start(eseal_ofd__job *job, const eseal_ctx *ctx, const eseal__ofd_pkg *pkg,
                         const eseal_seal *seal) {
  memset(job, 0, sizeof *job);
  job->ctx = ctx;
  job->pkg = pkg;
  job->seal = seal;
  job->time = eseal_ctx_now(ctx);
  int rc = eseal__ofd_doc_read(&job->doc, pkg);
  if (rc)
    return rc;
  if ((rc = refuse_if_covered(job->doc)) != 0)
    return rc;
  if (job->doc->doc_count != 1)
    return eseal__error_set(ESEAL_EUNSUPPORTED,
                            "the package holds %zu documents; stamping handles one",
                            job->doc->doc_count);
  const char *root = job->doc->doc_roots[0];
  if (root == NULL)
    return eseal__error_set(ESEAL_EFORMAT, "OFD.xml names no usable DocRoot");
  if ((rc = eseal_ofd__pages_read(&job->pages, pkg, root)) != 0)
    return rc;
  job->last_id = highest_id(job->doc);
  return choose_paths(job, root);
}

/* Adds a file; `owned` (may be NULL) is a buffer the job frees, holding the data. */
static void add_file(eseal_ofd__job *job, const char *name, const uint8_t *data, size_t len) {
  job->files[job->file_count++] = (eseal_ofd__file){name, data, len};
}

static int own(eseal_ofd__job *job, eseal_buf *b) {
  job->owned[job->owned_count++] = *b;
  *b = (eseal_buf)ESEAL_BUF_INIT;
  return 0;
}

/* The package's current files, OFD.xml and Signatures.xml as they will be. */
static int copy_files(eseal_ofd__job *job, const char *base_loc) {
  size_t n = eseal__ofd_pkg_entry_count(job->pkg);
  unsigned long id = job->last_id + 1, max_id = job->last_id + 1 + job->annot_count;
  for (size_t i = 0; i < n; i++) {
    if (eseal__ofd_pkg_entry_is_dir(job->pkg, i))
      continue; /* folders are implied by the names */
    const char *name = eseal__ofd_pkg_entry_name(job->pkg, i);
    eseal_buf b = ESEAL_BUF_INIT, changed = ESEAL_BUF_INIT;
    int rc = eseal__ofd_pkg_read(job->pkg, name, (size_t)ESEAL__OFD_MAX_ENTRY_SIZE, &b);
    if (rc == 0 && !job->list_exists && strcmp(name, "OFD.xml") == 0) {
      char abs[ESEAL__OFD_MAX_PATH + 2] = "/";
      strcat(abs, job->list);
      rc = eseal_ofd__ofd_xml_add_signatures(&changed, b.ptr, b.size, abs);
    } else if (rc == 0 && job->list_exists && strcmp(name, job->list) == 0) {
      rc = eseal_ofd__signatures_add(&changed, b.ptr, b.size, id, max_id, base_loc);
    }
    if (changed.ptr) {
      eseal_buf_dispose(&b);
      b = changed;
    }
    if (rc) {
      eseal_buf_dispose(&b);
      return rc;
    }
    add_file(job, name, b.ptr, b.size);
    own(job, &b);
  }
  if (!job->list_exists) {
    eseal_buf b = ESEAL_BUF_INIT;
    int rc = eseal_ofd__signatures_new(&b, id, max_id, base_loc);
    if (rc)
      return rc;
    add_file(job, job->list, b.ptr, b.size);
    own(job, &b);
  }
  return 0;
}

/* A Reference for every file so far, Signatures.xml only when asked. */
static int references(eseal_ofd__job *job, int cover, eseal_ofd__ref **out) {
  eseal_ofd__ref *refs = eseal__calloc(job->file_count ? job->file_count : 1, sizeof *refs);
  if (refs == NULL)
    return eseal__error_oom();
  size_t n = 0;
  for (size_t i = 0; i < job->file_count; i++) {
    const eseal_ofd__file *f = &job->files[i];
    if (!cover && strcmp(f->name, job->list) == 0)
      continue;
    size_t len = strlen(f->name);
    char *path = eseal__arena_alloc(&job->arena, len + 2);
    uint8_t md[ESEAL__DIGEST_MAX];
    size_t md_len = 0;
    if (path == NULL) {
      eseal__free(refs);
      return eseal__error_oom();
    }
    path[0] = '/';
    memcpy(path + 1, f->name, len + 1);
    int rc = eseal__digest(EVP_sm3(), f->data, f->len, md, &md_len);
    if (rc) {
      eseal__free(refs);
      return rc;
    }
    refs[n].path = path;
    memcpy(refs[n].sm3, md, 32);
    n++;
  }
  job->ref_count = n;
  *out = refs;
  return 0;
}

static const char *in_arena(eseal_ofd__job *job, const char *a, const char *b) {
  char p[ESEAL__OFD_MAX_PATH + 1];
  if (join(p, a, b) != 0)
    return NULL;
  return eseal__arena_strdup(&job->arena, p);
}

int eseal_ofd__job_build(eseal_ofd__job *job, int cover_signatures) {
  size_t cap = eseal__ofd_pkg_entry_count(job->pkg) + 4;
  job->files = eseal__calloc(cap, sizeof *job->files);
  job->owned = eseal__calloc(cap, sizeof *job->owned);
  if (job->files == NULL || job->owned == NULL)
    return eseal__error_oom();
  const char *sig_xml = in_arena(job, job->sig_dir, "Signature.xml");
  const char *seal_esl = in_arena(job, job->sig_dir, "Seal.esl");
  const char *value = in_arena(job, job->sig_dir, "SignedValue.dat");
  const char *abs_sig = in_arena(job, "/", sig_xml ? sig_xml : "");
  const char *abs_seal = in_arena(job, "/", seal_esl ? seal_esl : "");
  const char *abs_value = in_arena(job, "/", value ? value : "");
  if (!sig_xml || !seal_esl || !value || !abs_sig || !abs_seal || !abs_value)
    return eseal__error_set(ESEAL_ELIMIT, "the new signature's paths are too long");
  int rc = copy_files(job, abs_sig);
  if (rc)
    return rc;
  size_t seal_len = 0;
  const uint8_t *seal_bytes = eseal_seal_bytes(job->seal, &seal_len);
  add_file(job, seal_esl, seal_bytes, seal_len);
  eseal_ofd__ref *refs = NULL;
  if ((rc = references(job, cover_signatures, &refs)) != 0)
    return rc;
  eseal_ofd__sigxml x = {job->time,        refs,          job->ref_count,
                         job->annots,      job->annot_count, job->pages.pages,
                         job->last_id + 2, abs_seal,      abs_value};
  eseal_buf xml = ESEAL_BUF_INIT;
  rc = eseal_ofd__signature_xml(&xml, &x);
  eseal__free(refs);
  if (rc)
    return rc;
  job->signature_xml = job->file_count;
  add_file(job, sig_xml, xml.ptr, xml.size);
  own(job, &xml);
  job->signed_value = job->file_count;
  add_file(job, value, NULL, 0); /* filled in by eseal_ofd__job_sign */
  return 0;
}

int eseal_ofd__job_sign(eseal_ofd__job *job, eseal_key *key, const eseal_cert *signer_cert,
                        const eseal_ofd_stamp_options *o) {
  const eseal_ofd__file *x = &job->files[job->signature_xml];
  eseal_data *data = NULL;
  int rc = eseal_data_from_bytes(&data, x->data, x->len);
  if (rc)
    return rc;
  char property[ESEAL__OFD_MAX_PATH + 2] = "/";
  strcat(property, x->name);
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  so.property_info = property;
  so.tsa_url = o->tsa_url;
  so.tsa_policy = o->tsa_policy;
  so.tsa_allow_private_targets = o->tsa_allow_private_targets;
  eseal_signature *sig = NULL;
  rc = eseal_stamp(&sig, job->ctx, job->seal, key, signer_cert, data, &so);
  eseal_data_free(data);
  if (rc)
    return rc;
  size_t len = 0;
  const uint8_t *der = eseal_signature_bytes(sig, &len);
  eseal_buf b = {eseal__malloc(len ? len : 1), len};
  if (b.ptr)
    memcpy(b.ptr, der, len);
  eseal_signature_free(sig);
  if (b.ptr == NULL)
    return eseal__error_oom();
  job->files[job->signed_value].data = b.ptr;
  job->files[job->signed_value].len = b.size;
  return own(job, &b);
}

/* The written package, read back as a verifier will: the new signature is where it should be. */
static int check_written(const eseal_ofd__job *job, const uint8_t *zip, size_t len) {
  eseal__ofd_pkg *pkg = NULL;
  eseal__ofd_doc *doc = NULL;
  int rc = eseal__ofd_pkg_open_bytes(&pkg, zip, len);
  if (rc == 0)
    rc = eseal__ofd_doc_read(&doc, pkg);
  const eseal_ofd__file *x = &job->files[job->signature_xml];
  const eseal__ofd_sig *found = NULL;
  for (size_t i = 0; rc == 0 && i < doc->sig_count; i++)
    if (doc->sigs[i].path && strcmp(doc->sigs[i].path, x->name) == 0)
      found = &doc->sigs[i];
  int ok = rc == 0 && found && doc->sig_count == job->doc->sig_count + 1 && !found->error &&
           found->xml_len == x->len && memcmp(found->xml, x->data, x->len) == 0 &&
           found->ref_count == job->ref_count && found->annot_count == job->annot_count &&
           found->signed_value &&
           strcmp(found->signed_value, job->files[job->signed_value].name) == 0 &&
           strcmp(found->type, "Seal") == 0;
  eseal__ofd_doc_free(doc);
  eseal__ofd_pkg_free(pkg);
  if (rc == 0 && !ok)
    rc = eseal__error_set(ESEAL_ERROR,
                          "the stamped package does not read back as written (an unusual "
                          "Signatures.xml or OFD.xml?); nothing was written");
  return rc;
}

int eseal_ofd__job_write(eseal_ofd__job *job, eseal_buf *out) {
  eseal_buf zip = ESEAL_BUF_INIT;
  int rc = eseal_ofd__zip_write(&zip, job->files, job->file_count, job->time);
  if (rc == 0)
    rc = check_written(job, zip.ptr, zip.size);
  if (rc == 0)
    *out = zip;
  else
    eseal_buf_dispose(&zip);
  return rc;
}

void eseal_ofd__job_release(eseal_ofd__job *job) {
  for (size_t i = 0; i < job->owned_count; i++)
    eseal_buf_dispose(&job->owned[i]);
  eseal__free(job->owned);
  eseal__free(job->files);
  eseal__ofd_doc_free(job->doc);
  eseal_ofd__pages_release(&job->pages);
  eseal__arena_release(&job->arena);
  memset(job, 0, sizeof *job);
}
