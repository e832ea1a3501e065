/* Signing keys for the commands: key files and pkcs11: URIs, secrets kept off the command line. */
#include "key_opt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "args.h"
#include "commands.h"

#define SECRET_MAX 256

const char cli_key_help[] =
    "  KEY is a key file (PEM, PKCS#8, PKCS#12) or a pkcs11: URI (doc/pkcs11.md).\n"
    "  --password-file F    the key file's password: the first line of F\n"
    "  --password-env VAR   the key file's password: the environment variable VAR\n"
    "  --password PASS      the password on the command line: UNSAFE, other users of the\n"
    "                       machine can read it; for tests only\n"
    "  --pin-file F         the token's PIN: the first line of F\n"
    "  --pin-env VAR        the token's PIN: the environment variable VAR\n"
    "  --pkcs11-module SO   the PKCS#11 module (or module-path=... in the URI)\n"
    "  --pkcs11-sm2 MECH[:message][:der]\n"
    "                       the token's vendor SM2 mechanism (a CKM number), signing the\n"
    "                       message rather than e, returning DER rather than r||s\n"
    "  Without a password or PIN, eseal asks on the terminal (without echo) when needed.\n";

int cli_secret(const char *cmd, const char *path, const char *env, char *out, size_t size) {
  if (path) {
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
      fprintf(stderr, "eseal %s: cannot read the secret file %s\n", cmd, path);
      return EXIT_ERROR;
    }
    size_t n = fread(out, 1, size - 1, fp);
    fclose(fp);
    out[n] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
    return 1;
  }
  if (env) {
    const char *v = getenv(env);
    if (v == NULL || strlen(v) >= size) {
      fprintf(stderr, "eseal %s: the environment variable %s is %s\n", cmd, env,
              v ? "too long" : "not set");
      return EXIT_ERROR;
    }
    memcpy(out, v, strlen(v) + 1);
    return 1;
  }
  return 0;
}

/* Asks on the terminal without echo; 0, or -1 when there is no terminal. */
static int prompt(const char *question, char *out, size_t size) {
  if (!isatty(STDIN_FILENO))
    return -1;
  FILE *tty = fopen("/dev/tty", "r+");
  if (tty == NULL)
    return -1;
  struct termios old, quiet;
  int fd = fileno(tty), echo_off = tcgetattr(fd, &old) == 0;
  if (echo_off) {
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    echo_off = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
  }
  fputs(question, tty);
  fflush(tty);
  int rc = fgets(out, (int)size, tty) ? 0 : -1;
  if (echo_off)
    tcsetattr(fd, TCSAFLUSH, &old);
  fputc('\n', tty);
  fclose(tty);
  if (rc == 0)
    out[strcspn(out, "\r\n")] = '\0';
  return rc;
}

static int pin_prompt(void *userdata, const char *token, char *pin, size_t size) {
  (void)userdata;
  char question[128];
  snprintf(question, sizeof question, "PIN for token %.64s: ", token);
  return prompt(question, pin, size);
}

/* --pkcs11-sm2 MECH[:message][:der] into the options; 0 or EXIT_USAGE. */
static int sm2_spec(const char *cmd, const char *spec, eseal_pkcs11_options *o) {
  char *end = NULL;
  o->sm2_mechanism = strtoul(spec, &end, 0);
  while (o->sm2_mechanism && end && *end == ':') {
    const char *word = end + 1;
    size_t n = strcspn(word, ":");
    if (n == 7 && strncmp(word, "message", 7) == 0)
      o->sm2_input = ESEAL_PKCS11_SM2_SIGNS_MESSAGE;
    else if (n == 3 && strncmp(word, "der", 3) == 0)
      o->sm2_output = ESEAL_PKCS11_SM2_DER;
    else
      break;
    end = (char *)word + n;
  }
  if (o->sm2_mechanism == 0 || end == NULL || *end != '\0') {
    fprintf(stderr, "eseal %s: --pkcs11-sm2 takes MECH[:message][:der], e.g. 0x80000101\n", cmd);
    return EXIT_USAGE;
  }
  return 0;
}

static int load_token_key(const char *cmd, const char *uri, const cli_key *k, eseal_key **key,
                          eseal_cert **cert) {
  eseal_pkcs11_options o = ESEAL_PKCS11_OPTIONS_INIT;
  char pin[SECRET_MAX];
  int rc = cli_secret(cmd, k->pin_file, k->pin_env, pin, sizeof pin);
  if (rc > 1)
    return rc;
  if (rc == 1)
    o.pin = pin;
  o.pin_callback = pin_prompt;
  o.module_path = k->pkcs11_module;
  rc = k->pkcs11_sm2 ? sm2_spec(cmd, k->pkcs11_sm2, &o) : 0;
  if (rc == 0 && eseal_key_from_pkcs11(key, cert, uri, &o) != 0)
    rc = cli_fail(cmd, "the pkcs11 key");
  OPENSSL_cleanse(pin, sizeof pin);
  return rc;
}

int cli_key_load(const char *cmd, const char *spec, const cli_key *k, eseal_key **key,
                 eseal_cert **cert) {
  *key = NULL;
  *cert = NULL;
  if (strncasecmp(spec, "pkcs11:", 7) == 0)
    return load_token_key(cmd, spec, k, key, cert);
  char password[SECRET_MAX];
  int rc = cli_secret(cmd, k->password_file, k->password_env, password, sizeof password);
  if (rc > 1)
    return rc;
  const char *pass = rc == 1 ? password : k->password;
  rc = eseal_key_load_file(key, cert, spec, pass);
  /* An encrypted key and no password given: ask, when someone is there to answer. */
  if (rc == ESEAL_EPASSWORD && pass == NULL &&
      prompt("Password for the key file: ", password, sizeof password) == 0)
    rc = eseal_key_load_file(key, cert, spec, password);
  OPENSSL_cleanse(password, sizeof password);
  return rc ? cli_fail(cmd, spec) : 0;
}
