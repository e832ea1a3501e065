// Starting and stopping the Python test servers (test_server.h).
#include "test_server.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace test_server {

std::string Script(const std::string &name) {
  const char *dir = std::getenv("ESEAL_TEST_SUPPORT_DIR");
  return std::string(dir ? dir : "tests/support") + "/" + name;
}

static long NowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

bool Server::Start(const std::string &script, const std::vector<std::string> &args,
                   std::string *error, int lifetime_s) {
  Stop();
  int fds[2];
  if (pipe(fds) != 0) {
    *error = "pipe failed";
    return false;
  }
  std::vector<std::string> argv = {"python3", script, "--port", "0", "--lifetime",
                                   std::to_string(lifetime_s)};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char *> cargv;
  for (auto &a : argv)
    cargv.push_back(const_cast<char *>(a.c_str()));
  cargv.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) {
    close(fds[0]);
    close(fds[1]);
    *error = "fork failed";
    return false;
  }
  if (pid_ == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    const char *python = std::getenv("ESEAL_TEST_PYTHON");
    execvp(python && python[0] ? python : "python3", cargv.data());
    _exit(127);
  }
  close(fds[1]);
  std::string line;
  long deadline = NowMs() + 15000;
  while (line.find('\n') == std::string::npos) {
    long left = deadline - NowMs();
    struct pollfd p = {fds[0], POLLIN, 0};
    if (left <= 0 || poll(&p, 1, (int)left) <= 0)
      break;
    char c[64];
    ssize_t n = read(fds[0], c, sizeof c);
    if (n <= 0)
      break;
    line.append(c, (size_t)n);
  }
  close(fds[0]);
  port_ = std::atoi(line.c_str());
  if (port_ <= 0) {
    *error = "the server printed no port: '" + line + "'";
    Stop();
    return false;
  }
  return true;
}

void Server::Stop() {
  if (pid_ <= 0)
    return;
  kill(pid_, SIGTERM);
  long deadline = NowMs() + 2000;
  int status;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (NowMs() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    usleep(10000);
  }
  pid_ = -1;
  port_ = 0;
}

}  // namespace test_server
