// eseal__read_file: every input file the CLI and the library read from a
// path. One open and a read sized by the file, bounded by the input limit.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

extern "C" {
#include "core/file.h"
#include "eseal/errors.h"
}

namespace {

class ReadFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char templ[] = "/tmp/eseal-read-XXXXXX";
    ASSERT_NE(mkdtemp(templ), nullptr);
    dir_ = templ;
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }

  std::string Write(const char *name, size_t size) {
    std::string path = dir_ + "/" + name;
    FILE *f = std::fopen(path.c_str(), "wb");
    EXPECT_NE(f, nullptr);
    std::vector<uint8_t> chunk(1 << 16);
    for (size_t i = 0; i < chunk.size(); i++) chunk[i] = static_cast<uint8_t>(i * 7);
    for (size_t done = 0; done < size;) {
      size_t n = std::min(chunk.size(), size - done);
      EXPECT_EQ(std::fwrite(chunk.data(), 1, n, f), n);
      done += n;
    }
    std::fclose(f);
    return path;
  }

  std::string dir_;
};

TEST_F(ReadFile, ReadsEveryByteAndEndsWithANul) {
  std::string path = Write("a", 100000);
  eseal_buf b = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal__read_file(&b, path.c_str()), 0);
  ASSERT_EQ(b.size, 100000u);
  for (size_t i = 0; i < b.size; i++) ASSERT_EQ(b.ptr[i], static_cast<uint8_t>((i % 65536) * 7));
  EXPECT_EQ(b.ptr[b.size], 0);
  eseal_buf_dispose(&b);
}

TEST_F(ReadFile, AnEmptyFileIsEmpty) {
  eseal_buf b = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal__read_file(&b, Write("e", 0).c_str()), 0);
  EXPECT_EQ(b.size, 0u);
  ASSERT_NE(b.ptr, nullptr);
  EXPECT_EQ(b.ptr[0], 0);
  eseal_buf_dispose(&b);
}

TEST_F(ReadFile, TheLimitIsReadAndOneByteMoreIsRefused) {
  eseal_buf b = ESEAL_BUF_INIT;
  ASSERT_EQ(eseal__read_file(&b, Write("max", ESEAL_MAX_INPUT_SIZE).c_str()), 0);
  EXPECT_EQ(b.size, ESEAL_MAX_INPUT_SIZE);
  eseal_buf_dispose(&b);
  EXPECT_EQ(eseal__read_file(&b, Write("over", ESEAL_MAX_INPUT_SIZE + 1).c_str()), ESEAL_ELIMIT);
  EXPECT_EQ(b.ptr, nullptr);
}

// A pipe has no size to go by: the buffer grows, and the limit still holds.
TEST_F(ReadFile, APipeIsReadToItsEndAndBounded) {
  for (size_t size : {size_t{200000}, size_t{ESEAL_MAX_INPUT_SIZE} + 10}) {
    std::string fifo = dir_ + "/fifo";
    unlink(fifo.c_str());
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    std::thread writer([&] {
      int fd = open(fifo.c_str(), O_WRONLY);
      std::vector<uint8_t> chunk(4096, 'x');
      for (size_t done = 0; fd >= 0 && done < size;) {
        ssize_t n = write(fd, chunk.data(), std::min(chunk.size(), size - done));
        if (n <= 0) break; /* the reader stopped at the limit */
        done += static_cast<size_t>(n);
      }
      if (fd >= 0) close(fd);
    });
    eseal_buf b = ESEAL_BUF_INIT;
    int rc = eseal__read_file(&b, fifo.c_str());
    writer.join();
    if (size <= ESEAL_MAX_INPUT_SIZE) {
      ASSERT_EQ(rc, 0);
      EXPECT_EQ(b.size, size);
    } else {
      EXPECT_EQ(rc, ESEAL_ELIMIT);
    }
    eseal_buf_dispose(&b);
  }
}

TEST_F(ReadFile, AMissingFileOrAFolderIsAnIoError) {
  eseal_buf b = ESEAL_BUF_INIT;
  EXPECT_EQ(eseal__read_file(&b, (dir_ + "/none").c_str()), ESEAL_EIO);
  EXPECT_EQ(eseal__read_file(&b, dir_.c_str()), ESEAL_EIO);
  EXPECT_EQ(eseal__read_file(&b, nullptr), ESEAL_EINVAL);
  EXPECT_EQ(b.ptr, nullptr);
}

}  // namespace
