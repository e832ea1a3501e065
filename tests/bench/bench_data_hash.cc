// Benchmark: hashing a file as eseal_data_from_file() does (SM3 only; the
// other digests wait until a signature needs them) against `openssl dgst
// -sm3` over the same file, and eseal_data_from_bytes() (SM3, SHA-256 and
// SHA-1 of bytes that are not kept) for comparison. Interleaved rounds,
// medians, ratios (doc/performance.md). No assertion on time:
// `meson test --benchmark`.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include <eseal.h>

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  const size_t size = 64u << 20;
  std::vector<unsigned char> bytes(size);
  std::mt19937_64 rng(42);
  for (size_t i = 0; i < size; i += 8) {
    uint64_t v = rng();
    for (size_t j = 0; j < 8; j++) bytes[i + j] = static_cast<unsigned char>(v >> (8 * j));
  }
  std::string path = "/tmp/eseal-bench-data-" + std::to_string(getpid());
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(bytes.data()), size);
  const std::string command = "openssl dgst -sm3 '" + path + "' > /dev/null";
  std::vector<double> lib, ossl, all;
  int failures = 0;
  for (int round = 0; round < 7; round++) {
    auto start = Clock::now();
    eseal_data *d = nullptr;
    failures += eseal_data_from_file(&d, path.c_str()) != 0;
    lib.push_back(size / Seconds(start));
    eseal_data_free(d);
    start = Clock::now();
    failures += std::system(command.c_str()) != 0;
    ossl.push_back(size / Seconds(start));
    start = Clock::now();
    failures += eseal_data_from_bytes(&d, bytes.data(), size) != 0;
    all.push_back(size / Seconds(start));
    eseal_data_free(d);
  }
  std::remove(path.c_str());
  double l = Median(lib), o = Median(ossl), a = Median(all);
  std::printf("hashing a %zu MiB file, median of 7 interleaved rounds:\n", size >> 20);
  std::printf("  openssl dgst -sm3 (a process):            %7.1f MB/s\n", o / 1e6);
  std::printf("  eseal_data_from_file (SM3):               %7.1f MB/s  = %.2fx openssl (target >= 0.95x)\n",
              l / 1e6, l / o);
  std::printf("  eseal_data_from_bytes (SM3, SHA-256, SHA-1): %4.1f MB/s  = %.2fx openssl\n",
              a / 1e6, a / o);
  if (failures) {
    std::fprintf(stderr, "%d operations failed\n", failures);
    return 1;
  }
  return 0;
}
