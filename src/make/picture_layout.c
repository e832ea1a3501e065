/*
 * Laying a seal picture out: which elements each shape has, where they go and
 * at what size (doc/pictures.md has the rules and their sources). Placing and
 * checking the glyph cells is picture_place.c's; an element that fits at no
 * size is refused by name, never dropped.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "eseal/errors.h"
#include "../core/error.h"
#include "../core/text.h"
#include "picture.h"
#include "picture_font.h"
#include "picture_place.h"

/* UTF-8 into code points: 1..max printable characters, else -1. */
static int split(const char *s, size_t max, eseal__pic_text *t) {
  const uint8_t *p = (const uint8_t *)s;
  size_t len = strlen(s);
  t->n = 0;
  while (len > 0) {
    size_t k = eseal__utf8_sequence(p, len);
    if (k == 0 || t->n == max)
      return -1;
    uint32_t c = k == 1 ? p[0] : k == 2 ? (uint32_t)(p[0] & 0x1f) : k == 3 ? (uint32_t)(p[0] & 0x0f)
                                                                           : (uint32_t)(p[0] & 0x07);
    for (size_t i = 1; i < k; i++)
      c = c << 6 | (p[i] & 0x3f);
    if (c < 0x20 || (c >= 0x7f && c < 0xa0))
      return -1;
    t->cp[t->n++] = c;
    p += k;
    len -= k;
  }
  return t->n ? 0 : -1;
}

static void text_free(eseal__pic_text *t) {
  for (size_t i = 0; i < t->n; i++)
    eseal__glyph_free(&t->g[i]);
  t->n = 0;
}

static int load(eseal__pic_layout *L, eseal__pic_text *t) {
  for (size_t i = 0; i < t->n; i++) {
    int rc = eseal__font_glyph(L->font, t->cp[i], &t->g[i]);
    if (rc) {
      for (size_t j = 0; j < i; j++)
        eseal__glyph_free(&t->g[j]);
      t->n = 0;
      return rc;
    }
  }
  return 0;
}

typedef struct texts {
  eseal__pic_text org, name, code, tax;
  int has_org, has_name, has_code, has_tax;
} texts;

static int take(eseal__pic_layout *L, const char *s, size_t max, eseal__pic_text *t, int *has, const char *what) {
  if (s == NULL)
    return 0;
  if (split(s, max, t) != 0)
    return eseal__error_set(ESEAL_EINVAL, "the %s must be 1..%zu printable characters of valid UTF-8",
                            what, max);
  int rc = load(L, t);
  if (rc)
    return eseal__error_prefix(rc, what);
  *has = 1;
  return 0;
}

static int round_seal(eseal__pic_layout *L, texts *x, double d) {
  if (!x->has_org)
    return eseal__error_set(ESEAL_EINVAL, "a round seal needs an organisation");
  if (x->has_tax)
    return eseal__error_set(ESEAL_EINVAL, "a round seal has no place for a taxpayer number: "
                            "draw an oval invoice seal");
  /* The ring is 1.2 mm on a 42 mm seal, 1 mm on 40 and smaller ones (doc/pictures.md). */
  double t = d >= 42 ? d * 0.12 / 4.2 : d * 0.1 / 4.0, c = d / 2, shape_gap = L->gap;
  int rc = eseal__pic_ring(L, d, d, 1, t);
  if (rc || (rc = eseal__pic_star(L, c, c, d / 6)) != 0)
    return rc;
  const eseal__pic_bound *in = &L->pic->inside;
  char where[64];
  snprintf(where, sizeof where, "a %.0f mm round seal", d);
  eseal__pic_arc top = {c, c, in->rx - shape_gap, in->ry - shape_gap, 240, 0.35, 0};
  eseal__pic_sizing s_org = {d * 0.15, d * 0.06, 0.85, 0.4};
  if ((rc = eseal__pic_fit(L, &x->org, ESEAL__PIC_ORGANISATION, &s_org, eseal__pic_place_arc, &top, "organisation", where)))
    return rc;
  if (x->has_code) {
    eseal__pic_arc bottom = {c, c, in->rx - shape_gap, in->ry - shape_gap, 120, 0.15, 1};
    eseal__pic_sizing s_code = {d * 0.065, d * 0.035, 0.9, 0.45};
    if ((rc = eseal__pic_fit(L, &x->code, ESEAL__PIC_CODE, &s_code, eseal__pic_place_arc, &bottom, "seal code", where)))
      return rc;
  }
  if (x->has_name) {
    eseal__pic_line at = {c, c + d / 6 * 0.809 + d * 0.03 + d * 0.05};
    eseal__pic_sizing s_name = {d * 0.1, d * 0.045, 0.9, 0.4};
    rc = eseal__pic_fit(L, &x->name, ESEAL__PIC_NAME, &s_name, eseal__pic_place_line, &at, "seal name", where);
  }
  return rc;
}

/* The invoice seal of the 2011 announcement, scaled from 40 x 30 mm (doc/pictures.md). */
static int invoice_seal(eseal__pic_layout *L, texts *x, double w, double h) {
  if (!x->has_org || !x->has_tax)
    return eseal__error_set(ESEAL_EINVAL, "an oval invoice seal needs both the organisation and "
                            "the taxpayer number (taxpayer_id)");
  if (x->has_code)
    return eseal__error_set(ESEAL_EINVAL, "an oval invoice seal has no place for a seal code");
  double k = h / 30; /* mm of the model seal to mm of this one */
  int rc = eseal__pic_ring(L, w, h, 1, k);
  if (rc)
    return rc;
  L->gap = 0.5 * k;
  const eseal__pic_bound *in = &L->pic->inside;
  char where[64];
  snprintf(where, sizeof where, "a %.0f x %.0f mm invoice seal", w, h);
  /* The name: 4.2 mm high, on an arc of 210..260 degrees, 0.5 mm inside the ring. */
  eseal__pic_arc top = {w / 2, h / 2, in->rx - L->gap, in->ry - L->gap, 250, 0.3, 0};
  eseal__pic_sizing s_org = {4.2 * k, 2.0 * k, 0.85, 0.4, 0};
  if ((rc = eseal__pic_fit(L, &x->org, ESEAL__PIC_ORGANISATION, &s_org, eseal__pic_place_arc, &top, "organisation", where)))
    return rc;
  /* The taxpayer number across the middle, 3.7 mm high, digits 1.3 mm wide. */
  eseal__pic_line mid = {w / 2, h / 2};
  eseal__pic_sizing s_tax = {3.7 * k, 1.8 * k, 0.65, 0.35, 0};
  if ((rc = eseal__pic_fit(L, &x->tax, ESEAL__PIC_TAXPAYER, &s_tax, eseal__pic_place_line, &mid, "taxpayer number", where)))
    return rc;
  /* "发票专用章" 4.6 mm high and 3 mm wide, its top 4.2 mm under the centre. */
  eseal__pic_line low = {w / 2, h / 2 + 6.5 * k};
  eseal__pic_sizing s_name = {4.6 * k, 2.3 * k, 0.65, 0.4, 0};
  return eseal__pic_fit(L, &x->name, ESEAL__PIC_NAME, &s_name, eseal__pic_place_line, &low, "seal name", where);
}

static int personal_oval(eseal__pic_layout *L, texts *x, double w, double h) {
  if (x->has_code)
    return eseal__error_set(ESEAL_EINVAL, "a personal oval seal has no place for a seal code");
  int rc = eseal__pic_ring(L, w, h, 1, fmin(w, h) * 0.05);
  if (rc)
    return rc;
  char where[64];
  snprintf(where, sizeof where, "a %.0f x %.0f mm oval seal", w, h);
  eseal__pic_line mid = {w / 2, h / 2};
  eseal__pic_sizing s = {h * 0.5, h * 0.15, 0.95, 0.4};
  return eseal__pic_fit(L, &x->name, ESEAL__PIC_NAME, &s, eseal__pic_place_line, &mid, "name", where);
}

static int rectangle(eseal__pic_layout *L, texts *x, double w, double h) {
  if (x->has_tax)
    return eseal__error_set(ESEAL_EINVAL, "a rectangular seal has no place for a taxpayer number");
  int rc = eseal__pic_ring(L, w, h, 0, fmin(w, h) * 0.05);
  if (rc)
    return rc;
  const eseal__pic_bound *in = &L->pic->inside;
  char where[64];
  snprintf(where, sizeof where, "a %.0f x %.0f mm rectangular seal", w, h);
  eseal__pic_text *lines[3];
  eseal__pic_role roles[3];
  const char *names[3];
  int k = 0;
  if (x->has_org) {
    lines[k] = &x->org;
    roles[k] = ESEAL__PIC_ORGANISATION;
    names[k++] = "organisation";
  }
  lines[k] = &x->name;
  roles[k] = ESEAL__PIC_NAME;
  names[k++] = "name";
  if (x->has_code) {
    lines[k] = &x->code;
    roles[k] = ESEAL__PIC_CODE;
    names[k++] = "seal code";
  }
  double top = in->cy - in->ry + L->gap, slot = (2 * (in->ry - L->gap)) / k;
  for (int i = 0; i < k; i++) {
    eseal__pic_line at = {in->cx, top + slot * (i + 0.5)};
    eseal__pic_sizing s = {slot * 0.85, slot * 0.15, i == k - 1 && x->has_code ? 0.8 : 0.95, 0.35};
    if ((rc = eseal__pic_fit(L, lines[i], roles[i], &s, eseal__pic_place_line, &at, names[i], where)))
      return rc;
  }
  return 0;
}

static int square(eseal__pic_layout *L, texts *x, double side) {
  if (x->has_org || x->has_code || x->has_tax)
    return eseal__error_set(ESEAL_EINVAL, "a square seal shows only a person's name: the %s "
                            "has no place on it", x->has_org ? "organisation"
                            : x->has_code ? "seal code" : "taxpayer number");
  if (x->name.n > 4)
    return eseal__error_set(ESEAL_EINVAL, "the name (%zu characters) does not fit on a square "
                            "seal, which holds 1 to 4", x->name.n);
  if (x->name.n == 3) { /* the custom: 3-character names become 4 with 印 */
    x->name.cp[3] = 0x5370;
    int rc = eseal__font_glyph(L->font, 0x5370, &x->name.g[3]);
    if (rc)
      return rc;
    x->name.n = 4;
  }
  int rc = eseal__pic_ring(L, side, side, 0, side * 0.06);
  if (rc)
    return rc;
  const eseal__pic_bound *in = &L->pic->inside;
  eseal__pic_grid at = {in->cx, in->cy, in->rx - L->gap, x->name.n > 2 ? 2 : (int)x->name.n,
                x->name.n > 2 ? 2 : 1};
  eseal__pic_sizing s = {0.94, 0.5, 1, 1, 1};
  char where[64];
  snprintf(where, sizeof where, "a %.0f mm square seal", side);
  return eseal__pic_fit(L, &x->name, ESEAL__PIC_NAME, &s, eseal__pic_place_grid, &at, "name", where);
}

static int valid_color(const char *c, unsigned char rgb[3]) {
  if (strlen(c) != 7 || c[0] != '#')
    return 0;
  for (int i = 0; i < 3; i++) {
    unsigned v = 0;
    for (int j = 1; j <= 2; j++) {
      char ch = c[1 + 2 * i + j - 1];
      int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
            : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
      if (d < 0)
        return 0;
      v = v * 16 + (unsigned)d;
    }
    rgb[i] = (unsigned char)v;
  }
  return 1;
}

/* The taxpayer number: 15..20 ASCII letters and digits (the old tax number or the credit code). */
static int valid_taxpayer(const char *s) {
  size_t n = strlen(s);
  if (n < 15 || n > 20)
    return 0;
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
      return 0;
  return 1;
}

void eseal__picture_size(const eseal_picture_options *o, unsigned int *width, unsigned int *height) {
  if (o->shape == ESEAL_PICTURE_ROUND) {
    *width = *height = o->diameter_mm ? o->diameter_mm : 42;
    return;
  }
  int oval = o->shape == ESEAL_PICTURE_OVAL;
  int invoice = oval && (o->organisation || (o->version >= 2 && o->taxpayer_id));
  *width = o->width_mm ? o->width_mm : invoice ? 40 : oval ? 24 : 20;
  *height = o->height_mm ? o->height_mm : invoice ? 30 : oval ? 16 : 20;
}

int eseal__picture_options_copy(eseal_picture_options *dst, const eseal_picture_options *src) {
  if (src->version != 1 && src->version != ESEAL_PICTURE_OPTIONS_VERSION)
    return eseal__error_set(ESEAL_EVERSION, "eseal_picture_options: unknown version %u",
                            src->version);
  memset(dst, 0, sizeof *dst);
  /* A version-1 caller's struct ends before taxpayer_id. */
  memcpy(dst, src, src->version == 1 ? offsetof(eseal_picture_options, taxpayer_id) : sizeof *dst);
  dst->version = ESEAL_PICTURE_OPTIONS_VERSION;
  return 0;
}

int eseal__picture_layout(eseal__picture *p, const eseal_picture_options *opts, int hash) {
  eseal_picture_options o;
  int rc = eseal__picture_options_copy(&o, opts);
  if (rc)
    return rc;
  if (!valid_color(o.color ? o.color : "#d0021b", p->rgb))
    return eseal__error_set(ESEAL_EINVAL, "the colour must be written #rrggbb");
  if (o.shape < ESEAL_PICTURE_ROUND || o.shape > ESEAL_PICTURE_SQUARE)
    return eseal__error_set(ESEAL_EINVAL, "unknown picture shape %d", (int)o.shape);
  unsigned int w, h;
  eseal__picture_size(&o, &w, &h);
  if (w < 10 || w > 100 || h < 10 || h > 100)
    return eseal__error_set(ESEAL_EINVAL, "picture sizes must be 10..100 mm");
  if (o.shape == ESEAL_PICTURE_SQUARE && w != h)
    return eseal__error_set(ESEAL_EINVAL, "a square seal needs the same width and height");
  if (o.taxpayer_id && !valid_taxpayer(o.taxpayer_id))
    return eseal__error_set(ESEAL_EINVAL, "the taxpayer number must be 15..20 letters and digits");
  int invoice = o.shape == ESEAL_PICTURE_OVAL && (o.organisation || o.taxpayer_id);
  if (invoice && o.name == NULL)
    o.name = "发票专用章";
  if (o.shape != ESEAL_PICTURE_ROUND && !invoice && o.name == NULL)
    return eseal__error_set(ESEAL_EINVAL, "a personal seal needs a name");
  p->width = w;
  p->height = h;
  eseal__pic_layout L = {p, NULL, 0.012 * fmin(w, h), {{{0}}}, 0, {{0}}, 0};
  if ((rc = eseal__font_open(&L.font, o.font_path, hash)) != 0)
    return rc;
  p->font = *eseal__font_info(L.font);
  texts x;
  memset(&x, 0, sizeof x);
  int personal = o.shape != ESEAL_PICTURE_ROUND && !invoice;
  rc = take(&L, o.organisation, 40, &x.org, &x.has_org, "organisation");
  if (rc == 0)
    rc = take(&L, o.name, personal ? 8 : 20, &x.name, &x.has_name, personal ? "name" : "seal name");
  if (rc == 0)
    rc = take(&L, o.code, 40, &x.code, &x.has_code, "seal code");
  if (rc == 0)
    rc = take(&L, o.taxpayer_id, 20, &x.tax, &x.has_tax, "taxpayer number");
  if (rc == 0) {
    switch (o.shape) {
    case ESEAL_PICTURE_ROUND:
      rc = round_seal(&L, &x, w);
      break;
    case ESEAL_PICTURE_OVAL:
      rc = invoice ? invoice_seal(&L, &x, w, h) : personal_oval(&L, &x, w, h);
      break;
    case ESEAL_PICTURE_RECTANGLE:
      rc = rectangle(&L, &x, w, h);
      break;
    default:
      rc = square(&L, &x, w);
    }
  }
  text_free(&x.org);
  text_free(&x.name);
  text_free(&x.code);
  text_free(&x.tax);
  eseal__font_close(L.font);
  return rc;
}
