/* The walk of rendered.h: from each DocRoot to the files readers display. */
#include "rendered.h"

#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "xml.h"

typedef struct walk {
  const eseal__ofd_pkg *pkg;
  uint8_t *rendered;
  int rc;
} walk;

/* Marks `ref` (as written in `base`); returns its normalised name when it is a new entry, else NULL. */
static const char *mark(walk *w, const char *base, const char *ref, char path[ESEAL__OFD_MAX_PATH + 1]) {
  if (ref == NULL || eseal__ofd_path_resolve(path, base, ref) != 0)
    return NULL;
  long i = eseal__ofd_pkg_find(w->pkg, path);
  if (i < 0 || w->rendered[i])
    return NULL;
  w->rendered[i] = 1;
  return path;
}

static int parse(walk *w, const char *path, xmlDocPtr *out) {
  eseal_buf raw = ESEAL_BUF_INIT;
  int rc = eseal__ofd_pkg_read(w->pkg, path, ESEAL__OFD_MAX_XML_SIZE, &raw);
  if (rc == 0)
    rc = eseal__xml_parse(out, raw.ptr, raw.size, path);
  eseal_buf_dispose(&raw);
  return rc;
}

/* The text of every element `name` under `node`, at any depth (resource files nest them). */
static void each_text(walk *w, xmlNodePtr node, const char *name, const char *base) {
  eseal__arena scratch = {NULL};
  for (xmlNodePtr n = node->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    if (strcmp((const char *)n->name, name) == 0) {
      int oom = 0;
      char path[ESEAL__OFD_MAX_PATH + 1];
      mark(w, base, eseal__xml_text(&scratch, n, &oom), path);
      if (oom)
        w->rc = eseal__error_oom();
    } else {
      each_text(w, n, name, base);
    }
  }
  eseal__arena_release(&scratch);
}

/* A resource file: its fonts and media are relative to its BaseLoc folder. */
static void resource(walk *w, const char *base, const char *ref) {
  char path[ESEAL__OFD_MAX_PATH + 1];
  if (w->rc || mark(w, base, ref, path) == NULL)
    return;
  xmlDocPtr x = NULL;
  w->rc = parse(w, path, &x);
  xmlNodePtr root = w->rc ? NULL : eseal__xml_root(x, "Res");
  if (root) {
    eseal__arena scratch = {NULL};
    int oom = 0;
    const char *loc = eseal__xml_attr(&scratch, root, "BaseLoc", &oom);
    /* A file name inside the BaseLoc folder, so that relative names resolve there. */
    char folder[ESEAL__OFD_MAX_PATH + 1];
    const char *media_base = path;
    if (loc && eseal__ofd_path_resolve(folder, path, loc) == 0 &&
        strlen(folder) + 2 <= ESEAL__OFD_MAX_PATH) {
      strcat(folder, "/_");
      media_base = folder;
    }
    each_text(w, root, "FontFile", media_base);
    each_text(w, root, "MediaFile", media_base);
    each_text(w, root, "ICCProfile", media_base);
    eseal__arena_release(&scratch);
    if (oom)
      w->rc = eseal__error_oom();
  }
  xmlFreeDoc(x);
}

/* PageRes of one page: a handful in practice. */
#define MAX_PAGE_RES 32

typedef struct page_res {
  const char *page;
  char found[MAX_PAGE_RES][ESEAL__OFD_MAX_PATH + 1];
  size_t count;
  int too_many;
} page_res;

static void on_page_res(void *arg, const char *text) {
  page_res *p = arg;
  if (p->count == MAX_PAGE_RES)
    p->too_many = 1;
  else if (eseal__ofd_path_resolve(p->found[p->count], p->page, text) == 0)
    p->count++;
}

static int feed(void *arg, const uint8_t *data, size_t len) {
  return eseal__xml_scan_feed(arg, data, len);
}

/*
 * A page or template: its PageRes, read from the start of the file only.
 * The resources are read after the scan, so that one entry is open at a time.
 */
static void page(walk *w, const char *base, const char *ref) {
  char path[ESEAL__OFD_MAX_PATH + 1];
  if (w->rc || mark(w, base, ref, path) == NULL)
    return;
  page_res *p = eseal__calloc(1, sizeof *p);
  if (p == NULL) {
    w->rc = eseal__error_oom();
    return;
  }
  p->page = path;
  eseal__xml_scan *scan = NULL;
  int rc = eseal__xml_scan_new(&scan, "PageRes", "Content", on_page_res, p);
  if (rc == 0) {
    rc = eseal__ofd_pkg_stream(w->pkg, path, feed, scan);
    rc = rc == 1 ? 0 : rc < 0 ? eseal__error_prefix(rc, path) : eseal__xml_scan_end(scan, path);
  }
  eseal__xml_scan_free(scan);
  if (rc == 0 && p->too_many)
    rc = eseal__error_set(ESEAL_ELIMIT, "%s: more than %d PageRes", path, MAX_PAGE_RES);
  w->rc = rc;
  for (size_t i = 0; i < p->count; i++)
    resource(w, NULL, p->found[i]);
  eseal__free(p);
}

static void annotations(walk *w, const char *base, const char *ref) {
  char path[ESEAL__OFD_MAX_PATH + 1];
  if (w->rc || mark(w, base, ref, path) == NULL)
    return;
  xmlDocPtr x = NULL;
  w->rc = parse(w, path, &x);
  xmlNodePtr root = w->rc ? NULL : eseal__xml_root(x, "Annotations");
  for (xmlNodePtr n = eseal__xml_child(root, "Page"); n; n = eseal__xml_next(n))
    each_text(w, n, "FileLoc", path);
  xmlFreeDoc(x);
}

static void document(walk *w, const char *root_path) {
  char path[ESEAL__OFD_MAX_PATH + 1];
  if (mark(w, NULL, root_path, path) == NULL)
    return;
  xmlDocPtr x = NULL;
  w->rc = parse(w, path, &x);
  xmlNodePtr root = w->rc ? NULL : eseal__xml_root(x, "Document");
  eseal__arena scratch = {NULL};
  int oom = 0;
  xmlNodePtr common = eseal__xml_child(root, "CommonData");
  for (xmlNodePtr n = eseal__xml_child(common, "PublicRes"); n; n = eseal__xml_next(n))
    resource(w, path, eseal__xml_text(&scratch, n, &oom));
  for (xmlNodePtr n = eseal__xml_child(common, "DocumentRes"); n; n = eseal__xml_next(n))
    resource(w, path, eseal__xml_text(&scratch, n, &oom));
  for (xmlNodePtr n = eseal__xml_child(common, "TemplatePage"); n; n = eseal__xml_next(n))
    page(w, path, eseal__xml_attr(&scratch, n, "BaseLoc", &oom));
  xmlNodePtr pages = eseal__xml_child(root, "Pages");
  for (xmlNodePtr n = eseal__xml_child(pages, "Page"); n; n = eseal__xml_next(n))
    page(w, path, eseal__xml_attr(&scratch, n, "BaseLoc", &oom));
  xmlNodePtr annots = eseal__xml_child(root, "Annotations");
  if (annots)
    annotations(w, path, eseal__xml_text(&scratch, annots, &oom));
  eseal__arena_release(&scratch);
  xmlFreeDoc(x);
  if (oom && w->rc == 0)
    w->rc = eseal__error_oom();
}

int eseal__ofd_rendered(const eseal__ofd_pkg *pkg, const eseal__ofd_doc *doc, uint8_t *rendered) {
  walk w = {pkg, rendered, 0};
  for (size_t i = 0; i < doc->doc_count && w.rc == 0; i++)
    document(&w, doc->doc_roots[i]);
  return w.rc;
}
