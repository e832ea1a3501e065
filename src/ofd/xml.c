/* libxml2 under the rules of xml.h, and the lookups the OFD readers share. */
#include "xml.h"

#include <pthread.h>
#include <string.h>

#include <libxml/parser.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/base64.h"
#include "../core/dbuf.h"
#include "../core/error.h"

enum { GUARD_OK, GUARD_DOCTYPE, GUARD_DEPTH, GUARD_ATTR };

typedef struct guard {
  int depth;
  int refused;
  startElementNsSAX2Func start;
  endElementNsSAX2Func end;
} guard;

static void refuse(void *ctx, int why) {
  xmlParserCtxtPtr c = ctx;
  guard *g = c->_private;
  if (g->refused == GUARD_OK)
    g->refused = why;
  xmlStopParser(c);
}

/* A DOCTYPE is where entities and external DTDs come from: none is accepted. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                       const xmlChar *sys_id) {
  (void)name, (void)ext_id, (void)sys_id;
  refuse(ctx, GUARD_DOCTYPE);
}

/*
 * The limits one start tag must meet, at nesting `depth` (counting it):
 * GUARD_OK, GUARD_DEPTH or GUARD_ATTR. Each attribute comes as (localname,
 * prefix, URI, value start, value end).
 */
static int element_guard(int depth, int nb_attributes, const xmlChar **attributes) {
  if (depth > ESEAL__XML_MAX_DEPTH)
    return GUARD_DEPTH;
  for (int i = 0; i < nb_attributes; i++)
    if ((size_t)(attributes[5 * i + 4] - attributes[5 * i + 3]) > ESEAL__XML_MAX_ATTR)
      return GUARD_ATTR;
  return GUARD_OK;
}

/* The error of a refused document; 0 when it was not refused. */
static int guard_error(int why, const char *what) {
  switch (why) {
  case GUARD_DOCTYPE:
    return eseal__error_set(ESEAL_EFORMAT, "%s: a DOCTYPE is not accepted in OFD XML", what);
  case GUARD_DEPTH:
    return eseal__error_set(ESEAL_ELIMIT, "%s: elements nested deeper than %d", what,
                            ESEAL__XML_MAX_DEPTH);
  case GUARD_ATTR:
    return eseal__error_set(ESEAL_ELIMIT, "%s: an attribute value longer than %zu bytes", what,
                            ESEAL__XML_MAX_ATTR);
  }
  return 0;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                     int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
  xmlParserCtxtPtr c = ctx;
  guard *g = c->_private;
  if (g->refused != GUARD_OK)
    return;
  int why = element_guard(++g->depth, nb_attributes, attributes);
  if (why != GUARD_OK) {
    refuse(ctx, why);
    return;
  }
  g->start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
           attributes);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri) {
  xmlParserCtxtPtr c = ctx;
  guard *g = c->_private;
  g->depth--;
  g->end(ctx, localname, prefix, uri);
}

/*
 * libxml2 (2.9) initialises itself lazily on first use, which is not safe
 * when two threads parse at once: the library has no init function of its
 * own, so it runs once here, before any parser is created.
 */
static pthread_once_t parser_once = PTHREAD_ONCE_INIT;

static void init_parser(void) {
  xmlInitParser();
}

int eseal__xml_parse(xmlDocPtr *out, const uint8_t *data, size_t len, const char *what) {
  *out = NULL;
  pthread_once(&parser_once, init_parser);
  if (len > (size_t)0x7fffffff)
    return eseal__error_set(ESEAL_ELIMIT, "%s: too large", what);
  xmlParserCtxtPtr c = xmlNewParserCtxt();
  if (c == NULL)
    return eseal__error_oom();
  guard g = {0, GUARD_OK, c->sax->startElementNs, c->sax->endElementNs};
  c->_private = &g;
  c->sax->internalSubset = on_doctype;
  c->sax->externalSubset = on_doctype;
  c->sax->startElementNs = on_start;
  c->sax->endElementNs = on_end;
  /* No XML_PARSE_NOENT, DTDLOAD, DTDATTR, XINCLUDE or HUGE: nothing is fetched or expanded. */
  xmlDocPtr doc = xmlCtxtReadMemory(c, (const char *)data, (int)len, NULL, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  int well_formed = c->wellFormed;
  xmlFreeParserCtxt(c);
  int rc = guard_error(g.refused, what);
  if (rc == 0 && (doc == NULL || !well_formed || xmlDocGetRootElement(doc) == NULL))
    rc = eseal__error_set(ESEAL_EFORMAT, "%s: not well-formed XML", what);
  if (rc != 0) {
    xmlFreeDoc(doc);
    return rc;
  }
  *out = doc;
  return 0;
}

/* Namespaces real files use for OFD: see xml.h. */
static int ofd_uri(const xmlChar *uri) {
  if (uri == NULL)
    return 1;
  static const char base[] = "http://www.ofdspec.org";
  const char *href = (const char *)uri;
  if (strncmp(href, base, sizeof base - 1) != 0)
    return 0;
  href += sizeof base - 1;
  return strcmp(href, "") == 0 || strcmp(href, "/") == 0 || strcmp(href, "/2016") == 0 ||
         strcmp(href, "/2016/") == 0;
}

static int ofd_namespace(const xmlNs *ns) {
  return ns == NULL || ofd_uri(ns->href);
}

static int is_element(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0 &&
         ofd_namespace(n->ns);
}

xmlNodePtr eseal__xml_root(xmlDocPtr doc, const char *name) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  return root && is_element(root, name) ? root : NULL;
}

xmlNodePtr eseal__xml_child(xmlNodePtr parent, const char *name) {
  for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
    if (is_element(n, name))
      return n;
  return NULL;
}

xmlNodePtr eseal__xml_next(xmlNodePtr node) {
  for (xmlNodePtr n = node->next; n; n = n->next)
    if (is_element(n, (const char *)node->name))
      return n;
  return NULL;
}

/* The local name of the element holding `n`, for messages. */
static const char *parent_name(const xmlNode *n) {
  return n->parent && n->parent->type == XML_ELEMENT_NODE ? (const char *)n->parent->name
                                                         : "the document";
}

/* Whether element `n` stands where `place` says, as an OFD element. */
static int in_place(const xmlNode *n, const eseal__xml_place *place) {
  const xmlNode *parent = n->parent;
  int is_root = parent == NULL || parent->type != XML_ELEMENT_NODE;
  if (!ofd_namespace(n->ns))
    return 0;
  return place->parent == NULL ? is_root : !is_root && is_element(parent, place->parent);
}

/* The rules of eseal__xml_check_places for one element. */
static int check_place(const xmlNode *n, const eseal__xml_place *places, size_t count,
                       const char *what) {
  const eseal__xml_place *named = NULL, *fits = NULL;
  for (size_t i = 0; i < count && fits == NULL; i++) {
    if (strcmp((const char *)n->name, places[i].name) != 0)
      continue;
    named = &places[i];
    if (in_place(n, &places[i]))
      fits = &places[i];
  }
  if (named == NULL)
    return 0;
  if (fits == NULL && !ofd_namespace(n->ns))
    return eseal__error_set(ESEAL_EFORMAT, "%s: a %s element in namespace \"%.200s\", which "
                            "readers that ignore namespaces would read; refused", what,
                            (const char *)n->name, (const char *)n->ns->href);
  if (fits == NULL)
    return eseal__error_set(ESEAL_EFORMAT, "%s: a %s element inside %.100s, not where it belongs; "
                            "refused", what, (const char *)n->name, parent_name(n));
  if (!fits->repeats)
    for (const xmlNode *p = n->prev; p; p = p->prev)
      if (is_element(p, (const char *)n->name))
        return eseal__error_set(ESEAL_EFORMAT, "%s: more than one %s element in %.100s; refused",
                                what, (const char *)n->name, parent_name(n));
  for (const xmlAttr *a = n->properties; a; a = a->next)
    for (const xmlAttr *b = a->next; b; b = b->next)
      if (strcmp((const char *)a->name, (const char *)b->name) == 0)
        return eseal__error_set(ESEAL_EFORMAT, "%s: a %s element with two %.100s attributes; "
                                "refused", what, (const char *)n->name, (const char *)a->name);
  return 0;
}

/* Depth-first over the elements under `n`; the parser bounds the depth. */
static int check_places_under(const xmlNode *n, const eseal__xml_place *places, size_t count,
                              const char *what) {
  for (const xmlNode *c = n; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    int rc = check_place(c, places, count, what);
    if (rc == 0)
      rc = check_places_under(c->children, places, count, what);
    if (rc != 0)
      return rc;
  }
  return 0;
}

int eseal__xml_check_places(xmlDocPtr doc, const eseal__xml_place *places, size_t count,
                            const char *what) {
  return check_places_under(xmlDocGetRootElement(doc), places, count, what);
}

static const char *keep(eseal__arena *arena, xmlChar *value, int *oom) {
  if (value == NULL)
    return NULL;
  const char *copy = eseal__arena_strdup(arena, (const char *)value);
  xmlFree(value);
  if (copy == NULL)
    *oom = 1;
  return copy;
}

const char *eseal__xml_attr(eseal__arena *arena, xmlNodePtr node, const char *name, int *oom) {
  for (xmlAttrPtr a = node->properties; a; a = a->next)
    if (strcmp((const char *)a->name, name) == 0 && ofd_namespace(a->ns))
      return keep(arena, xmlNodeListGetString(node->doc, a->children, 1), oom);
  return NULL;
}

static int space(char c);

/* ---- Streaming scan ---- */

/* Collected text longer than this is not a path: it is dropped. */
#define SCAN_MAX_TEXT 4096

struct eseal__xml_scan {
  xmlParserCtxtPtr ctxt;
  const char *text_of;
  const char *stop_at;
  eseal__xml_text_fn on_text;
  void *arg;
  int depth;
  /* Depth of the element whose text is collected (0: none). */
  int collecting;
  eseal__dbuf text;
  int refused;
  int stopped;
};

static void scan_refuse(eseal__xml_scan *s, int why) {
  if (s->refused == GUARD_OK)
    s->refused = why;
  xmlStopParser(s->ctxt);
}

static void scan_doctype(void *arg, const xmlChar *name, const xmlChar *ext_id,
                         const xmlChar *sys_id) {
  (void)name, (void)ext_id, (void)sys_id;
  scan_refuse(arg, GUARD_DOCTYPE);
}

static void scan_start(void *arg, const xmlChar *localname, const xmlChar *prefix,
                       const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                       int nb_attributes, int nb_defaulted, const xmlChar **attributes) {
  (void)prefix, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
  eseal__xml_scan *s = arg;
  if (s->refused || s->stopped)
    return;
  int why = element_guard(++s->depth, nb_attributes, attributes);
  if (why != GUARD_OK) {
    scan_refuse(s, why);
    return;
  }
  if (!ofd_uri(uri))
    return;
  if (strcmp((const char *)localname, s->stop_at) == 0) {
    s->stopped = 1;
    xmlStopParser(s->ctxt);
  } else if (!s->collecting && strcmp((const char *)localname, s->text_of) == 0) {
    s->collecting = s->depth;
    s->text.len = 0;
  }
}

static void scan_end(void *arg, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri) {
  (void)localname, (void)prefix, (void)uri;
  eseal__xml_scan *s = arg;
  if (s->collecting == s->depth) {
    s->collecting = 0;
    if (s->text.len <= SCAN_MAX_TEXT && !s->text.failed) {
      char text[SCAN_MAX_TEXT + 1];
      size_t len = s->text.len;
      const char *t = (const char *)s->text.ptr;
      while (len && space(t[len - 1]))
        len--;
      while (len && space(*t))
        t++, len--;
      if (len)
        memcpy(text, t, len); /* an element without text has no buffer at all */
      text[len] = 0;
      s->on_text(s->arg, text);
    }
  }
  s->depth--;
}

static void scan_chars(void *arg, const xmlChar *ch, int len) {
  eseal__xml_scan *s = arg;
  if (s->collecting && s->text.len <= SCAN_MAX_TEXT)
    eseal__dbuf_append(&s->text, ch, (size_t)len);
}

int eseal__xml_scan_new(eseal__xml_scan **out, const char *text_of, const char *stop_at,
                        eseal__xml_text_fn on_text, void *arg) {
  *out = NULL;
  pthread_once(&parser_once, init_parser);
  eseal__xml_scan *s = eseal__calloc(1, sizeof *s);
  if (s == NULL)
    return eseal__error_oom();
  xmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.internalSubset = scan_doctype;
  sax.externalSubset = scan_doctype;
  sax.startElementNs = scan_start;
  sax.endElementNs = scan_end;
  sax.characters = scan_chars;
  sax.cdataBlock = scan_chars;
  s->ctxt = xmlCreatePushParserCtxt(&sax, s, NULL, 0, NULL);
  if (s->ctxt == NULL) {
    eseal__free(s);
    return eseal__error_oom();
  }
  xmlCtxtUseOptions(s->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  s->text_of = text_of;
  s->stop_at = stop_at;
  s->on_text = on_text;
  s->arg = arg;
  *out = s;
  return 0;
}

static int scan_status(eseal__xml_scan *s, const char *what) {
  if (s->refused != GUARD_OK)
    return guard_error(s->refused, what);
  if (s->stopped)
    return 1;
  if (!s->ctxt->wellFormed)
    return eseal__error_set(ESEAL_EFORMAT, "%s: not well-formed XML", what);
  return 0;
}

int eseal__xml_scan_feed(eseal__xml_scan *s, const uint8_t *data, size_t len) {
  while (len && !s->refused && !s->stopped && s->ctxt->wellFormed) {
    int piece = len > 65536 ? 65536 : (int)len;
    xmlParseChunk(s->ctxt, (const char *)data, piece, 0);
    data += piece;
    len -= (size_t)piece;
  }
  return scan_status(s, "XML");
}

int eseal__xml_scan_end(eseal__xml_scan *s, const char *what) {
  if (!s->refused && !s->stopped && s->ctxt->wellFormed)
    xmlParseChunk(s->ctxt, NULL, 0, 1);
  int rc = scan_status(s, what);
  return rc == 1 ? 0 : rc;
}

void eseal__xml_scan_free(eseal__xml_scan *s) {
  if (s == NULL)
    return;
  xmlFreeParserCtxt(s->ctxt);
  eseal__dbuf_release(&s->text);
  eseal__free(s);
}

static int space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *eseal__xml_text(eseal__arena *arena, xmlNodePtr node, int *oom) {
  xmlChar *raw = xmlNodeGetContent(node);
  if (raw == NULL) {
    *oom = 1;
    return NULL;
  }
  const char *s = (const char *)raw;
  size_t len = strlen(s);
  while (len && space(s[len - 1]))
    len--;
  while (len && space(*s))
    s++, len--;
  const char *copy = eseal__arena_dup(arena, s, len);
  xmlFree(raw);
  if (copy == NULL)
    *oom = 1;
  return copy;
}

const char *eseal__xml_child_text(eseal__arena *arena, xmlNodePtr parent, const char *name,
                                  int *oom) {
  xmlNodePtr n = eseal__xml_child(parent, name);
  return n ? eseal__xml_text(arena, n, oom) : NULL;
}

uint8_t *eseal__base64_decode(eseal__arena *arena, const char *text, size_t *out_len) {
  size_t len = strlen(text);
  uint8_t *out = eseal__arena_alloc(arena, ESEAL__BASE64_ROOM(len));
  if (out == NULL || eseal__base64_decode_into(text, len, ESEAL__BASE64_SKIP_SPACE, out, out_len))
    return NULL;
  return out;
}
