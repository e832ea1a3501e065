/*
 * Finding a keyword (e.g. 盖章处) in a page's content, for placing a seal on it.
 *
 * Every TextObject's TextCodes are read in document order and their text is
 * joined, so a keyword split over several TextCodes (converters often write
 * one character per object) is found too. Each character gets a box: it
 * starts at the TextCode's X/Y plus the DeltaX/DeltaY of the characters
 * before it, is as wide as its own DeltaX (the font size when absent) and
 * as tall as the font size above the baseline; the TextObject's CTM and
 * Boundary origin take it to page coordinates. A hit is the centre of the
 * boxes of its characters. Glyph shapes are not read: the centre is as good
 * as the advances the file gives.
 */
#include <string.h>

#include <libxml/tree.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "../core/text.h"
#include "package.h"
#include "stamp_parts.h"
#include "xml.h"

/* Characters read from one page (a bound on memory: 40 bytes each). */
#define MAX_CHARS 1000000u
#define MAX_KEYWORD 256u

typedef struct text_char {
  size_t offset; /* of its first byte in the joined text */
  eseal_ofd__box box;
} text_char;

typedef struct page_text {
  eseal__dbuf text;
  text_char *chars;
  size_t count, cap;
  int rc;
} page_text;

/* A decimal number ("-12.5", "3", ".5"); 0 when `*s` does not start with one. */
static int parse_number(const char **s, double *out) {
  const char *p = *s;
  double sign = 1, v = 0;
  if (*p == '-' || *p == '+')
    sign = *p++ == '-' ? -1 : 1;
  int digits = 0;
  for (; *p >= '0' && *p <= '9'; p++, digits++)
    v = v * 10 + (*p - '0');
  if (*p == '.') {
    double scale = 0.1;
    for (p++; *p >= '0' && *p <= '9'; p++, digits++, scale /= 10)
      v += (*p - '0') * scale;
  }
  if (digits == 0 || digits > 30)
    return 0;
  *out = sign * v;
  *s = p;
  return 1;
}

static const char *skip_space(const char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
    s++;
  return s;
}

size_t eseal_ofd__parse_numbers(const char *s, double *out, size_t max) {
  size_t n = 0;
  for (s = skip_space(s); *s; s = skip_space(s))
    if (n == max || !parse_number(&s, &out[n++]))
      return 0;
  return n;
}

/*
 * The i-th value of a DeltaX/DeltaY list, where "g N v" stands for N times v;
 * `fallback` past its end or when the list is malformed.
 */
static double delta_at(const char *list, size_t i, double fallback) {
  if (list == NULL)
    return fallback;
  const char *s = skip_space(list);
  size_t k = 0;
  while (*s) {
    double v, reps = 1;
    if (*s == 'g') {
      s = skip_space(s + 1);
      if (!parse_number(&s, &reps) || reps < 1)
        return fallback;
      s = skip_space(s);
    }
    if (!parse_number(&s, &v))
      return fallback;
    if (i < k + (size_t)reps)
      return v;
    k += (size_t)reps;
    s = skip_space(s);
  }
  return fallback;
}

typedef struct text_object {
  double ctm[6];
  double origin_x, origin_y;
  double size;
  const char *delta_x, *delta_y;
} text_object;

static void to_page(const text_object *o, double x, double y, double *px, double *py) {
  *px = o->origin_x + o->ctm[0] * x + o->ctm[2] * y + o->ctm[4];
  *py = o->origin_y + o->ctm[1] * x + o->ctm[3] * y + o->ctm[5];
}

/* The page box of a character at (x, y) (baseline) with advance `adv`. */
static eseal_ofd__box char_box(const text_object *o, double x, double y, double adv) {
  double xs[4], ys[4];
  to_page(o, x, y - o->size, &xs[0], &ys[0]);
  to_page(o, x + adv, y - o->size, &xs[1], &ys[1]);
  to_page(o, x, y, &xs[2], &ys[2]);
  to_page(o, x + adv, y, &xs[3], &ys[3]);
  double x0 = xs[0], x1 = xs[0], y0 = ys[0], y1 = ys[0];
  for (int k = 1; k < 4; k++) {
    x0 = xs[k] < x0 ? xs[k] : x0;
    x1 = xs[k] > x1 ? xs[k] : x1;
    y0 = ys[k] < y0 ? ys[k] : y0;
    y1 = ys[k] > y1 ? ys[k] : y1;
  }
  return (eseal_ofd__box){x0, y0, x1 - x0, y1 - y0};
}

static int push_char(page_text *t, size_t offset, eseal_ofd__box box) {
  if (t->count == t->cap) {
    if (t->cap >= MAX_CHARS)
      return eseal__error_set(ESEAL_ELIMIT, "page content: more than %u characters", MAX_CHARS);
    size_t cap = t->cap ? t->cap * 2 : 256;
    text_char *p = eseal__realloc(t->chars, t->cap * sizeof *p, cap * sizeof *p);
    if (p == NULL)
      return eseal__error_oom();
    t->chars = p;
    t->cap = cap;
  }
  t->chars[t->count++] = (text_char){offset, box};
  return 0;
}

static double attr_number(eseal__arena *a, xmlNodePtr n, const char *name, double fallback,
                          int *oom) {
  const char *v = eseal__xml_attr(a, n, name, oom);
  double d;
  if (v && eseal_ofd__parse_numbers(v, &d, 1) == 1)
    return d;
  return fallback;
}

static int read_text_code(page_text *t, const text_object *o, xmlNodePtr code, eseal__arena *a,
                          int *oom) {
  text_object oc = *o;
  oc.delta_x = eseal__xml_attr(a, code, "DeltaX", oom);
  oc.delta_y = eseal__xml_attr(a, code, "DeltaY", oom);
  double x = attr_number(a, code, "X", 0, oom), y = attr_number(a, code, "Y", 0, oom);
  /* The text as stored: trimming would shift the characters against DeltaX. */
  xmlChar *content = xmlNodeGetContent(code);
  if (content == NULL)
    return 0;
  const uint8_t *s = content;
  size_t len = strlen((const char *)content), i = 0;
  int rc = 0;
  for (size_t at = 0; at < len && rc == 0; i++) {
    size_t n = eseal__utf8_sequence(s + at, len - at);
    if (n == 0)
      n = 1; /* libxml2 hands out valid UTF-8; never loop forever */
    double adv = delta_at(oc.delta_x, i, oc.size);
    rc = push_char(t, t->text.len, char_box(&oc, x, y, adv));
    eseal__dbuf_append(&t->text, s + at, n);
    x += adv;
    y += delta_at(oc.delta_y, i, 0);
    at += n;
  }
  xmlFree(content);
  return rc ? rc : eseal__dbuf_status(&t->text);
}

static int read_text_object(page_text *t, xmlNodePtr obj) {
  eseal__arena a = {0};
  int oom = 0, rc = 0;
  text_object o = {{1, 0, 0, 1, 0, 0}, 0, 0, 0, NULL, NULL};
  const char *boundary = eseal__xml_attr(&a, obj, "Boundary", &oom);
  double b[4];
  if (boundary && eseal_ofd__parse_numbers(boundary, b, 4) == 4) {
    o.origin_x = b[0];
    o.origin_y = b[1];
  }
  const char *ctm = eseal__xml_attr(&a, obj, "CTM", &oom);
  double m[6];
  if (ctm && eseal_ofd__parse_numbers(ctm, m, 6) == 6)
    memcpy(o.ctm, m, sizeof m);
  o.size = attr_number(&a, obj, "Size", 0, &oom);
  for (xmlNodePtr c = eseal__xml_child(obj, "TextCode"); c && rc == 0; c = eseal__xml_next(c))
    rc = read_text_code(t, &o, c, &a, &oom);
  eseal__arena_release(&a);
  return rc ? rc : oom ? eseal__error_oom() : 0;
}

/* Every TextObject under `node`, in document order (the XML reader bounds the depth). */
static int walk(page_text *t, xmlNodePtr node) {
  xmlNodePtr next_text = eseal__xml_child(node, "TextObject");
  for (xmlNodePtr c = node->children; c && t->rc == 0; c = c->next) {
    if (c->type != XML_ELEMENT_NODE)
      continue;
    if (c == next_text) {
      t->rc = read_text_object(t, c);
      next_text = eseal__xml_next(c);
    } else {
      walk(t, c);
    }
  }
  return t->rc;
}

/* The hit for characters [first, last]. */
static eseal_ofd__hit hit_of(const page_text *t, size_t first, size_t last, size_t page) {
  double x0 = t->chars[first].box.x, y0 = t->chars[first].box.y;
  double x1 = x0 + t->chars[first].box.w, y1 = y0 + t->chars[first].box.h;
  for (size_t k = first + 1; k <= last; k++) {
    const eseal_ofd__box *b = &t->chars[k].box;
    x0 = b->x < x0 ? b->x : x0;
    y0 = b->y < y0 ? b->y : y0;
    x1 = b->x + b->w > x1 ? b->x + b->w : x1;
    y1 = b->y + b->h > y1 ? b->y + b->h : y1;
  }
  return (eseal_ofd__hit){page, (x0 + x1) / 2, (y0 + y1) / 2};
}

/* The index of the character starting at byte `offset` (a match starts on one). */
static size_t char_at(const page_text *t, size_t offset) {
  size_t lo = 0, hi = t->count;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (t->chars[mid].offset <= offset)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

static void find_all(const page_text *t, const char *keyword, size_t page, eseal_ofd__hit *hits,
                     size_t max, size_t *count) {
  size_t klen = strlen(keyword);
  const uint8_t *s = t->text.ptr;
  for (size_t at = 0; s && at + klen <= t->text.len && *count < max;) {
    if (memcmp(s + at, keyword, klen) != 0) {
      at++;
      continue;
    }
    size_t first = char_at(t, at), last = char_at(t, at + klen - 1);
    hits[(*count)++] = hit_of(t, first, last, page);
    at += klen;
  }
}

int eseal_ofd__keyword_find(const uint8_t *content, size_t len, const char *keyword, size_t page,
                            eseal_ofd__hit *hits, size_t max, size_t *count) {
  size_t klen = keyword ? strlen(keyword) : 0;
  if (klen == 0 || klen > MAX_KEYWORD || !eseal__utf8_valid((const uint8_t *)keyword, klen))
    return eseal__error_set(ESEAL_EINVAL, "the keyword must be 1..%u bytes of UTF-8", MAX_KEYWORD);
  if (len > ESEAL__OFD_MAX_XML_SIZE)
    return eseal__error_set(ESEAL_ELIMIT, "page content larger than %zu bytes",
                            ESEAL__OFD_MAX_XML_SIZE);
  xmlDocPtr doc = NULL;
  int rc = eseal__xml_parse(&doc, content, len, "page content");
  if (rc)
    return rc;
  xmlNodePtr root = eseal__xml_root(doc, "Page");
  page_text t = {ESEAL__DBUF_INIT, NULL, 0, 0, 0};
  if (root == NULL)
    rc = eseal__error_set(ESEAL_EFORMAT, "page content: the root is not an OFD Page");
  else if ((rc = walk(&t, root)) == 0)
    find_all(&t, keyword, page, hits, max, count);
  eseal__dbuf_release(&t.text);
  eseal__free(t.chars);
  xmlFreeDoc(doc);
  return rc;
}
