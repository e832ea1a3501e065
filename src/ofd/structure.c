/*
 * OFD.xml → DocBody → Signatures.xml → Signature.xml (ses-format.md §9), read
 * into the eseal__ofd_doc of package.h. Signed XML is kept as stored: the
 * parsed tree only tells where things are.
 */
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "package.h"
#include "xml.h"

/* A resolved copy of `ref` in the arena; NULL (and no error kept) when it does not resolve. */
static const char *resolve(eseal__ofd_doc *doc, const char *base, const char *ref, int *oom) {
  char path[ESEAL__OFD_MAX_PATH + 1];
  if (ref == NULL || eseal__ofd_path_resolve(path, base, ref) != 0)
    return NULL;
  const char *copy = eseal__arena_strdup(&doc->arena, path);
  if (copy == NULL)
    *oom = 1;
  return copy;
}

/* Arrays grow by doubling, tracked by count: capacity is the next power of two. */
static void *append(eseal__ofd_doc *doc, void *items, size_t count, size_t size) {
  if (count && (count & (count - 1)) != 0)
    return items;
  uint8_t *bigger = eseal__arena_alloc(&doc->arena, (count ? 2 * count : 1) * size);
  if (bigger && count)
    memcpy(bigger, items, count * size);
  return bigger;
}

static int oom_or(int oom, int rc) {
  return oom ? eseal__error_oom() : rc;
}

/*
 * The elements read from Signatures.xml and Signature.xml, and where they
 * stand (GB/T 33190 tables 66-69). Readers differ on the rest: one ignores a
 * Signature nested in another element or in a foreign namespace, another
 * (matching by local name, or by XPath //Signature) shows it. Such a file is
 * refused, so that what we verify is what every reader displays. MaxSignId
 * is not read (ofdrw writes one after each signature entry).
 */
static const eseal__xml_place list_places[] = {
    {"Signatures", NULL, 0},
    {"Signature", "Signatures", 1},
};

static const eseal__xml_place signature_places[] = {
    {"Signature", NULL, 0},
    {"SignedInfo", "Signature", 0},
    {"SignedValue", "Signature", 0},
    {"Provider", "SignedInfo", 0},
    {"SignatureMethod", "SignedInfo", 0},
    {"SignatureDateTime", "SignedInfo", 0},
    {"References", "SignedInfo", 0},
    {"Reference", "References", 1},
    {"CheckValue", "Reference", 0},
    {"StampAnnot", "SignedInfo", 1},
    {"Seal", "SignedInfo", 0},
    {"BaseLoc", "Seal", 0},
};

#define COUNT(a) (sizeof a / sizeof a[0])

/*
 * Refuses two entries of the document's signature lists whose BaseLoc names
 * one Signature.xml: readers show one signature, the report would count two.
 */
static int check_repeated_base_loc(const eseal__ofd_doc *doc, size_t first, const char *path) {
  for (size_t i = first; i < doc->sig_count; i++)
    for (size_t j = 0; j < i; j++)
      if (doc->sigs[i].path && doc->sigs[j].path && strcmp(doc->sigs[i].path, doc->sigs[j].path) == 0)
        return eseal__error_set(ESEAL_EFORMAT, "%s: signatures \"%.60s\" and \"%.60s\" both "
                                "have their Signature.xml at %.200s; refused", path,
                                doc->sigs[j].id ? doc->sigs[j].id : "", doc->sigs[i].id ? doc->sigs[i].id : "",
                                doc->sigs[i].path);
  return 0;
}

int eseal__ofd_parse_signatures(eseal__ofd_doc *doc, const char *path, const uint8_t *xml,
                                size_t len) {
  xmlDocPtr x = NULL;
  int rc = eseal__xml_parse(&x, xml, len, path);
  if (rc != 0)
    return rc;
  xmlNodePtr root = eseal__xml_root(x, "Signatures");
  if (root == NULL) {
    xmlFreeDoc(x);
    return eseal__error_set(ESEAL_EFORMAT, "%s: the root element is not Signatures", path);
  }
  rc = eseal__xml_check_places(x, list_places, COUNT(list_places), path);
  if (rc != 0) {
    xmlFreeDoc(x);
    return rc;
  }
  size_t first = doc->sig_count;
  int oom = 0;
  const char *list = eseal__arena_strdup(&doc->arena, path);
  oom |= list == NULL;
  for (xmlNodePtr n = eseal__xml_child(root, "Signature"); n && !oom; n = eseal__xml_next(n)) {
    if (doc->sig_count == ESEAL__OFD_MAX_SIGNATURES) {
      rc = eseal__error_set(ESEAL_ELIMIT, "%s: more than %d signatures", path,
                            ESEAL__OFD_MAX_SIGNATURES);
      break;
    }
    eseal__ofd_sig *sigs = append(doc, doc->sigs, doc->sig_count, sizeof *sigs);
    if (sigs == NULL) {
      oom = 1;
      break;
    }
    doc->sigs = sigs;
    eseal__ofd_sig *s = &sigs[doc->sig_count++];
    memset(s, 0, sizeof *s);
    s->list_path = list;
    s->id = eseal__xml_attr(&doc->arena, n, "ID", &oom);
    s->type = eseal__xml_attr(&doc->arena, n, "Type", &oom);
    if (s->type == NULL)
      s->type = "Seal";
    s->base_loc = eseal__xml_attr(&doc->arena, n, "BaseLoc", &oom);
    s->path = resolve(doc, path, s->base_loc, &oom);
  }
  xmlFreeDoc(x);
  if (rc == 0 && !oom)
    rc = check_repeated_base_loc(doc, first, path);
  return oom_or(oom, rc);
}

static int read_references(eseal__ofd_doc *doc, eseal__ofd_sig *sig, xmlNodePtr refs,
                           const char *path, int *oom) {
  sig->check_method = eseal__xml_attr(&doc->arena, refs, "CheckMethod", oom);
  for (xmlNodePtr n = eseal__xml_child(refs, "Reference"); n && !*oom; n = eseal__xml_next(n)) {
    if (sig->ref_count == ESEAL__OFD_MAX_REFERENCES)
      return eseal__error_set(ESEAL_ELIMIT, "%s: more than %d references", path,
                              ESEAL__OFD_MAX_REFERENCES);
    eseal__ofd_ref *grown = append(doc, sig->refs, sig->ref_count, sizeof *grown);
    if (grown == NULL) {
      *oom = 1;
      break;
    }
    sig->refs = grown;
    eseal__ofd_ref *r = &grown[sig->ref_count++];
    memset(r, 0, sizeof *r);
    r->file_ref = eseal__xml_attr(&doc->arena, n, "FileRef", oom);
    /* FileRef is a path from the package root (GB/T 33190 table 68), even without the slash. */
    r->path = resolve(doc, NULL, r->file_ref, oom);
    const char *value = eseal__xml_child_text(&doc->arena, n, "CheckValue", oom);
    if (value)
      r->check_value = eseal__base64_decode(&doc->arena, value, &r->check_value_len);
  }
  return 0;
}

static void read_annots(eseal__ofd_doc *doc, eseal__ofd_sig *sig, xmlNodePtr info, int *oom) {
  for (xmlNodePtr n = eseal__xml_child(info, "StampAnnot"); n && !*oom; n = eseal__xml_next(n)) {
    eseal__ofd_annot *grown = append(doc, sig->annots, sig->annot_count, sizeof *grown);
    if (grown == NULL) {
      *oom = 1;
      return;
    }
    sig->annots = grown;
    eseal__ofd_annot *a = &grown[sig->annot_count++];
    a->id = eseal__xml_attr(&doc->arena, n, "ID", oom);
    a->page_ref = eseal__xml_attr(&doc->arena, n, "PageRef", oom);
    a->boundary = eseal__xml_attr(&doc->arena, n, "Boundary", oom);
    a->clip = eseal__xml_attr(&doc->arena, n, "Clip", oom);
  }
}

/* Provider's fields are attributes (table 67); dms360 writes them as child elements. */
static const char *provider_field(eseal__ofd_doc *doc, xmlNodePtr provider, const char *name,
                                  int *oom) {
  const char *v = eseal__xml_attr(&doc->arena, provider, name, oom);
  return v ? v : eseal__xml_child_text(&doc->arena, provider, name, oom);
}

int eseal__ofd_parse_signature(eseal__ofd_doc *doc, eseal__ofd_sig *sig, const char *path,
                               const uint8_t *xml, size_t len) {
  xmlDocPtr x = NULL;
  int rc = eseal__xml_parse(&x, xml, len, path);
  if (rc != 0)
    return rc;
  xmlNodePtr root = eseal__xml_root(x, "Signature");
  xmlNodePtr info = eseal__xml_child(root, "SignedInfo");
  if (info == NULL) {
    xmlFreeDoc(x);
    return eseal__error_set(ESEAL_EFORMAT, "%s: no Signature/SignedInfo", path);
  }
  rc = eseal__xml_check_places(x, signature_places, COUNT(signature_places), path);
  if (rc != 0) {
    xmlFreeDoc(x);
    return rc;
  }
  int oom = 0;
  xmlNodePtr provider = eseal__xml_child(info, "Provider");
  if (provider) {
    sig->provider_name = provider_field(doc, provider, "ProviderName", &oom);
    sig->provider_version = provider_field(doc, provider, "Version", &oom);
    sig->provider_company = provider_field(doc, provider, "Company", &oom);
  }
  sig->signature_method = eseal__xml_child_text(&doc->arena, info, "SignatureMethod", &oom);
  sig->signature_date_time = eseal__xml_child_text(&doc->arena, info, "SignatureDateTime", &oom);
  xmlNodePtr refs = eseal__xml_child(info, "References");
  if (refs)
    rc = read_references(doc, sig, refs, path, &oom);
  read_annots(doc, sig, info, &oom);
  xmlNodePtr seal = eseal__xml_child(info, "Seal");
  if (seal) {
    sig->seal_ref = eseal__xml_child_text(&doc->arena, seal, "BaseLoc", &oom);
    if (sig->seal_ref == NULL)
      sig->seal_ref = "";
    sig->seal = resolve(doc, path, sig->seal_ref, &oom);
  }
  sig->signed_value_ref = eseal__xml_child_text(&doc->arena, root, "SignedValue", &oom);
  sig->signed_value = resolve(doc, path, sig->signed_value_ref, &oom);
  xmlFreeDoc(x);
  return oom_or(oom, rc);
}

/* Reads and parses one package XML file. */
static int read_xml(const eseal__ofd_pkg *pkg, const char *path, eseal_buf *out) {
  return eseal__ofd_pkg_read(pkg, path, ESEAL__OFD_MAX_XML_SIZE, out);
}

static int read_signature(eseal__ofd_doc *doc, const eseal__ofd_pkg *pkg, eseal__ofd_sig *sig) {
  if (sig->path == NULL) {
    sig->error = "the BaseLoc of the signature does not name a file of the package";
    return 0;
  }
  eseal_buf xml = ESEAL_BUF_INIT;
  int rc = read_xml(pkg, sig->path, &xml);
  if (rc == 0) {
    sig->xml = eseal__arena_dup(&doc->arena, xml.ptr, xml.size);
    sig->xml_len = xml.size;
    rc = sig->xml ? eseal__ofd_parse_signature(doc, sig, sig->path, xml.ptr, xml.size)
                  : eseal__error_oom();
  }
  eseal_buf_dispose(&xml);
  if (rc == ESEAL_ENOMEM)
    return rc;
  if (rc != 0) {
    /* Keep why, and forget what was half read. */
    const char *why = eseal__arena_strdup(&doc->arena, eseal_error_last()->message);
    eseal__ofd_sig keep = {sig->id, sig->type, sig->base_loc, sig->list_path, sig->path,
                           why ? why : "unreadable"};
    *sig = keep;
  }
  return 0;
}

static int add_string(eseal__ofd_doc *doc, const char ***items, size_t *count, const char *s) {
  const char **grown = append(doc, (void *)*items, *count, sizeof *grown);
  if (grown == NULL)
    return eseal__error_oom();
  grown[(*count)++] = s;
  *items = grown;
  return 0;
}

static int read_ofd_xml(eseal__ofd_doc *doc, const eseal__ofd_pkg *pkg) {
  eseal_buf raw = ESEAL_BUF_INIT;
  int rc = read_xml(pkg, "OFD.xml", &raw);
  if (rc == ESEAL_ENOTFOUND)
    return eseal__error_set(ESEAL_EFORMAT, "no OFD.xml: not an OFD package");
  if (rc != 0)
    return rc;
  xmlDocPtr x = NULL;
  rc = eseal__xml_parse(&x, raw.ptr, raw.size, "OFD.xml");
  eseal_buf_dispose(&raw);
  if (rc != 0)
    return rc;
  xmlNodePtr root = eseal__xml_root(x, "OFD");
  if (root == NULL)
    rc = eseal__error_set(ESEAL_EFORMAT, "OFD.xml: the root element is not OFD");
  int oom = 0;
  for (xmlNodePtr body = eseal__xml_child(root, "DocBody"); body && rc == 0 && !oom;
       body = eseal__xml_next(body)) {
    if (doc->doc_count == ESEAL__OFD_MAX_SIGNATURES) {
      rc = eseal__error_set(ESEAL_ELIMIT, "OFD.xml: too many documents");
      break;
    }
    /* Only one DocRoot is walked: a second one would hold pages no check looks at. */
    xmlNodePtr first_root = eseal__xml_child(body, "DocRoot");
    if (first_root && eseal__xml_next(first_root)) {
      rc = eseal__error_set(ESEAL_EFORMAT, "OFD.xml: a DocBody with more than one DocRoot");
      break;
    }
    const char *root_ref = eseal__xml_child_text(&doc->arena, body, "DocRoot", &oom);
    rc = add_string(doc, &doc->doc_roots, &doc->doc_count, resolve(doc, NULL, root_ref, &oom));
    const char *list_ref = eseal__xml_child_text(&doc->arena, body, "Signatures", &oom);
    if (rc == 0 && list_ref) {
      const char *list = resolve(doc, NULL, list_ref, &oom);
      if (list == NULL && !oom)
        rc = eseal__error_set(ESEAL_EFORMAT, "OFD.xml: DocBody/Signatures is not a package path");
      else if (list)
        rc = add_string(doc, &doc->lists, &doc->list_count, list);
    }
  }
  xmlFreeDoc(x);
  return oom_or(oom, rc);
}

int eseal__ofd_doc_read(eseal__ofd_doc **out, const eseal__ofd_pkg *pkg) {
  *out = NULL;
  eseal__ofd_doc *doc = eseal__calloc(1, sizeof *doc);
  if (doc == NULL)
    return eseal__error_oom();
  int rc = read_ofd_xml(doc, pkg);
  for (size_t i = 0; rc == 0 && i < doc->list_count; i++) {
    eseal_buf raw = ESEAL_BUF_INIT;
    rc = read_xml(pkg, doc->lists[i], &raw);
    if (rc == 0)
      rc = eseal__ofd_parse_signatures(doc, doc->lists[i], raw.ptr, raw.size);
    else if (rc == ESEAL_ENOTFOUND)
      rc = eseal__error_set(ESEAL_EFORMAT, "OFD.xml names %s, which is not in the package",
                            doc->lists[i]);
    eseal_buf_dispose(&raw);
  }
  for (size_t i = 0; rc == 0 && i < doc->sig_count; i++)
    rc = read_signature(doc, pkg, &doc->sigs[i]);
  if (rc != 0) {
    eseal__ofd_doc_free(doc);
    return rc;
  }
  *out = doc;
  return 0;
}

void eseal__ofd_doc_free(eseal__ofd_doc *doc) {
  if (doc == NULL)
    return;
  eseal__arena_release(&doc->arena);
  eseal__free(doc);
}
