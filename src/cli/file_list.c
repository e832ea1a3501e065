#include "file_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <eseal.h>

#include "args.h"
#include "commands.h"

/* Cuts `text` into lines in place; their starts go to `out` (NULL: count only). */
static int split_lines(char *text, size_t len, const char **out) {
  int count = 0;
  size_t start = 0;
  for (size_t i = 0; i <= len; i++) {
    if (i < len && text[i] != '\n')
      continue;
    size_t end = i;
    if (end > start && text[end - 1] == '\r')
      end--;
    if (end > start) {
      if (out) {
        text[end] = 0;
        out[count] = text + start;
      }
      count++;
    }
    start = i + 1;
  }
  return count;
}

int cli_file_list_make(const char *cmd, const char *const *args, int n, const char *files_from,
                       cli_file_list *out) {
  *out = (cli_file_list){NULL, 0, NULL};
  int listed = 0, rc;
  if (files_from) {
    eseal_buf bytes = ESEAL_BUF_INIT;
    if ((rc = cli_read_input(cmd, files_from, &bytes)) != 0)
      return rc;
    /* One byte more, so that the last line can end with a NUL in place. */
    out->text = malloc(bytes.size + 1);
    if (out->text) {
      memcpy(out->text, bytes.ptr, bytes.size);
      out->text[bytes.size] = 0;
    }
    eseal_buf_dispose(&bytes);
    if (out->text == NULL)
      return EXIT_ERROR;
    listed = split_lines(out->text, strlen(out->text), NULL);
  }
  out->paths = calloc((size_t)n + (size_t)listed + 1, sizeof *out->paths);
  if (out->paths == NULL)
    return EXIT_ERROR;
  for (int i = 0; i < n; i++)
    out->paths[out->count++] = args[i];
  if (files_from)
    out->count += split_lines(out->text, strlen(out->text), out->paths + out->count);
  if (out->count == 0) {
    fprintf(stderr, "eseal %s: no file to work on: give FILE or --files-from LIST (see eseal %s "
                    "--help)\n", cmd, cmd);
    return EXIT_USAGE;
  }
  return 0;
}

void cli_file_list_dispose(cli_file_list *list) {
  free(list->paths);
  free(list->text);
  *list = (cli_file_list){NULL, 0, NULL};
}
