/*
 * Makes a V4 seal for a signer certificate, with a round picture drawn from
 * the seal's elements, signed by the seal maker.
 *
 *   make_seal MAKER_KEY MAKER_CERT SIGNER_CERT ESID NAME OUT.esl
 *
 * (eseal pki init DIR makes keys and certificates to try it with.)
 */
#include <stdio.h>
#include <time.h>

#include <eseal.h>

static int fail(const char *what) {
  fprintf(stderr, "%s: %s\n", what, eseal_error_last()->message);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: %s MAKER_KEY MAKER_CERT SIGNER_CERT ESID NAME OUT.esl\n", argv[0]);
    return 64;
  }
  eseal_ctx *ctx = NULL;
  eseal_key *maker_key = NULL;
  eseal_cert *maker = NULL, *signer = NULL;
  eseal_seal_builder *b = NULL;
  eseal_seal *seal = NULL;
  int rc = 1;
  int64_t now = (int64_t)time(NULL);
  eseal_picture_options picture = ESEAL_PICTURE_OPTIONS_INIT; /* round, 42 mm */

  if (eseal_ctx_new(&ctx) || eseal_key_load_file(&maker_key, NULL, argv[1], NULL) ||
      eseal_cert_load_file(&maker, argv[2]) || eseal_cert_load_file(&signer, argv[3])) {
    rc = fail("loading");
  } else if (eseal_seal_builder_new(&b) || eseal_seal_builder_set_esid(b, argv[4]) ||
             eseal_seal_builder_set_name(b, argv[5]) || eseal_seal_builder_set_type(b, 1) ||
             eseal_seal_builder_add_signer_cert(b, signer) ||
             eseal_seal_builder_set_dates(b, now, now, now + 365 * 86400) ||
             eseal_seal_builder_draw_picture(b, &picture)) {
    rc = fail("seal elements");
  } else if (eseal_seal_build(&seal, ctx, b, maker_key, maker)) {
    rc = fail("making the seal");
  } else {
    size_t len = 0;
    const uint8_t *der = eseal_seal_bytes(seal, &len);
    FILE *f = fopen(argv[6], "wb");
    rc = !(f && fwrite(der, 1, len, f) == len);
    if (f && fclose(f) != 0)
      rc = 1;
    printf(rc ? "cannot write %s\n" : "seal written to %s\n", argv[6]);
  }
  eseal_seal_free(seal);
  eseal_seal_builder_free(b);
  eseal_cert_free(signer);
  eseal_cert_free(maker);
  eseal_key_free(maker_key);
  eseal_ctx_free(ctx);
  return rc;
}
