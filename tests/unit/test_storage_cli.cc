// The CLI's --store / --tenant helper (src/cli/store_opt.c): what it accepts,
// and the message and exit status of each refusal.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "../support/store_support.h"

extern "C" {
#include "cli/commands.h"
#include "cli/store_opt.h"
}

using storetest::TempDir;

namespace {

// Runs cli_store_open, returning its status and what it printed.
int Open(const char *path, const char *tenant, std::string *err, const char **tenant_out) {
  eseal_store *store = nullptr;
  ::testing::internal::CaptureStderr();
  int rc = cli_store_open("test", path, tenant, &store, tenant_out);
  *err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc == 0, store != nullptr);
  eseal_store_free(store);
  return rc;
}

TEST(StorageCli, OpensWithTheDefaultOrAGivenTenant) {
  TempDir dir;
  std::string err, path = dir.file("s.db");
  const char *tenant = nullptr;
  EXPECT_EQ(Open(path.c_str(), nullptr, &err, &tenant), 0);
  EXPECT_STREQ(tenant, ESEAL_STORE_DEFAULT_TENANT);
  EXPECT_EQ(err, "");
  EXPECT_EQ(Open(path.c_str(), "acme.cn-01", &err, &tenant), 0);
  EXPECT_STREQ(tenant, "acme.cn-01");
}

TEST(StorageCli, RefusesWithAReason) {
  TempDir dir;
  std::string err, path = dir.file("s.db");
  const char *tenant = "unchanged";
  EXPECT_EQ(Open(nullptr, nullptr, &err, &tenant), EXIT_USAGE);
  EXPECT_NE(err.find("--store PATH is required"), std::string::npos) << err;
  EXPECT_EQ(Open(path.c_str(), "a b\x1b[31m", &err, &tenant), EXIT_USAGE);
  EXPECT_NE(err.find("--tenant"), std::string::npos) << err;
  EXPECT_EQ(err.find('\x1b'), std::string::npos) << "control characters are escaped";
  EXPECT_STREQ(tenant, "unchanged");
  EXPECT_EQ(Open(dir.file("no/dir/s.db").c_str(), nullptr, &err, &tenant), EXIT_ERROR);
  EXPECT_NE(err.find("folder exists"), std::string::npos) << err;
  // A store from a newer library.
  {
    eseal_store *s = nullptr;
    ASSERT_EQ(eseal_store_open_sqlite(&s, path.c_str()), 0);
    eseal_store_free(s);
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  EXPECT_EQ(Open(path.c_str(), nullptr, &err, &tenant), EXIT_ERROR);
  EXPECT_NE(err.find("newer libeseal"), std::string::npos) << err;
  EXPECT_STREQ(tenant, "unchanged");
}

// A postgresql:// or postgres:// URI goes to the PostgreSQL backend, never to
// SQLite as a file name, and its password is never printed (no server
// listens on port 1).
TEST(StorageCli, PostgresqlUrisOpenThePostgresqlBackend) {
  TempDir dir;
  std::string err;
  const char *tenant = "unchanged";
  for (const char *uri : {"postgresql://u:Sekr1tPassw0rd@127.0.0.1:1/db?connect_timeout=5",
                          "postgres://u:Sekr1tPassw0rd@127.0.0.1:1/db?no_such_option=1"}) {
    EXPECT_EQ(Open(uri, nullptr, &err, &tenant), EXIT_ERROR) << uri;
    EXPECT_NE(err.find("--store (PostgreSQL): postgresql store:"), std::string::npos) << err;
    EXPECT_EQ(err.find("Sekr1tPassw0rd"), std::string::npos) << err;
    EXPECT_EQ(err.find("sqlite"), std::string::npos) << err;
  }
  EXPECT_STREQ(tenant, "unchanged");
}

// A libpq key=value string is a PostgreSQL store too: taken for a file name,
// it made a local SQLite file named after it, password included, and the node
// kept rate limits and freezes of its own. A file with '=' in its name is ./NAME.
TEST(StorageCli, KeyValueConnectionStringsOpenThePostgresqlBackend) {
  TempDir dir;
  std::string err;
  for (const char *conninfo : {"host=127.0.0.1 port=1 user=u password=Sekr1tPassw0rd dbname=e",
                               "dbname = e host=/nonexistent password=Sekr1tPassw0rd"}) {
    EXPECT_EQ(Open(conninfo, nullptr, &err, nullptr), EXIT_ERROR) << conninfo;
    EXPECT_NE(err.find("--store (PostgreSQL): postgresql store:"), std::string::npos) << err;
    EXPECT_EQ(err.find("Sekr1tPassw0rd"), std::string::npos) << err;
    EXPECT_FALSE(std::filesystem::exists(conninfo));
  }
  std::string with_eq = dir.file("a=b.db");
  EXPECT_EQ(Open(with_eq.c_str(), nullptr, &err, nullptr), 0) << err;
  EXPECT_TRUE(std::filesystem::exists(with_eq));
}

TEST(StorageCli, AttachSetsTheStoreOnTheContext) {
  TempDir dir;
  eseal_ctx *ctx = nullptr;
  ASSERT_EQ(eseal_ctx_new(&ctx), 0);
  eseal_store *store = nullptr;
  const char *tenant = nullptr;
  ASSERT_EQ(cli_store_attach("test", dir.file("s.db").c_str(), "t", ctx, &store, &tenant), 0);
  EXPECT_EQ(eseal_ctx_store(ctx), store);
  eseal_ctx_free(ctx);
  eseal_store_free(store);
}

}  // namespace
