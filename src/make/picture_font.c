/*
 * Loading the picture font with FreeType: the face named "Noto Serif CJK SC"
 * in a collection (any face's index may change between font releases), its
 * family and version names, the SHA-256 of the file, and glyph outlines
 * decomposed into path commands in em units.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include FT_SFNT_NAMES_H
#include FT_TRUETYPE_IDS_H
#include FT_TRUETYPE_TABLES_H
#include <openssl/evp.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "picture_font.h"
#include "picture_font_path.h" /* ESEAL_PICTURE_FONT (src/meson.build) */

#define WANTED_FAMILY "Noto Serif CJK SC"
#define WANTED_STYLE "Regular"
#define MAX_FACES 64
#define MAX_GLYPH_CMDS 20000

struct eseal__font {
  FT_Library lib;
  FT_Face face;
  double em;          /* units per em */
  double asc, desc;   /* the ideographic em box, in em units (desc negative) */
  eseal_picture_font_info info;
};

/* The last font hashed: a 26 MB collection takes tens of ms to hash, once per file version. */
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  char path[4096];
  struct stat st;
  char hex[65];
} cache;

static int same_file(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static int hash_file(const char *path, char hex[65]) {
  struct stat st, after;
  int known = 0, stated = stat(path, &st) == 0;
  if (stated && strlen(path) < sizeof cache.path) {
    pthread_mutex_lock(&cache_lock);
    known = strcmp(cache.path, path) == 0 && same_file(&cache.st, &st);
    if (known)
      memcpy(hex, cache.hex, 65);
    pthread_mutex_unlock(&cache_lock);
  }
  if (known)
    return 0;
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return eseal__error_set(ESEAL_EINVAL, "cannot read the font %s: %s", path, strerror(errno));
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
  unsigned char buf[65536], d[32];
  size_t n;
  while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0)
    ok = EVP_DigestUpdate(md, buf, n) == 1;
  ok = ok && !ferror(f) && EVP_DigestFinal_ex(md, d, NULL) == 1;
  EVP_MD_CTX_free(md);
  fclose(f);
  if (!ok)
    return eseal__error_set(ESEAL_EINVAL, "cannot hash the font %s", path);
  for (int i = 0; i < 32; i++)
    snprintf(hex + 2 * i, 3, "%02x", d[i]);
  /* Kept only when the file did not change while it was read. */
  if (stated && strlen(path) < sizeof cache.path && stat(path, &after) == 0 && same_file(&st, &after)) {
    pthread_mutex_lock(&cache_lock);
    strcpy(cache.path, path);
    cache.st = st;
    memcpy(cache.hex, hex, 65);
    pthread_mutex_unlock(&cache_lock);
  }
  return 0;
}

/* Name ID 5 (version), Windows UTF-16BE or Mac Roman; printable ASCII kept, others as '?'. */
static void version_name(FT_Face face, char *out, size_t cap) {
  out[0] = 0;
  FT_UInt count = FT_Get_Sfnt_Name_Count(face);
  for (FT_UInt i = 0; i < count; i++) {
    FT_SfntName n;
    if (FT_Get_Sfnt_Name(face, i, &n) || n.name_id != TT_NAME_ID_VERSION_STRING)
      continue;
    int wide = n.platform_id == TT_PLATFORM_MICROSOFT;
    if (!wide && n.platform_id != TT_PLATFORM_MACINTOSH)
      continue;
    size_t k = 0;
    for (FT_UInt j = 0; j + (wide ? 1u : 0u) < n.string_len && k + 1 < cap; j += wide ? 2 : 1) {
      unsigned c = wide ? (unsigned)(n.string[j] << 8 | n.string[j + 1]) : n.string[j];
      out[k++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    out[k] = 0;
    if (wide)
      return;
  }
}

static void copy_name(char *out, size_t cap, const char *s) {
  size_t k = 0;
  for (; s && *s && k + 1 < cap; s++)
    out[k++] = *s >= 0x20 && *s < 0x7f ? *s : '?';
  out[k] = 0;
}

/* The face named WANTED_FAMILY/WANTED_STYLE, else the first with a family ending " SC", else face 0. */
static int pick_face(eseal__font *f, const char *path) {
  FT_Face face;
  if (FT_New_Face(f->lib, path, 0, &face))
    return eseal__error_set(ESEAL_EINVAL, "%s is not a font file FreeType can read", path);
  FT_Long faces = face->num_faces;
  FT_Done_Face(face);
  long chosen = -1, sc = -1;
  for (FT_Long i = 0; i < faces && i < MAX_FACES && chosen < 0; i++) {
    if (FT_New_Face(f->lib, path, i, &face))
      continue;
    const char *fam = face->family_name ? face->family_name : "";
    size_t len = strlen(fam);
    if (strcmp(fam, WANTED_FAMILY) == 0 && face->style_name &&
        strcmp(face->style_name, WANTED_STYLE) == 0)
      chosen = i;
    else if (sc < 0 && len > 3 && strcmp(fam + len - 3, " SC") == 0)
      sc = i;
    FT_Done_Face(face);
  }
  if (chosen < 0)
    chosen = sc >= 0 ? sc : 0;
  if (FT_New_Face(f->lib, path, chosen, &f->face) || !FT_IS_SCALABLE(f->face) ||
      f->face->units_per_EM == 0)
    return eseal__error_set(ESEAL_EINVAL, "%s has no outline font face", path);
  if (FT_Select_Charmap(f->face, FT_ENCODING_UNICODE))
    return eseal__error_set(ESEAL_EINVAL, "%s has no Unicode character map", path);
  f->em = f->face->units_per_EM;
  TT_OS2 *os2 = FT_Get_Sfnt_Table(f->face, FT_SFNT_OS2);
  f->asc = 0.88;
  f->desc = -0.12;
  if (os2 && os2->sTypoAscender > 0 && os2->sTypoDescender <= 0 &&
      os2->sTypoAscender - os2->sTypoDescender <= 2 * f->face->units_per_EM) {
    f->asc = os2->sTypoAscender / f->em;
    f->desc = os2->sTypoDescender / f->em;
  }
  copy_name(f->info.family, sizeof f->info.family, f->face->family_name);
  version_name(f->face, f->info.version, sizeof f->info.version);
  return 0;
}

int eseal__font_open(eseal__font **out, const char *path, int hash) {
  *out = NULL;
  if (path == NULL)
    path = ESEAL_PICTURE_FONT;
  FILE *probe = fopen(path, "rb");
  if (probe == NULL)
    return eseal__error_set(ESEAL_EINVAL, "cannot open the font %s: %s", path, strerror(errno));
  fclose(probe);
  eseal__font *f = eseal__calloc(1, sizeof *f);
  if (f == NULL)
    return eseal__error_oom();
  if (FT_Init_FreeType(&f->lib)) {
    eseal__free(f);
    return eseal__error_set(ESEAL_EINVAL, "FreeType did not start");
  }
  int rc = pick_face(f, path);
  if (rc == 0 && hash)
    rc = hash_file(path, f->info.sha256);
  if (rc) {
    eseal__font_close(f);
    return rc;
  }
  *out = f;
  return 0;
}

void eseal__font_close(eseal__font *f) {
  if (f == NULL)
    return;
  if (f->face)
    FT_Done_Face(f->face);
  FT_Done_FreeType(f->lib);
  eseal__free(f);
}

const eseal_picture_font_info *eseal__font_info(const eseal__font *f) {
  return &f->info;
}

/* Decomposition state: the glyph being filled and the em size. */
typedef struct sink {
  eseal__glyph *g;
  double em;
  size_t cap;
  double lx, ly; /* the current point, for conics */
  int open, failed;
} sink;

static int put(sink *s, eseal__pic_op op, const double *xy, int npoints) {
  if (s->g->ncmds == s->cap) {
    s->failed = 1;
    return 1;
  }
  eseal__pic_cmd *c = &s->g->cmds[s->g->ncmds++];
  memset(c, 0, sizeof *c);
  c->op = op;
  for (int i = 0; i < npoints; i++) {
    c->x[i] = xy[2 * i];
    c->y[i] = xy[2 * i + 1];
  }
  if (npoints) {
    s->lx = xy[2 * npoints - 2];
    s->ly = xy[2 * npoints - 1];
  }
  return 0;
}

static int on_move(const FT_Vector *to, void *user) {
  sink *s = user;
  if (s->open && put(s, ESEAL__PIC_CLOSE, NULL, 0))
    return 1;
  s->open = 1;
  double p[2] = {to->x / s->em, to->y / s->em};
  return put(s, ESEAL__PIC_MOVE, p, 1);
}

static int on_line(const FT_Vector *to, void *user) {
  sink *s = user;
  double p[2] = {to->x / s->em, to->y / s->em};
  return put(s, ESEAL__PIC_LINE, p, 1);
}

/* A quadratic segment as the cubic that draws the same curve. */
static int on_conic(const FT_Vector *ctl, const FT_Vector *to, void *user) {
  sink *s = user;
  double cx = ctl->x / s->em, cy = ctl->y / s->em, x = to->x / s->em, y = to->y / s->em;
  double p[6] = {s->lx + 2.0 / 3 * (cx - s->lx), s->ly + 2.0 / 3 * (cy - s->ly),
                 x + 2.0 / 3 * (cx - x), y + 2.0 / 3 * (cy - y), x, y};
  return put(s, ESEAL__PIC_CUBIC, p, 3);
}

static int on_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *user) {
  sink *s = user;
  double p[6] = {c1->x / s->em, c1->y / s->em, c2->x / s->em, c2->y / s->em,
                 to->x / s->em, to->y / s->em};
  return put(s, ESEAL__PIC_CUBIC, p, 3);
}

int eseal__font_glyph(eseal__font *f, uint32_t cp, eseal__glyph *g) {
  memset(g, 0, sizeof *g);
  FT_UInt index = FT_Get_Char_Index(f->face, cp);
  if (index == 0)
    return eseal__error_set(ESEAL_EINVAL, "the font %s has no glyph for U+%04X", f->info.family,
                            (unsigned)cp);
  if (FT_Load_Glyph(f->face, index, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) ||
      f->face->glyph->format != FT_GLYPH_FORMAT_OUTLINE)
    return eseal__error_set(ESEAL_EINVAL, "the font %s has no outline for U+%04X",
                            f->info.family, (unsigned)cp);
  FT_Outline *o = &f->face->glyph->outline;
  double adv = f->face->glyph->metrics.horiAdvance / f->em;
  /* Every point gives at most one command, plus a move and a close per contour. */
  size_t cap = (size_t)o->n_points + 2u * (size_t)o->n_contours + 1;
  if (cap > MAX_GLYPH_CMDS)
    cap = MAX_GLYPH_CMDS;
  g->cmds = eseal__calloc(cap, sizeof *g->cmds);
  if (g->cmds == NULL)
    return eseal__error_oom();
  sink s = {g, f->em, cap, 0, 0, 0, 0};
  FT_Outline_Funcs fn = {on_move, on_line, on_conic, on_cubic, 0, 0};
  if (FT_Outline_Decompose(o, &fn, &s) || s.failed ||
      (s.open && put(&s, ESEAL__PIC_CLOSE, NULL, 0))) {
    eseal__glyph_free(g);
    return eseal__error_set(ESEAL_EINVAL, "the outline of U+%04X could not be read", (unsigned)cp);
  }
  /* The cell: the em box across the advance (at least a quarter em), grown to the control box. */
  FT_BBox box;
  FT_Outline_Get_CBox(o, &box);
  g->x0 = 0;
  g->x1 = adv > 0.25 ? adv : 0.25;
  g->y0 = f->desc;
  g->y1 = f->asc;
  if (o->n_points > 0) {
    if (box.xMin / f->em < g->x0) g->x0 = box.xMin / f->em;
    if (box.xMax / f->em > g->x1) g->x1 = box.xMax / f->em;
    if (box.yMin / f->em < g->y0) g->y0 = box.yMin / f->em;
    if (box.yMax / f->em > g->y1) g->y1 = box.yMax / f->em;
  }
  return 0;
}

void eseal__glyph_free(eseal__glyph *g) {
  eseal__free(g->cmds);
  memset(g, 0, sizeof *g);
}
