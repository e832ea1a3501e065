/* The files a command works on: its arguments, then those --files-from names. */
#ifndef ESEAL_CLI_FILE_LIST_H
#define ESEAL_CLI_FILE_LIST_H

typedef struct cli_file_list {
  const char **paths;
  int count;
  /* The --files-from list, NUL-terminated lines that `paths` points into. */
  char *text;
} cli_file_list;

/*
 * `args` (n of them), then the lines of the file `files_from` (NULL: none;
 * "-": stdin), one path per line, empty lines and a final "\r" ignored.
 * 0, or an exit status after printing why; an empty result is EXIT_USAGE.
 */
int cli_file_list_make(const char *cmd, const char *const *args, int n, const char *files_from,
                       cli_file_list *out);
void cli_file_list_dispose(cli_file_list *list);

#endif
