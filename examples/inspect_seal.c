/* Prints the essentials of a seal or signature file, and the bytes that were signed. */
#include <stdio.h>

#include <eseal.h>

static void print_seal(const eseal_seal *seal) {
  size_t len;
  printf("%s seal \"%s\", esID %s, vendor %s\n", eseal_format_name(eseal_seal_format(seal)),
         eseal_seal_name(seal), eseal_seal_esid(seal), eseal_seal_vendor_id(seal));
  printf("valid %s .. %s\n", eseal_seal_date_text(seal, ESEAL_SEAL_VALID_START),
         eseal_seal_date_text(seal, ESEAL_SEAL_VALID_END));
  eseal_seal_signed_bytes(seal, &len);
  printf("the maker signed %zu bytes with %s\n", len, eseal_seal_algorithm(seal));
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 64;
  }
  eseal_signature *sig = NULL;
  eseal_seal *seal = NULL;
  if (eseal_signature_parse_file(&sig, argv[1], NULL) == 0) {
    print_seal(eseal_signature_seal(sig));
    printf("signed at %s, over data hash of property \"%s\"\n", eseal_signature_time_text(sig),
           eseal_signature_property_info(sig));
  } else if (eseal_seal_parse_file(&seal, argv[1], NULL) == 0) {
    print_seal(seal);
  } else {
    fprintf(stderr, "%s: %s\n", argv[1], eseal_error_last()->message);
    return 2;
  }
  const eseal_warnings *w = sig ? eseal_signature_warnings(sig) : eseal_seal_warnings(seal);
  for (size_t i = 0; i < eseal_warnings_count(w); i++)
    printf("warning %s at %s\n", eseal_warnings_id(w, i), eseal_warnings_path(w, i));
  eseal_signature_free(sig);
  eseal_seal_free(seal);
  return 0;
}
