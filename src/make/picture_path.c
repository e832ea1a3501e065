/* The picture's path list: growing it, and undoing a layout attempt. */
#include <string.h>

#include "eseal/errors.h"
#include "../core/alloc.h"
#include "../core/error.h"
#include "picture_path.h"

/* Generous: a long round seal has about 100 glyphs of at most a few hundred commands. */
#define MAX_CMDS 400000u
#define MAX_ITEMS 1024u

void eseal__pic_init(eseal__picture *p) {
  memset(p, 0, sizeof *p);
}

void eseal__pic_free(eseal__picture *p) {
  eseal__free(p->cmds);
  eseal__free(p->items);
  memset(p, 0, sizeof *p);
}

static int grow(void **ptr, size_t *cap, size_t need, size_t size, size_t max) {
  if (need <= *cap)
    return 0;
  if (need > max)
    return eseal__error_set(ESEAL_EINVAL, "the picture has too many outlines (over %zu)", max);
  size_t n = *cap ? *cap * 2 : 64;
  if (n > max)
    n = max;
  void *q = eseal__realloc(*ptr, *cap * size, n * size);
  if (q == NULL)
    return eseal__error_oom();
  *ptr = q;
  *cap = n;
  return 0;
}

int eseal__pic_begin(eseal__picture *p, eseal__pic_role role, double stroke_width) {
  int rc = grow((void **)&p->items, &p->cap_items, p->nitems + 1, sizeof *p->items, MAX_ITEMS);
  if (rc)
    return rc;
  eseal__pic_item *it = &p->items[p->nitems++];
  memset(it, 0, sizeof *it);
  it->role = role;
  it->stroke_width = stroke_width;
  it->first = p->ncmds;
  return 0;
}

int eseal__pic_add(eseal__picture *p, eseal__pic_op op, const double *xy, int npoints) {
  int rc = grow((void **)&p->cmds, &p->cap_cmds, p->ncmds + 1, sizeof *p->cmds, MAX_CMDS);
  if (rc)
    return rc;
  eseal__pic_cmd *c = &p->cmds[p->ncmds++];
  memset(c, 0, sizeof *c);
  c->op = op;
  for (int i = 0; i < npoints; i++) {
    c->x[i] = xy[2 * i];
    c->y[i] = xy[2 * i + 1];
  }
  p->items[p->nitems - 1].count++;
  return 0;
}
