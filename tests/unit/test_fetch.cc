// The fetcher (src/fetch/, eseal/sys/fetcher.h): the egress rules on URLs and
// on connected addresses, reading libcurl's LDAP answer, and the libcurl
// fetcher against the local HTTP and LDAP test servers (tests/support/).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <eseal.h>
#include <eseal/sys/fetcher.h>

extern "C" {
#include "fetch/fetch.h"
#include "fetch/ldap_answer.h"
}

#include "../support/helpers.h"
#include "../support/test_server.h"

namespace {

using helpers::Buf;
using helpers::Bytes;
using helpers::LastError;

// ---------------------------------------------------------------- URL rule

struct UrlCase {
  const char *url;
  int denied;   // expected with allow_private_targets = 0
  int private_; // expected with allow_private_targets = 1
};

constexpr int OK = 0, EG = ESEAL_EEGRESS;

const UrlCase kUrls[] = {
    // Schemes: only http, https, ldap (any case).
    {"http://crl.example.com/ca.crl", OK, OK},
    {"https://ocsp.example.com/", OK, OK},
    {"ldap://ldap.example.com/cn=CA,o=X?certificateRevocationList;binary", OK, OK},
    {"HTTP://crl.example.com/ca.crl", OK, OK},
    {"LdAp://ldap.example.com:389/cn=CA", OK, OK},
    {"file:///etc/passwd", EG, EG},
    {"ftp://ftp.example.com/ca.crl", EG, EG},
    {"gopher://example.com:70/_GET", EG, EG},
    {"dict://example.com:11211/stats", EG, EG},
    {"telnet://example.com/", EG, EG},
    {"ldaps://ldap.example.com/cn=CA", EG, EG},
    {"javascript:alert(1)", EG, EG},
    {"crl.example.com/ca.crl", EG, EG},
    {"http:crl.example.com/ca.crl", EG, EG},
    {"", EG, EG},
    // Odd ports are fine; malformed ones are not.
    {"http://crl.example.com:8080/ca.crl", OK, OK},
    {"http://crl.example.com:65535/", OK, OK},
    {"http://crl.example.com:0/", EG, EG},
    {"http://crl.example.com:65536/", EG, EG},
    {"http://crl.example.com:/", EG, EG},
    {"http://crl.example.com:80x/", EG, EG},
    // No host.
    {"http:///ca.crl", EG, EG},
    {"ldap:///cn=CA?certificateRevocationList", EG, EG},
    {"http://:80/", EG, EG},
    {"http://[]/", EG, EG},
    // User information: a classic way to make a URL read as another host.
    {"http://user@crl.example.com/", EG, EG},
    {"http://crl.example.com@127.0.0.1/", EG, EG},
    {"http://user:pw@crl.example.com/", EG, EG},
    // Characters a resolver or another parser might read differently.
    {"http://crl.example.com\\@127.0.0.1/", EG, EG},
    {"http://127.0.0.1%2f/", EG, EG},
    {"http://%31%32%37.0.0.1/", EG, EG},
    {"http://crl.exa mple.com/", EG, EG},
    {"http://crl.example.com\t/", EG, EG},
    {"http://cr\xc3\xa9.example.com/", EG, EG},
    // Public literals.
    {"http://8.8.8.8/", OK, OK},
    {"http://[2001:4860:4860::8888]/", OK, OK},
    {"http://[2001:4860:4860::8888]:8080/x", OK, OK},
    // IPv4 loopback in every spelling inet_aton accepts.
    {"http://127.0.0.1/", EG, OK},
    {"http://127.0.0.1:8080/", EG, OK},
    {"http://127.1/", EG, OK},
    {"http://127.0.1/", EG, OK},
    {"http://2130706433/", EG, OK},
    {"http://0x7f.0.0.1/", EG, OK},
    {"http://0x7F000001/", EG, OK},
    {"http://0177.0.0.1/", EG, OK},
    {"http://017700000001/", EG, OK},
    {"http://127.0.0.1./", EG, OK},
    {"http://127.255.255.254/", EG, OK},
    // Private, CGNAT, link-local (the cloud metadata address).
    {"http://10.0.0.1/", EG, OK},
    {"http://172.16.0.1/", EG, OK},
    {"http://172.31.255.255/", EG, OK},
    {"http://172.32.0.1/", OK, OK},
    {"http://192.168.1.1/", EG, OK},
    {"http://100.64.0.1/", EG, OK},
    {"http://100.127.255.255/", EG, OK},
    {"http://100.128.0.1/", OK, OK},
    {"http://169.254.169.254/latest/meta-data/", EG, OK},
    {"http://0xa9fea9fe/", EG, OK},
    // Never a server, even when private targets are allowed.
    {"http://0.0.0.0/", EG, EG},
    {"http://0/", EG, EG},
    {"http://224.0.0.1/", EG, EG},
    {"http://239.255.255.250/", EG, EG},
    {"http://255.255.255.255/", EG, EG},
    {"http://240.0.0.1/", EG, EG},
    // Numeric-looking names that are no address: refused, parsers disagree on them.
    {"http://1.2.3.4.5/", EG, EG},
    {"http://0x1ffffffff/", EG, EG},
    {"http://4294967296/", EG, EG},
    {"http://example.123/", EG, EG},
    {"http://1.2.3.com/", OK, OK},
    // Empty labels: resolvers and parsers disagree on them.
    {"http://localhost../", EG, EG},
    {"http://.localhost/", EG, EG},
    {"http://crl..example.com/", EG, EG},
    {"http://127.0.0.1../", EG, EG},
    {"http://./", EG, EG},
    // IPv6.
    {"http://[::1]/", EG, OK},
    {"http://[::1]:8080/", EG, OK},
    {"http://[0:0:0:0:0:0:0:1]/", EG, OK},
    {"http://[::]/", EG, EG},
    {"http://[fe80::1]/", EG, OK},
    {"http://[febf::1]/", EG, OK},
    {"http://[fec0::1]/", EG, OK},
    {"http://[fc00::1]/", EG, OK},
    {"http://[fd12:3456::1]/", EG, OK},
    {"http://[ff02::1]/", EG, EG},
    {"http://[::ffff:127.0.0.1]/", EG, OK},
    {"http://[::ffff:7f00:1]/", EG, OK},
    {"http://[::ffff:169.254.169.254]/", EG, OK},
    {"http://[::ffff:8.8.8.8]/", OK, OK},
    {"http://[::127.0.0.1]/", EG, OK},
    {"http://[64:ff9b::10.0.0.1]/", EG, OK},
    {"http://[2002:7f00:1::1]/", EG, OK},
    {"http://[2002:808:808::1]/", OK, OK},
    {"http://[fe80::1%25eth0]/", EG, EG},
    {"http://[::1/", EG, EG},
    {"http://[::1]x/", EG, EG},
    {"http://[127.0.0.1]/", EG, EG},
    {"http://::1/", EG, EG},
    // Names.
    {"http://localhost/", EG, OK},
    {"http://LOCALHOST:8080/", EG, OK},
    {"http://localhost./", EG, OK},
    {"http://foo.localhost/", EG, OK},
    {"http://a.b.LocalHost./", EG, OK},
    {"http://localhost.example.com/", OK, OK},
    {"http://notlocalhost/", OK, OK},
};

TEST(EgressUrl, Table) {
  for (const UrlCase &c : kUrls) {
    char why[256];
    int rc = eseal__egress_url(c.url, 0, why, sizeof why);
    EXPECT_EQ(rc, c.denied) << c.url << " (private not allowed): " << why;
    if (rc != 0) {
      EXPECT_NE(why[0], 0) << c.url << ": a refusal says why";
    }
    rc = eseal__egress_url(c.url, 1, why, sizeof why);
    EXPECT_EQ(rc, c.private_) << c.url << " (private allowed): " << why;
  }
}

TEST(EgressUrl, NullLongAndPublicFunction) {
  char why[64];
  EXPECT_EQ(eseal__egress_url(nullptr, 1, why, sizeof why), ESEAL_EEGRESS);
  EXPECT_EQ(eseal__egress_url("http://127.0.0.1/", 0, nullptr, 0), ESEAL_EEGRESS);
  std::string long_url = "http://example.com/" + std::string(9000, 'a');
  EXPECT_EQ(eseal__egress_url(long_url.c_str(), 1, why, sizeof why), ESEAL_EEGRESS);
  std::string long_host = "http://" + std::string(254, 'a') + "/";
  EXPECT_EQ(eseal__egress_url(long_host.c_str(), 1, why, sizeof why), ESEAL_EEGRESS);

  EXPECT_EQ(eseal_egress_check_url("http://crl.example.com/ca.crl", 0), 0);
  EXPECT_EQ(eseal_egress_check_url("http://169.254.169.254/", 0), ESEAL_EEGRESS);
  ASSERT_NE(eseal_error_last(), nullptr);
  EXPECT_EQ(eseal_error_last()->code, ESEAL_EEGRESS);
  EXPECT_NE(LastError().find("link-local"), std::string::npos) << LastError();
  EXPECT_EQ(eseal_egress_check_url("http://169.254.169.254/", 1), 0);
  EXPECT_EQ(eseal_egress_check_url(nullptr, 1), ESEAL_EEGRESS);
  // The message quotes the URL escaped: it comes from a certificate.
  EXPECT_EQ(eseal_egress_check_url("gopher://x/\x1b[2J", 0), ESEAL_EEGRESS);
  EXPECT_EQ(LastError().find('\x1b'), std::string::npos) << LastError();
}

// ------------------------------------------------------------ address rule

static int V4(const char *text, int allow) {
  struct sockaddr_in a = {};
  a.sin_family = AF_INET;
  EXPECT_EQ(inet_pton(AF_INET, text, &a.sin_addr), 1) << text;
  return eseal__egress_address(reinterpret_cast<struct sockaddr *>(&a), allow);
}

static int V6(const char *text, int allow) {
  struct sockaddr_in6 a = {};
  a.sin6_family = AF_INET6;
  EXPECT_EQ(inet_pton(AF_INET6, text, &a.sin6_addr), 1) << text;
  return eseal__egress_address(reinterpret_cast<struct sockaddr *>(&a), allow);
}

TEST(EgressAddress, Table) {
  struct Case {
    const char *addr;
    int denied, private_;
  };
  const Case v4[] = {
      {"8.8.8.8", 1, 1},         {"1.1.1.1", 1, 1},       {"127.0.0.1", 0, 1},
      {"127.0.1.1", 0, 1},       {"10.20.30.40", 0, 1},   {"172.16.0.1", 0, 1},
      {"172.32.0.1", 1, 1},      {"192.168.0.1", 0, 1},   {"192.169.0.1", 1, 1},
      {"100.64.0.1", 0, 1},      {"100.63.255.255", 1, 1}, {"169.254.169.254", 0, 1},
      {"0.0.0.0", 0, 0},         {"0.1.2.3", 0, 0},       {"224.0.0.1", 0, 0},
      {"255.255.255.255", 0, 0}, {"240.0.0.1", 0, 0},
  };
  for (const Case &c : v4) {
    EXPECT_EQ(V4(c.addr, 0), c.denied) << c.addr;
    EXPECT_EQ(V4(c.addr, 1), c.private_) << c.addr;
  }
  const Case v6[] = {
      {"2001:4860:4860::8888", 1, 1}, {"::1", 0, 1},          {"::", 0, 0},
      {"fe80::1", 0, 1},              {"fd00::1", 0, 1},      {"fc00::1", 0, 1},
      {"fec0::1", 0, 1},              {"ff02::1", 0, 0},      {"::ffff:127.0.0.1", 0, 1},
      {"::ffff:8.8.8.8", 1, 1},       {"::ffff:0.0.0.0", 0, 0}, {"::10.0.0.1", 0, 1},
      {"64:ff9b::127.0.0.1", 0, 1},   {"64:ff9b::8.8.8.8", 1, 1}, {"2002:c0a8:101::", 0, 1},
      {"2002:808:808::", 1, 1},
  };
  for (const Case &c : v6) {
    EXPECT_EQ(V6(c.addr, 0), c.denied) << c.addr;
    EXPECT_EQ(V6(c.addr, 1), c.private_) << c.addr;
  }
}

TEST(EgressAddress, OtherFamiliesNeverConnect) {
  struct sockaddr_un u = {};
  u.sun_family = AF_UNIX;
  std::strcpy(u.sun_path, "/run/docker.sock");
  EXPECT_EQ(eseal__egress_address(reinterpret_cast<struct sockaddr *>(&u), 1), 0);
  EXPECT_EQ(eseal__egress_address(nullptr, 1), 0);
}

// ------------------------------------------------------- LDAP answer text

static int LdapValue(const std::string &text, const char *attr, Bytes *out, size_t cap = 1 << 20) {
  Buf b;
  char why[128];
  int rc = eseal__ldap_answer_value(reinterpret_cast<const uint8_t *>(text.data()), text.size(),
                                    attr, cap, &b.b, why, sizeof why);
  *out = b.bytes();
  return rc;
}

TEST(LdapAnswer, Values) {
  Bytes v;
  const std::string crl = "DN: cn=CA,o=X\n\tcertificateRevocationList;binary:: MAMCAQE=\n\n";
  ASSERT_EQ(LdapValue(crl, "certificateRevocationList;binary", &v), 0);
  EXPECT_EQ(v, (Bytes{0x30, 0x03, 0x02, 0x01, 0x01}));
  ASSERT_EQ(LdapValue(crl, "CERTIFICATErevocationlist;BINARY", &v), 0);
  EXPECT_EQ(v.size(), 5u);
  ASSERT_EQ(LdapValue(crl, "", &v), 0); // no attribute in the URL: the first
  EXPECT_EQ(v.size(), 5u);
  // The requested attribute, not the first one; text values unencoded.
  const std::string two = "DN: cn=CA\n\tcn: CA\n\tdescription:: YWI=\n\tdescription: second\n\n";
  ASSERT_EQ(LdapValue(two, "description", &v), 0);
  EXPECT_EQ(v, (Bytes{'a', 'b'}));
  ASSERT_EQ(LdapValue(two, "cn", &v), 0);
  EXPECT_EQ(v, (Bytes{'C', 'A'}));
  ASSERT_EQ(LdapValue("DN: x\n\tcn::\n\n", "cn", &v), 0);
  EXPECT_TRUE(v.empty());
}

TEST(LdapAnswer, MalformedIsRefused) {
  Bytes v;
  const char *a = "certificateRevocationList;binary";
  const std::string bad[] = {
      "",                                                     // empty
      "dn: cn=CA\n\tcertificateRevocationList;binary:: AA==\n", // not "DN: "
      "DN: cn=CA\n\n",                                        // no attribute
      "DN: cn=CA\n\tcACertificate;binary:: AA==\n\n",           // another attribute
      "DN: cn=CA\n\n\tcertificateRevocationList;binary:: AA==\n", // outside the first entry
      "DN: cn=CA\n\tcertificateRevocationList;binary:: AA==",   // unterminated line
      "DN: cn=CA\n\tcertificateRevocationList;binary:: AA=\n",  // length not a multiple of 4
      "DN: cn=CA\n\tcertificateRevocationList;binary:: AB==\n", // bits under the padding
      "DN: cn=CA\n\tcertificateRevocationList;binary:: A===\n", // three pads
      "DN: cn=CA\n\tcertificateRevocationList;binary:: =AAA\n", // pad in front
      "DN: cn=CA\n\tcertificateRevocationList;binary:: AA==AAAA\n", // pad inside
      "DN: cn=CA\n\tcertificateRevocationList;binary:: AA-_\n", // base64url alphabet
      "DN: cn=CA\n\tcertificateRevocationList;binary:: AAAA\r\n", // CR
      "DN: cn=CA\n\tcertificateRevocationList;binary::  AAAA\n", // two spaces
      "DN: cn=CA\n\t: AAAA\n",                                 // no name
      "DN: cn=CA\n\tcertificateRevocationList;binary\n",        // no colon
  };
  for (const std::string &text : bad)
    EXPECT_EQ(LdapValue(text, a, &v), ESEAL_EFORMAT) << text;
  EXPECT_EQ(LdapValue("DN: x\n\tcn:: AAAAAAAA\n\n", "cn", &v, 5), ESEAL_ELIMIT);
  EXPECT_EQ(LdapValue("DN: x\n\tcn:: AAAAAAAA\n\n", "cn", &v, 6), 0);
  EXPECT_EQ(LdapValue("DN: x\n\tcn: abcdef\n\n", "cn", &v, 5), ESEAL_ELIMIT);
}

TEST(LdapAnswer, UrlAttribute) {
  char attr[64];
  ASSERT_EQ(eseal__ldap_url_attribute("ldap://h/cn=CA?certificateRevocationList;binary", attr,
                                      sizeof attr),
            0);
  EXPECT_STREQ(attr, "certificateRevocationList;binary");
  ASSERT_EQ(eseal__ldap_url_attribute("ldap://h/cn=CA?cACertificate%3bbinary,cn?base?(x=1)", attr,
                                      sizeof attr),
            0);
  EXPECT_STREQ(attr, "cACertificate;binary");
  ASSERT_EQ(eseal__ldap_url_attribute("ldap://h/cn=CA", attr, sizeof attr), 0);
  EXPECT_STREQ(attr, "");
  EXPECT_EQ(eseal__ldap_url_attribute("ldap://h/cn=CA?a%0ab", attr, sizeof attr), ESEAL_EFORMAT);
  EXPECT_EQ(eseal__ldap_url_attribute("ldap://h/cn=CA?a%zz", attr, sizeof attr), ESEAL_EFORMAT);
  EXPECT_EQ(eseal__ldap_url_attribute("ldap://h/cn=CA?a%", attr, sizeof attr), ESEAL_EFORMAT);
  std::string big = "ldap://h/cn=CA?" + std::string(100, 'a');
  EXPECT_EQ(eseal__ldap_url_attribute(big.c_str(), attr, sizeof attr), ESEAL_EFORMAT);
}

// ------------------------------------------------- eseal__fetch's own checks

struct FakeFetcher {
  eseal_fetcher base;
  int calls = 0;
  int rc = 0;
  size_t answer = 0;
};

static int FakeFetch(eseal_fetcher *self, const eseal_fetch_request *, eseal_buf *response,
                     char *why, size_t why_cap) {
  FakeFetcher *f = reinterpret_cast<FakeFetcher *>(self);
  f->calls++;
  snprintf(why, why_cap, "fake");
  if (f->rc != 0)
    return f->rc;
  std::vector<uint8_t> bytes(f->answer, 'x');
  return eseal_buf_set(response, bytes.data(), bytes.size());
}

static eseal_fetch_request Request(const std::string &url, long timeout_ms = 10000,
                                   size_t max_bytes = 1 << 20, int allow_private = 1) {
  eseal_fetch_request r = {};
  r.version = ESEAL_FETCH_REQUEST_VERSION;
  r.url = url.c_str();
  r.timeout_ms = timeout_ms;
  r.max_bytes = max_bytes;
  r.allow_private_targets = allow_private;
  return r;
}

TEST(Fetch, RulesBeforeAndAfterThePluggedFetcher) {
  FakeFetcher f;
  f.base = {ESEAL_FETCHER_VERSION, FakeFetch, nullptr};
  eseal_fetcher *fp = &f.base;
  Buf out;
  std::string url = "http://crl.example.com/ca.crl";
  eseal_fetch_request req = Request(url, 1000, 100, 0);
  f.answer = 100;
  ASSERT_EQ(eseal__fetch(fp, &req, &out.b), 0) << LastError();
  EXPECT_EQ(out.b.size, 100u);
  // A fetcher that ignores the cap: the answer is refused all the same.
  f.answer = 101;
  EXPECT_EQ(eseal__fetch(fp, &req, &out.b), ESEAL_ELIMIT);
  EXPECT_EQ(out.b.ptr, nullptr);
  // A code that is no eseal code must not pass for success.
  f.rc = 7;
  EXPECT_EQ(eseal__fetch(fp, &req, &out.b), ESEAL_ERROR);
  f.rc = ESEAL_ENETWORK;
  EXPECT_EQ(eseal__fetch(fp, &req, &out.b), ESEAL_ENETWORK);
  EXPECT_NE(LastError().find("crl.example.com"), std::string::npos) << LastError();
  EXPECT_NE(LastError().find("fake"), std::string::npos) << LastError();
  // The URL rule runs first: the fetcher is never called.
  int before = f.calls;
  std::string metadata = "http://169.254.169.254/latest/meta-data/";
  eseal_fetch_request bad = Request(metadata, 1000, 100, 0);
  EXPECT_EQ(eseal__fetch(fp, &bad, &out.b), ESEAL_EEGRESS);
  std::string gopher = "gopher://crl.example.com/";
  bad = Request(gopher, 1000, 100, 1);
  EXPECT_EQ(eseal__fetch(fp, &bad, &out.b), ESEAL_EEGRESS);
  EXPECT_EQ(f.calls, before);
  // Bad requests.
  f.rc = 0;
  bad = Request(url, 0, 100);
  EXPECT_EQ(eseal__fetch(fp, &bad, &out.b), ESEAL_EINVAL);
  bad = Request(url, 1000, 0);
  EXPECT_EQ(eseal__fetch(fp, &bad, &out.b), ESEAL_EINVAL);
  bad = Request(url);
  bad.content_type = "text/plain\r\nX-Injected: 1";
  EXPECT_EQ(eseal__fetch(fp, &bad, &out.b), ESEAL_EINVAL);
  bad = Request(url);
  bad.version = 2;
  EXPECT_EQ(eseal__fetch(fp, &bad, &out.b), ESEAL_EVERSION);
  EXPECT_EQ(eseal__fetch(nullptr, &req, &out.b), ESEAL_EINVAL);
  EXPECT_EQ(f.calls, before);
  eseal_fetcher_free(nullptr);
  eseal_fetcher_free(fp); // free is NULL: nothing to do
}

// ------------------------------------------------ the libcurl fetcher, live

std::string WriteFile(const std::string &name, const Bytes &bytes) {
  std::string path = ::testing::TempDir() + "fetch_" + name;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(bytes.data()), (std::streamsize)bytes.size());
  return path;
}

Bytes Pattern(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; i++)
    b[i] = (uint8_t)(i * 7 + i / 256);
  return b;
}

class CurlFetch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Proxies from the caller's environment would change what is tested.
    for (const char *v : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"})
      unsetenv(v);
    file_ = Pattern(3001);
    std::string file = WriteFile("file.bin", file_);
    std::vector<std::string> routes = {
        R"({"path": "/file", "file": ")" + file + R"("})",
        R"({"path": "/echo", "command": ["cat"], "content_type": "text/plain"})",
        R"({"path": "/gone", "status": 404})",
        R"({"path": "/fail", "status": 500, "size": 3})",
        R"({"path": "/big", "size": 100000})",
        R"({"path": "/slow", "sleep": 20, "size": 3})",
        R"({"path": "/r1", "redirect": "http://127.0.0.1:{port}/file"})",
        R"({"path": "/r2", "redirect": "/r1", "status": 301})",
        R"({"path": "/r3", "redirect": "http://127.0.0.1:{port}/r2", "status": 307})",
        R"({"path": "/r4", "redirect": "http://127.0.0.1:{port}/r3", "status": 308})",
        R"({"path": "/to-file", "redirect": "file:///etc/passwd"})",
        R"({"path": "/to-ldap", "redirect": "ldap://127.0.0.1:{port}/cn=x"})",
        R"({"path": "/to-https", "redirect": "https://127.0.0.1:{port}/file"})",
        R"({"path": "/to-user", "redirect": "http://u@127.0.0.1:{port}/file"})",
        R"({"path": "/post-303", "redirect": "/echo-get", "status": 303})",
        R"({"path": "/echo-get", "size": 2})",
        R"({"path": "/post-307", "redirect": "/echo", "status": 307})",
    };
    std::vector<std::string> args;
    for (const auto &r : routes) {
      args.push_back("--route");
      args.push_back(r);
    }
    std::string error;
    http_ok_ = http_.Start(test_server::Script("http_server.py"), args, &error);
    if (!http_ok_)
      start_error_ = error;
    ASSERT_EQ(eseal_fetcher_curl_new(&fetcher_), 0) << LastError();
  }
  static void TearDownTestSuite() {
    http_.Stop();
    eseal_fetcher_free(fetcher_);
    fetcher_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(http_ok_) << start_error_; }

  static std::string Url(const std::string &path, const char *host = "127.0.0.1") {
    return std::string("http://") + host + ":" + std::to_string(http_.port()) + path;
  }
  static int Count(const std::string &path) {
    Buf out;
    std::string url = Url("/_count?path=" + path);
    eseal_fetch_request req = Request(url);
    if (eseal__fetch(fetcher_, &req, &out.b) != 0)
      return -1;
    return std::atoi(reinterpret_cast<const char *>(out.b.ptr));
  }
  static int Get(const std::string &url, Buf *out, long timeout_ms = 10000,
                 size_t max_bytes = 1 << 20, int allow_private = 1) {
    eseal_fetch_request req = Request(url, timeout_ms, max_bytes, allow_private);
    return eseal__fetch(fetcher_, &req, &out->b);
  }

  static test_server::Server http_;
  static bool http_ok_;
  static std::string start_error_;
  static eseal_fetcher *fetcher_;
  static Bytes file_;
};

test_server::Server CurlFetch::http_;
bool CurlFetch::http_ok_ = false;
std::string CurlFetch::start_error_;
eseal_fetcher *CurlFetch::fetcher_ = nullptr;
Bytes CurlFetch::file_;

TEST_F(CurlFetch, GetReturnsTheExactBytes) {
  Buf out;
  ASSERT_EQ(Get(Url("/file"), &out), 0) << LastError();
  EXPECT_EQ(out.bytes(), file_);
  EXPECT_EQ(out.b.ptr[out.b.size], 0); // the eseal_buf NUL
}

TEST_F(CurlFetch, PostSendsTheBody) {
  Buf out;
  std::string url = Url("/echo");
  eseal_fetch_request req = Request(url);
  Bytes body = Pattern(5000);
  req.content_type = "application/ocsp-request";
  req.body = body.data();
  req.body_len = body.size();
  ASSERT_EQ(eseal__fetch(fetcher_, &req, &out.b), 0) << LastError();
  EXPECT_EQ(out.bytes(), body);
}

TEST_F(CurlFetch, HttpErrorStatusIsNetworkError) {
  Buf out;
  EXPECT_EQ(Get(Url("/gone"), &out), ESEAL_ENETWORK);
  EXPECT_NE(LastError().find("404"), std::string::npos) << LastError();
  EXPECT_EQ(out.b.ptr, nullptr);
  EXPECT_EQ(Get(Url("/fail"), &out), ESEAL_ENETWORK);
  EXPECT_NE(LastError().find("500"), std::string::npos) << LastError();
  EXPECT_EQ(Get(Url("/nothing-here"), &out), ESEAL_ENETWORK);
}

TEST_F(CurlFetch, SizeCap) {
  Buf out;
  EXPECT_EQ(Get(Url("/big"), &out, 10000, 99999), ESEAL_ELIMIT) << LastError();
  EXPECT_EQ(out.b.ptr, nullptr);
  ASSERT_EQ(Get(Url("/big"), &out, 10000, 100000), 0) << LastError();
  EXPECT_EQ(out.b.size, 100000u);
}

TEST_F(CurlFetch, TimeoutIsNetworkError) {
  Buf out;
  EXPECT_EQ(Get(Url("/slow"), &out, 300), ESEAL_ENETWORK);
  EXPECT_NE(LastError().find("timed out"), std::string::npos) << LastError();
}

static int CancelAfterTwoPolls(void *payload) {
  return ++*static_cast<std::atomic<int> *>(payload) > 2;
}

TEST_F(CurlFetch, CancellationIsNetworkError) {
  Buf out;
  std::string url = Url("/slow");
  eseal_fetch_request req = Request(url, 60000);
  std::atomic<int> polls{0};
  req.cancelled = CancelAfterTwoPolls;
  req.cancel_payload = &polls;
  EXPECT_EQ(eseal__fetch(fetcher_, &req, &out.b), ESEAL_ENETWORK);
  EXPECT_NE(LastError().find("cancelled"), std::string::npos) << LastError();
  EXPECT_GT(polls.load(), 2);
}

TEST_F(CurlFetch, RedirectsWithinTheSchemeAreFollowed) {
  Buf out;
  int before = Count("/file");
  ASSERT_EQ(Get(Url("/r1"), &out), 0) << LastError();
  EXPECT_EQ(out.bytes(), file_);
  ASSERT_EQ(Get(Url("/r3"), &out), 0) << LastError(); // r3 -> r2 -> r1 -> file: 3 hops
  EXPECT_EQ(out.bytes(), file_);
  EXPECT_EQ(Count("/file"), before + 2);
}

TEST_F(CurlFetch, MoreThanThreeRedirectsAreRefused) {
  Buf out;
  int before = Count("/file");
  EXPECT_EQ(Get(Url("/r4"), &out), ESEAL_ENETWORK);
  EXPECT_NE(LastError().find("redirects"), std::string::npos) << LastError();
  EXPECT_EQ(Count("/file"), before);
}

TEST_F(CurlFetch, RedirectsToAnotherSchemeOrBadUrlAreRefused) {
  Buf out;
  for (const char *path : {"/to-file", "/to-ldap", "/to-https", "/to-user"}) {
    EXPECT_EQ(Get(Url(path), &out), ESEAL_EEGRESS) << path << ": " << LastError();
    EXPECT_EQ(out.b.ptr, nullptr);
  }
  EXPECT_NE(LastError().find("user"), std::string::npos) << LastError();
}

TEST_F(CurlFetch, PostRedirects) {
  Buf out;
  Bytes body = {'o', 'k'};
  std::string url = Url("/post-303");
  eseal_fetch_request req = Request(url);
  req.content_type = "text/plain";
  req.body = body.data();
  req.body_len = body.size();
  ASSERT_EQ(eseal__fetch(fetcher_, &req, &out.b), 0) << LastError();
  EXPECT_EQ(out.bytes(), (Bytes{'x', 'x'})); // 303: a GET of /echo-get
  url = Url("/post-307");
  req.url = url.c_str();
  ASSERT_EQ(eseal__fetch(fetcher_, &req, &out.b), 0) << LastError();
  EXPECT_EQ(out.bytes(), body); // 307: the POST again, with its body
}

TEST_F(CurlFetch, LoopbackRefusedUnlessAllowed) {
  Buf out;
  int before = Count("/file");
  EXPECT_EQ(Get(Url("/file"), &out, 10000, 1 << 20, 0), ESEAL_EEGRESS);
  EXPECT_EQ(Get(Url("/file", "localhost"), &out, 10000, 1 << 20, 0), ESEAL_EEGRESS);
  EXPECT_EQ(Get(Url("/file", "[::ffff:127.0.0.1]"), &out, 10000, 1 << 20, 0), ESEAL_EEGRESS);
  EXPECT_EQ(Get(Url("/file", "2130706433"), &out, 10000, 1 << 20, 0), ESEAL_EEGRESS);
  EXPECT_EQ(Count("/file"), before) << "a refused fetch must not reach the server";
  // And allowed on request, with the same spellings.
  ASSERT_EQ(Get(Url("/file", "2130706433"), &out), 0) << LastError();
  EXPECT_EQ(out.bytes(), file_);
}

// One fetcher, several threads at once (one easy handle per transfer).
TEST_F(CurlFetch, ConcurrentFetchesOnOneFetcher) {
  int before = Count("/file");
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; i++)
    threads.emplace_back([&good] {
      for (int k = 0; k < 5; k++) {
        Buf out;
        std::string url = Url("/file");
        eseal_fetch_request req = Request(url);
        if (eseal__fetch(fetcher_, &req, &out.b) == 0 && out.bytes() == file_)
          good++;
      }
    });
  for (auto &t : threads)
    t.join();
  EXPECT_EQ(good.load(), 30);
  EXPECT_EQ(Count("/file"), before + 30);
}

// Routes from a JSON file, as the OCSP and TSA tests start the server.
TEST(HttpServer, RoutesFromAFile) {
  Bytes body = Pattern(777);
  std::string routes = ::testing::TempDir() + "fetch_routes.json";
  std::ofstream(routes) << R"([{"path": "/tsa", "command": ["cat"], "content_type": "application/timestamp-reply"}])";
  test_server::Server server;
  std::string error;
  ASSERT_TRUE(server.Start(test_server::Script("http_server.py"), {"--routes", routes}, &error))
      << error;
  eseal_fetcher *fetcher = nullptr;
  ASSERT_EQ(eseal_fetcher_curl_new(&fetcher), 0);
  std::string url = "http://127.0.0.1:" + std::to_string(server.port()) + "/tsa";
  eseal_fetch_request req = Request(url);
  req.content_type = "application/timestamp-query";
  req.body = body.data();
  req.body_len = body.size();
  Buf out;
  EXPECT_EQ(eseal__fetch(fetcher, &req, &out.b), 0) << LastError();
  EXPECT_EQ(out.bytes(), body);
  eseal_fetcher_free(fetcher);
}

// With a proxy the address rule cannot apply to the connection (it goes to
// the proxy, which resolves the name): the URL rule still does.
TEST_F(CurlFetch, ThroughAProxy) {
  std::string proxy = Url("");
  ASSERT_EQ(setenv("http_proxy", proxy.c_str(), 1), 0);
  Buf out;
  int before = Count("/file");
  int rc = Get("http://crl.example.com/file", &out, 10000, 1 << 20, 0);
  std::string error = LastError();
  Bytes got = out.bytes();
  int refused = Get(Url("/file"), &out, 10000, 1 << 20, 0);
  unsetenv("http_proxy");
  ASSERT_EQ(rc, 0) << error;
  EXPECT_EQ(got, file_);
  EXPECT_EQ(refused, ESEAL_EEGRESS);
  EXPECT_EQ(Count("/file"), before + 1);
}

// The name rule cannot know what a name resolves to: the address rule in the
// open-socket callback must catch it.
static std::string LoopbackHostName(std::string *why) {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == 0) {
    *why = "no host name";
    return "";
  }
  std::string host = name;
  if (host == "localhost" ||
      (host.size() > 10 && host.compare(host.size() - 10, 10, ".localhost") == 0)) {
    *why = "the host name is localhost itself, which the URL rule refuses already";
    return "";
  }
  struct addrinfo hints = {}, *res = nullptr;
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(name, nullptr, &hints, &res) != 0 || res == nullptr) {
    *why = "host name " + host + " does not resolve";
    return "";
  }
  bool all_loopback = true;
  for (struct addrinfo *a = res; a; a = a->ai_next) {
    auto *in = reinterpret_cast<struct sockaddr_in *>(a->ai_addr);
    all_loopback &= (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  }
  freeaddrinfo(res);
  if (!all_loopback) {
    *why = "host name " + host + " resolves to a non-loopback address";
    return "";
  }
  return host;
}

TEST_F(CurlFetch, NameResolvingToLoopbackRefusedAtConnect) {
  std::string why;
  std::string host = LoopbackHostName(&why);
  if (host.empty())
    GTEST_SKIP() << "skipped: " << why;
  Buf out;
  int before = Count("/file");
  ASSERT_EQ(eseal_egress_check_url(Url("/file", host.c_str()).c_str(), 0), 0)
      << "the URL alone passes: only the connection can tell";
  EXPECT_EQ(Get(Url("/file", host.c_str()), &out, 10000, 1 << 20, 0), ESEAL_EEGRESS)
      << LastError();
  EXPECT_NE(LastError().find("resolves"), std::string::npos) << LastError();
  EXPECT_EQ(Count("/file"), before);
  ASSERT_EQ(Get(Url("/file", host.c_str()), &out), 0) << LastError();
  EXPECT_EQ(out.bytes(), file_);
}

TEST_F(CurlFetch, CallingTheFetcherDirectlyAppliesTheRuleToo) {
  Buf out;
  std::string url = Url("/file");
  eseal_fetch_request req = Request(url, 10000, 1 << 20, 0);
  char why[256];
  EXPECT_EQ(fetcher_->fetch(fetcher_, &req, &out.b, why, sizeof why), ESEAL_EEGRESS);
  EXPECT_NE(why[0], 0);
  // Nor can a direct caller inject a header through the content type.
  int before = Count("/echo");
  req = Request(url);
  std::string echo = Url("/echo");
  req.url = echo.c_str();
  req.content_type = "text/plain\r\nX-Injected: 1";
  EXPECT_EQ(fetcher_->fetch(fetcher_, &req, &out.b, why, sizeof why), ESEAL_EINVAL);
  EXPECT_EQ(Count("/echo"), before);
}

// --------------------------------------------------------- LDAP, live

class LdapFetch : public ::testing::Test {
 protected:
  // Starts an LDAP server whose entry holds `attr` = `value`.
  void Serve(const std::string &attr, const Bytes &value) {
    std::string file = WriteFile("ldap_value.bin", value);
    std::string error;
    ASSERT_TRUE(server_.Start(test_server::Script("ldap_server.py"),
                              {"--attr", attr, "--value-file", file}, &error))
        << error;
    ASSERT_EQ(eseal_fetcher_curl_new(&fetcher_), 0) << LastError();
  }
  void TearDown() override {
    server_.Stop();
    eseal_fetcher_free(fetcher_);
  }
  std::string Url(const std::string &query, const char *host = "127.0.0.1") {
    return std::string("ldap://") + host + ":" + std::to_string(server_.port()) +
           "/cn=Test%20CA,o=Example,c=CN" + query;
  }
  int Fetch(const std::string &url, Buf *out, size_t max_bytes = 1 << 20, int allow_private = 1) {
    eseal_fetch_request req = Request(url, 10000, max_bytes, allow_private);
    return eseal__fetch(fetcher_, &req, &out->b);
  }

  test_server::Server server_;
  eseal_fetcher *fetcher_ = nullptr;
};

TEST_F(LdapFetch, ReturnsTheExactBytesOfTheAttribute) {
  const char *attr = "certificateRevocationList;binary";
  Bytes der = Pattern(70001); // base64 with one padding byte, and long enough to fold if it did
  Serve(attr, der);
  Buf out;
  ASSERT_EQ(Fetch(Url("?certificateRevocationList;binary"), &out), 0) << LastError();
  EXPECT_EQ(out.bytes(), der);
  ASSERT_EQ(Fetch(Url("?certificateRevocationList%3Bbinary?base"), &out), 0) << LastError();
  EXPECT_EQ(out.bytes(), der);
  ASSERT_EQ(Fetch(Url(""), &out), 0) << LastError(); // no attribute named: the first
  EXPECT_EQ(out.bytes(), der);
  EXPECT_EQ(Fetch(Url("?certificateRevocationList;binary"), &out, 70000), ESEAL_ELIMIT);
  ASSERT_EQ(Fetch(Url("?certificateRevocationList;binary"), &out, 70001), 0) << LastError();
}

TEST_F(LdapFetch, OtherLengths) {
  for (size_t n : {1u, 2u, 3u, 1000u}) {
    Bytes der = Pattern(n);
    Serve("cACertificate;binary", der);
    Buf out;
    ASSERT_EQ(Fetch(Url("?cACertificate;binary"), &out), 0) << n << ": " << LastError();
    EXPECT_EQ(out.bytes(), der) << n;
    server_.Stop();
    eseal_fetcher_free(fetcher_);
    fetcher_ = nullptr;
  }
}

TEST_F(LdapFetch, AnotherAttributeIsAFormatError) {
  Serve("cACertificate;binary", Pattern(100));
  Buf out;
  EXPECT_EQ(Fetch(Url("?certificateRevocationList;binary"), &out), ESEAL_EFORMAT) << LastError();
  EXPECT_EQ(out.b.ptr, nullptr);
}

TEST_F(LdapFetch, LoopbackRefusedUnlessAllowed) {
  Serve("certificateRevocationList;binary", Pattern(10));
  Buf out;
  EXPECT_EQ(Fetch(Url("?certificateRevocationList;binary"), &out, 1 << 20, 0), ESEAL_EEGRESS);
  std::string why;
  std::string host = LoopbackHostName(&why);
  if (host.empty())
    GTEST_SKIP() << "skipped (the name case): " << why;
  EXPECT_EQ(Fetch(Url("?certificateRevocationList;binary", host.c_str()), &out, 1 << 20, 0),
            ESEAL_EEGRESS)
      << LastError();
  ASSERT_EQ(Fetch(Url("?certificateRevocationList;binary", host.c_str()), &out), 0)
      << LastError();
}

}  // namespace
