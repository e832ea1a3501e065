#include "colour.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define GREEN "\033[32m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define DIM "\033[2m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

int cli_colour_wanted(FILE *out) {
  const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
  if (no && *no)
    return 0;
  if (term && strcmp(term, "dumb") == 0)
    return 0;
  return isatty(fileno(out));
}

/* The colour of a word the renderer writes: an indication or a check status. */
static const char *colour_of(const char *word, size_t len) {
  static const struct {
    const char *word;
    const char *colour;
  } table[] = {{"TOTAL_PASSED", BOLD GREEN}, {"TOTAL_FAILED", BOLD RED},
               {"INDETERMINATE", BOLD YELLOW}, {"OK", GREEN}, {"NOT_OK", RED},
               {"WARNING", YELLOW}, {"INFO", DIM}, {"SKIPPED", DIM}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strlen(table[i].word) == len && memcmp(table[i].word, word, len) == 0)
      return table[i].colour;
  return NULL;
}

/*
 * Colours the first word after `prefix` on a line that starts with it. The
 * renderer escapes every outside text and starts each line with a label of its
 * own, so a line "Result: ..." or "  NOT_OK ..." is always the renderer's.
 */
static void put_line(FILE *out, const char *line, size_t len) {
  static const char *const prefixes[] = {"Result: ", "  "};
  for (size_t p = 0; p < 2; p++) {
    size_t plen = strlen(prefixes[p]);
    if (len <= plen || memcmp(line, prefixes[p], plen) != 0)
      continue;
    size_t word = strspn(line + plen, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
    const char *colour = word ? colour_of(line + plen, word) : NULL;
    if (colour) {
      fprintf(out, "%.*s%s%.*s" RESET, (int)plen, line, colour, (int)word, line + plen);
      fwrite(line + plen + word, 1, len - plen - word, out);
      return;
    }
  }
  fwrite(line, 1, len, out);
}

void cli_print_report_text(FILE *out, const char *text, size_t len) {
  if (!cli_colour_wanted(out)) {
    fwrite(text, 1, len, out);
    return;
  }
  while (len) {
    const char *nl = memchr(text, '\n', len);
    size_t n = nl ? (size_t)(nl - text) + 1 : len;
    put_line(out, text, n);
    text += n;
    len -= n;
  }
}
