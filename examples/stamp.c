/*
 * Stamps a file with a seal and writes the SES_Signature.
 *
 *   stamp SEAL.esl SIGNER_KEY SIGNER_CERT FILE OUT.sig
 */
#include <stdio.h>

#include <eseal.h>

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s SEAL.esl SIGNER_KEY SIGNER_CERT FILE OUT.sig\n", argv[0]);
    return 64;
  }
  eseal_ctx *ctx = NULL;
  eseal_seal *seal = NULL;
  eseal_key *key = NULL;
  eseal_cert *cert = NULL;
  eseal_data *data = NULL;
  eseal_signature *sig = NULL;
  eseal_stamp_options opts = ESEAL_STAMP_OPTIONS_INIT;
  opts.property_info = argv[4];
  int rc = 1;

  if (eseal_ctx_new(&ctx) || eseal_seal_parse_file(&seal, argv[1], NULL) ||
      eseal_key_load_file(&key, NULL, argv[2], NULL) || eseal_cert_load_file(&cert, argv[3]) ||
      eseal_data_from_file(&data, argv[4])) {
    fprintf(stderr, "loading: %s\n", eseal_error_last()->message);
  } else if (eseal_stamp(&sig, ctx, seal, key, cert, data, &opts) != 0) {
    /* ESEAL_ENOTBOUND, ESEAL_ESEALTIME, ESEAL_ECERT, ESEAL_EBADSEAL: a refusal, with the reason. */
    fprintf(stderr, "stamping refused (%s): %s\n", eseal_strerror(eseal_error_last()->code),
            eseal_error_last()->message);
  } else {
    size_t len = 0;
    const uint8_t *der = eseal_signature_bytes(sig, &len);
    FILE *f = fopen(argv[5], "wb");
    rc = !(f && fwrite(der, 1, len, f) == len);
    if (f && fclose(f) != 0)
      rc = 1;
    printf(rc ? "cannot write %s\n" : "signature written to %s\n", argv[5]);
  }
  eseal_signature_free(sig);
  eseal_data_free(data);
  eseal_cert_free(cert);
  eseal_key_free(key);
  eseal_seal_free(seal);
  eseal_ctx_free(ctx);
  return rc;
}
