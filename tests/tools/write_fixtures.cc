// Writes the test fixtures (canonical and quirky seals and signatures) into a
// folder, for tests of the eseal command and as fuzzing seeds.
#include <cstdio>
#include <string>

#include "../support/fixtures.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_fixtures DIR\n");
    return 64;
  }
  auto write = [&](const std::string &prefix, const fixtures::Named &f) {
    std::string name = prefix + f.name;
    for (auto &c : name)
      if (c == '.') c = '_';
    std::string path = std::string(argv[1]) + "/" + name + (f.is_signature ? ".dat" : ".esl");
    FILE *out = std::fopen(path.c_str(), "wb");
    if (!out || std::fwrite(f.bytes.data(), 1, f.bytes.size(), out) != f.bytes.size()) {
      std::perror(path.c_str());
      return false;
    }
    return std::fclose(out) == 0;
  };
  for (const auto &f : fixtures::CanonicalFixtures())
    if (!write("", f)) return 1;
  for (const auto &f : fixtures::QuirkFixtures())
    if (!write(f.is_signature ? "quirk_sig_" : "quirk_seal_", f)) return 1;
  return 0;
}
