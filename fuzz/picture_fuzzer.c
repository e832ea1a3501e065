/*
 * Seal picture parameters (src/make/picture_layout.c): byte 0 picks the shape,
 * byte 1 the size, the rest is up to four texts split at NUL bytes (the
 * organisation, the name, the code, the taxpayer number), in any script,
 * with combining marks or invalid UTF-8. Whatever they are, the layout either
 * refuses with ESEAL_EINVAL or places every glyph cell inside the ring; with
 * bit 0 of byte 1 set, a 72 dpi PNG is drawn too. Inputs are cut at 256
 * bytes, and the texts' own limits (40 characters) bound the work.
 */
#include <string.h>

#include "fuzz_common.h"
#include "make/picture.h"

#define MAX_INPUT 256

static int inside(const eseal__pic_bound *b, const double *pt) {
  double dx = (pt[0] - b->cx) / b->rx, dy = (pt[1] - b->cy) / b->ry;
  return b->ellipse ? dx * dx + dy * dy <= 1.0 + 1e-9
                    : dx >= -1 - 1e-9 && dx <= 1 + 1e-9 && dy >= -1 - 1e-9 && dy <= 1 + 1e-9;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  char text[MAX_INPUT + 1];
  size_t n = size - 2 > MAX_INPUT ? MAX_INPUT : size - 2;
  memcpy(text, data + 2, n);
  text[n] = 0;
  const char *field[4] = {NULL, NULL, NULL, NULL};
  size_t at = 0;
  for (int i = 0; i < 4 && at <= n; i++) {
    field[i] = text + at;
    at += strlen(text + at) + 1;
  }
  eseal_picture_options o = ESEAL_PICTURE_OPTIONS_INIT;
  o.shape = (eseal_picture_shape)(data[0] % 6);
  unsigned size_mm = 10 + (data[1] >> 1) % 60;
  o.diameter_mm = size_mm;
  o.width_mm = size_mm;
  o.height_mm = data[0] & 0x80 ? size_mm : 10u + (data[1] >> 2) % 40u;
  o.organisation = field[0] && *field[0] ? field[0] : NULL;
  o.name = field[1] && *field[1] ? field[1] : NULL;
  o.code = field[2] && *field[2] ? field[2] : NULL;
  o.taxpayer_id = field[3] && *field[3] ? field[3] : NULL;
  eseal__picture p;
  eseal__pic_init(&p);
  int rc = eseal__picture_layout(&p, &o, 0);
  FUZZ_CHECK(rc == 0 || rc == ESEAL_EINVAL || rc == ESEAL_ENOMEM);
  if (rc == 0)
    for (size_t i = 0; i < p.nitems; i++)
      if (p.items[i].role != ESEAL__PIC_RING && p.items[i].role != ESEAL__PIC_STAR)
        for (int k = 0; k < 4; k++)
          FUZZ_CHECK(inside(&p.inside, p.items[i].cell[k]));
  eseal__pic_free(&p);
  if (rc == 0 && (data[1] & 1)) {
    eseal_buf png = ESEAL_BUF_INIT;
    rc = eseal_picture_png(&png, &o, 72);
    FUZZ_CHECK(rc == 0 || rc == ESEAL_ENOMEM);
    eseal_buf_dispose(&png);
  }
  return 0;
}
