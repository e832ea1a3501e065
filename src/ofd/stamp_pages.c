/* The pages of the document being stamped: their IDs, content files and sizes. */
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "stamp_pages.h"
#include "xml.h"

/* "x y w h" in mm; 0 when malformed or not a positive size. */
static int parse_box(const char *text, eseal_ofd__box *out) {
  double v[4];
  if (text == NULL || eseal_ofd__parse_numbers(text, v, 4) != 4)
    return 0;
  if (!(v[2] > 0 && v[3] > 0 && v[2] < 1e5 && v[3] < 1e5))
    return 0;
  *out = (eseal_ofd__box){v[0], v[1], v[2], v[3]};
  return 1;
}

static int read_xml(const eseal__ofd_pkg *pkg, const char *name, xmlDocPtr *doc) {
  eseal_buf b = ESEAL_BUF_INIT;
  int rc = eseal__ofd_pkg_read(pkg, name, ESEAL__OFD_MAX_XML_SIZE, &b);
  if (rc == 0)
    rc = eseal__xml_parse(doc, b.ptr, b.size, name);
  eseal_buf_dispose(&b);
  return rc;
}

static int read_pages(eseal_ofd__pages *out, xmlNodePtr root, const char *doc_root) {
  int oom = 0;
  xmlNodePtr common = eseal__xml_child(root, "CommonData");
  xmlNodePtr area = common ? eseal__xml_child(common, "PageArea") : NULL;
  const char *box = area ? eseal__xml_child_text(&out->arena, area, "PhysicalBox", &oom) : NULL;
  eseal_ofd__box fallback = {0, 0, 210, 297}; /* A4, when the document states no size */
  parse_box(box, &fallback);
  xmlNodePtr pages = eseal__xml_child(root, "Pages");
  size_t n = 0;
  for (xmlNodePtr p = pages ? eseal__xml_child(pages, "Page") : NULL; p; p = eseal__xml_next(p))
    n++;
  if (n == 0)
    return eseal__error_set(ESEAL_EFORMAT, "%s lists no page", doc_root);
  if (n > ESEAL__OFD_MAX_ENTRIES)
    return eseal__error_set(ESEAL_ELIMIT, "%s lists more than %d pages", doc_root,
                            ESEAL__OFD_MAX_ENTRIES);
  out->pages = eseal__arena_alloc(&out->arena, n * sizeof *out->pages);
  out->content = eseal__arena_alloc(&out->arena, n * sizeof *out->content);
  if (out->pages == NULL || out->content == NULL)
    return eseal__error_oom();
  size_t i = 0;
  for (xmlNodePtr p = eseal__xml_child(pages, "Page"); p; p = eseal__xml_next(p), i++) {
    const char *id = eseal__xml_attr(&out->arena, p, "ID", &oom);
    const char *loc = eseal__xml_attr(&out->arena, p, "BaseLoc", &oom);
    char path[ESEAL__OFD_MAX_PATH + 1];
    if (oom)
      return eseal__error_oom();
    if (id == NULL || loc == NULL || eseal__ofd_path_resolve(path, doc_root, loc) != 0)
      return eseal__error_set(ESEAL_EFORMAT, "%s: page %zu has no usable ID and BaseLoc", doc_root,
                              i + 1);
    out->pages[i] = (eseal_ofd__page){id, fallback};
    if ((out->content[i] = eseal__arena_strdup(&out->arena, path)) == NULL)
      return eseal__error_oom();
  }
  out->count = n;
  return 0;
}

int eseal_ofd__pages_read(eseal_ofd__pages *out, const eseal__ofd_pkg *pkg, const char *doc_root) {
  memset(out, 0, sizeof *out);
  xmlDocPtr doc = NULL;
  int rc = read_xml(pkg, doc_root, &doc);
  if (rc)
    return rc;
  xmlNodePtr root = eseal__xml_root(doc, "Document");
  rc = root ? read_pages(out, root, doc_root)
            : eseal__error_set(ESEAL_EFORMAT, "%s is not an OFD Document", doc_root);
  xmlFreeDoc(doc);
  if (rc)
    eseal_ofd__pages_release(out);
  return rc;
}

int eseal_ofd__page_area(eseal_ofd__pages *pages, const eseal__ofd_pkg *pkg, size_t i) {
  xmlDocPtr doc = NULL;
  int rc = read_xml(pkg, pages->content[i], &doc);
  if (rc)
    return rc;
  int oom = 0;
  xmlNodePtr root = eseal__xml_root(doc, "Page");
  xmlNodePtr area = root ? eseal__xml_child(root, "Area") : NULL;
  const char *box = area ? eseal__xml_child_text(&pages->arena, area, "PhysicalBox", &oom) : NULL;
  if (root == NULL)
    rc = eseal__error_set(ESEAL_EFORMAT, "%s is not an OFD Page", pages->content[i]);
  else if (oom)
    rc = eseal__error_oom();
  else
    parse_box(box, &pages->pages[i].area);
  xmlFreeDoc(doc);
  return rc;
}

void eseal_ofd__pages_release(eseal_ofd__pages *pages) {
  eseal__arena_release(&pages->arena);
  memset(pages, 0, sizeof *pages);
}
