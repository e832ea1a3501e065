// The Python test servers of tests/support/ (http_server.py, ldap_server.py)
// as child processes: started with a hard lifetime, their port read from the
// first line of their output with a bounded wait, stopped by the destructor.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace test_server {

// tests/support/<name>, from ESEAL_TEST_SUPPORT_DIR (set by tests/meson.build).
std::string Script(const std::string &name);

class Server {
 public:
  Server() = default;
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;
  ~Server() { Stop(); }

  // python3 (ESEAL_TEST_PYTHON, else from PATH) <script> --port 0 --lifetime <lifetime_s> <args...>; waits up to
  // 15 s for the port. False with the reason in *error.
  bool Start(const std::string &script, const std::vector<std::string> &args, std::string *error,
             int lifetime_s = 120);
  // SIGTERM, then SIGKILL when the child is still there after 2 s.
  void Stop();
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace test_server
