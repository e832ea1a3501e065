/* Replays corpus files (or folders of them) through a fuzz target without
 * libFuzzer, so that every test run checks the corpus. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    perror(path);
    return 1;
  }
  size_t cap = 1 << 16, len = 0, n;
  uint8_t *buf = malloc(cap);
  while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len == cap) {
      uint8_t *bigger = realloc(buf, cap *= 2);
      if (bigger == NULL)
        free(buf);
      buf = bigger;
    }
  }
  fclose(f);
  if (buf == NULL)
    return 1;
  LLVMFuzzerTestOneInput(buf, len);
  free(buf);
  return 0;
}

static int run_path(const char *path, int *count) {
  struct stat st;
  if (stat(path, &st) != 0) {
    perror(path);
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    (*count)++;
    return run_file(path);
  }
  DIR *dir = opendir(path);
  struct dirent *e;
  int failures = 0;
  while (dir && (e = readdir(dir)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    char child[4096];
    snprintf(child, sizeof child, "%s/%s", path, e->d_name);
    failures += run_path(child, count);
  }
  if (dir)
    closedir(dir);
  return failures;
}

int main(int argc, char **argv) {
  int count = 0, failures = 0;
  LLVMFuzzerInitialize(&argc, &argv);
  for (int i = 1; i < argc; i++)
    failures += run_path(argv[i], &count);
  printf("replayed %d inputs\n", count);
  return failures || count == 0 ? 1 : 0;
}
