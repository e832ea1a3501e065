/*
 * The signing-key options every signing command shares: KEY is a key file or
 * a pkcs11: URI, and its secret comes from a file, an environment variable or
 * a prompt on the terminal, never necessarily from the command line.
 */
#ifndef ESEAL_CLI_KEY_OPT_H
#define ESEAL_CLI_KEY_OPT_H

#include <eseal.h>

typedef struct cli_key {
  const char *password, *password_file, *password_env;
  const char *pin_file, *pin_env;
  const char *pkcs11_module, *pkcs11_sm2;
} cli_key;

/* The option table entries for a cli_key `k`. */
#define CLI_KEY_OPTS(k)                                                                           \
  {"--password", CLI_VALUE, &(k).password, 0},                                                     \
      {"--password-file", CLI_VALUE, &(k).password_file, 0},                                       \
      {"--password-env", CLI_VALUE, &(k).password_env, 0},                                         \
      {"--pin-file", CLI_VALUE, &(k).pin_file, 0}, {"--pin-env", CLI_VALUE, &(k).pin_env, 0},      \
      {"--pkcs11-module", CLI_VALUE, &(k).pkcs11_module, 0},                                       \
      {"--pkcs11-sm2", CLI_VALUE, &(k).pkcs11_sm2, 0}

/* The help text of those options. */
extern const char cli_key_help[];

/*
 * Opens `spec`: a pkcs11: URI (PIN from --pin-file, --pin-env, the URI, or a
 * prompt on the terminal when the token asks for one), or a key file
 * (password from --password-file, --password-env, --password, or a prompt
 * when the file turns out to be encrypted and stdin is a terminal). `cert`
 * gets the certificate a PKCS#12 file or the token holds, or NULL.
 * 0, or an exit status after printing why.
 */
int cli_key_load(const char *cmd, const char *spec, const cli_key *k, eseal_key **key,
                 eseal_cert **cert);

/*
 * A secret from the first line of `path`, from the environment variable
 * `env`, or NULL when neither is given; into `out` (`size` bytes).
 * 1 when found, 0 when not given, or an exit status (> 1) after printing why.
 */
int cli_secret(const char *cmd, const char *path, const char *env, char *out, size_t size);

#endif
