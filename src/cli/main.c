/* eseal — the command-line face of libeseal. */
#include <stdio.h>
#include <string.h>

#include <eseal.h>

#include "commands.h"
#include "core/text.h"

static const cli_command *const commands[] = {&cli_demo, &cli_pki,    &cli_seal,
                                               &cli_stamp, &cli_verify, &cli_inspect,
                                               &cli_log,
                                               &cli_ofd,    &cli_cert,   &cli_policy,
                                               &cli_alerts};
#define COMMAND_COUNT (sizeof commands / sizeof commands[0])

static void usage(FILE *out) {
  fprintf(out,
          "usage: eseal COMMAND [OPTIONS] [ARGS]\n"
          "       eseal help COMMAND | eseal COMMAND --help\n"
          "       eseal --version\n\n"
          "Chinese electronic seals (GM/T 0031-2014 V1, GB/T 38540-2020 V4, V5 detection).\n\n"
          "Commands:\n");
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
  fprintf(out,
          "\nEvery command takes -h/--help, -q/--quiet and -v/--verbose; options take\n"
          "--opt VALUE or --opt=VALUE; - stands for stdin or stdout. Colours only on a\n"
          "terminal, never with NO_COLOR set.\n\n"
          "Exit status: 0 done or TOTAL_PASSED, 1 TOTAL_FAILED, 2 INDETERMINATE, 3 error,\n"
          "4 not a seal or signature, 5 stamping refused, 6 files exist, 64 usage\n"
          "(man eseal, doc/cli.md).\n");
}

/* "eseal: no command 'NAME'", with NAME escaped: it comes from the command line. */
static void no_command(const char *name) {
  fputs("eseal: no command '", stderr);
  eseal__text_escape_fputs(stderr, name);
  fputs("'\n", stderr);
}

static const cli_command *find(const char *name) {
  for (size_t i = 0; i < COMMAND_COUNT; i++)
    if (strcmp(commands[i]->name, name) == 0)
      return commands[i];
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
    usage(stdout);
    return 0;
  }
  if (strcmp(name, "--version") == 0) {
    printf("eseal %s\n", eseal_version());
    return 0;
  }
  if (strcmp(name, "help") == 0) {
    const cli_command *c = argc > 2 ? find(argv[2]) : NULL;
    if (argc > 2 && c == NULL) {
      no_command(argv[2]);
      return EXIT_USAGE;
    }
    if (c)
      c->usage(stdout);
    else
      usage(stdout);
    return 0;
  }
  const cli_command *c = find(name);
  if (c == NULL) {
    no_command(name);
    fputc('\n', stderr);
    usage(stderr);
    return EXIT_USAGE;
  }
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0)
      break;
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      c->usage(stdout);
      return 0;
    }
  }
  return c->run(argc - 1, argv + 1);
}
