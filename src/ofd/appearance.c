/* The appearance of an OFD stamp: the seal's own picture, which OFD readers draw in each StampAnnot. */
#include <string.h>

#include "eseal/errors.h"
#include "eseal/seal.h"
#include "../core/error.h"
#include "stamp_build.h"

static int same(const char *a, const char *b) {
  for (; *a && *b; a++, b++) {
    char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
    if (x != *b)
      return 0;
  }
  return *a == *b;
}

static int is_png(const uint8_t *p, size_t n) {
  static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
  return n >= 8 && memcmp(p, sig, 8) == 0;
}

static int is_jpeg(const uint8_t *p, size_t n) {
  return n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff;
}

int eseal_ofd__appearance(const eseal_seal *seal, const eseal_ofd_stamp_options *o, double *w,
                          double *h) {
  const char *type = eseal_seal_picture_type(seal);
  size_t len = 0;
  const uint8_t *data = eseal_seal_picture_data(seal, &len);
  if (type == NULL || data == NULL || len == 0)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "the seal has no picture to show");
  if (same(type, "svg"))
    return eseal__error_set(ESEAL_EUNSUPPORTED,
                            "the seal's picture is SVG, which OFD readers do not draw in a stamp: "
                            "make the seal with a PNG picture (eseal seal create "
                            "--picture-format png, or png_dpi in the picture options)");
  int png = same(type, "png"), jpeg = same(type, "jpg") || same(type, "jpeg");
  if (!png && !jpeg)
    return eseal__error_set(ESEAL_EUNSUPPORTED,
                            "the seal's picture is of type \"%.16s\": an OFD stamp needs PNG or JPEG",
                            type);
  /* Readers decode the bytes, not the label: a mislabelled picture would show nothing. */
  if ((png && !is_png(data, len)) || (jpeg && !is_jpeg(data, len)))
    return eseal__error_set(ESEAL_EUNSUPPORTED, "the seal's picture is labelled %s but is not one",
                            png ? "PNG" : "JPEG");
  *w = o->width_mm > 0 ? o->width_mm : (double)eseal_seal_picture_width(seal);
  *h = o->height_mm > 0 ? o->height_mm : (double)eseal_seal_picture_height(seal);
  if (!(*w > 0 && *h > 0))
    return eseal__error_set(ESEAL_EINVAL,
                            "the seal's picture states no size: give the width and height in mm");
  return 0;
}
