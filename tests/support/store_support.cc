#include "store_support.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace storetest {

TempDir::TempDir() {
  const char *base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/eseal-store-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr)
    throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

bool PgRequired() {
  const char *r = std::getenv("ESEAL_REQUIRE_POSTGRESQL");
  return r != nullptr && std::string(r) == "1";
}

std::string PgFreshDatabase(std::string *why) {
  const char *conninfo = std::getenv("ESEAL_TEST_PG");
  const char *bin = std::getenv("ESEAL_TEST_PG_BIN");
  if (conninfo == nullptr || *conninfo == '\0' || bin == nullptr) {
    *why = "no PostgreSQL server: ESEAL_TEST_PG is unset (run under tests/support/pg_server.py)";
    return "";
  }
  std::string cmd = std::string("'") + bin + "/psql' -X -q -v ON_ERROR_STOP=1 '" + conninfo +
                    "' -c 'DROP TABLE IF EXISTS eseal_schema, eseal_kv, eseal_counters, "
                    "eseal_logs, eseal_commits' >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    *why = "psql could not empty the test database";
    return "";
  }
  return conninfo;
}

}  // namespace storetest
