/*
 * Stamps a file with a key held in an SKF device:
 *   skf_stamp LIBSKF.so DEVICE APP CONTAINER PIN_FILE SEAL CERT DATA OUT
 * The PIN is read from PIN_FILE, never from the command line.
 */
#include <stdio.h>
#include <string.h>

#include <eseal.h>

#include "skf_backend.h"

static int read_pin(const char *path, char *pin, size_t size) {
  FILE *fp = fopen(path, "r");
  if (fp == NULL || fgets(pin, (int)size, fp) == NULL) {
    if (fp)
      fclose(fp);
    return -1;
  }
  fclose(fp);
  pin[strcspn(pin, "\r\n")] = '\0';
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 10) {
    fprintf(stderr,
            "usage: skf_stamp LIBSKF.so DEVICE APP CONTAINER PIN_FILE SEAL CERT DATA OUT\n");
    return 64;
  }
  char pin[64];
  if (read_pin(argv[5], pin, sizeof pin) != 0) {
    fprintf(stderr, "cannot read the PIN from %s\n", argv[5]);
    return 3;
  }
  eseal_key *key = NULL;
  eseal_ctx *ctx = NULL;
  eseal_seal *seal = NULL;
  eseal_cert *cert = NULL;
  eseal_data *data = NULL;
  eseal_signature *sig = NULL;
  int rc = skf_key_open(&key, argv[1], argv[2], argv[3], argv[4], pin);
  memset(pin, 0, sizeof pin);
  if (rc == 0)
    rc = eseal_ctx_new(&ctx);
  if (rc == 0)
    rc = eseal_seal_parse_file(&seal, argv[6], NULL);
  if (rc == 0)
    rc = eseal_cert_load_file(&cert, argv[7]);
  if (rc == 0)
    rc = eseal_data_from_file(&data, argv[8]);
  if (rc == 0)
    rc = eseal_stamp(&sig, ctx, seal, key, cert, data, NULL);
  if (rc == 0) {
    size_t len = 0;
    const uint8_t *der = eseal_signature_bytes(sig, &len);
    FILE *out = fopen(argv[9], "wb");
    rc = out && fwrite(der, 1, len, out) == len ? 0 : ESEAL_EIO;
    if (out)
      fclose(out);
  }
  if (rc != 0) {
    const eseal_error *e = eseal_error_last();
    fprintf(stderr, "skf_stamp: %s\n", e ? e->message : eseal_strerror(rc));
  }
  eseal_signature_free(sig);
  eseal_data_free(data);
  eseal_cert_free(cert);
  eseal_seal_free(seal);
  eseal_ctx_free(ctx);
  eseal_key_free(key);
  return rc == 0 ? 0 : 3;
}
