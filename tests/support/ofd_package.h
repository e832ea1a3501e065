// OFD packages made at test time: a zip writer over libzip, and a small signed
// document (pages, a resource, Signatures.xml, Signature.xml, SignedValue.dat,
// Seal.esl) stamped through the public API, so that each test can change one thing.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <eseal.h>
#include <eseal/ofd.h>

#include "workflow.h"

namespace ofd {

using der::Bytes;
using Entries = std::vector<std::pair<std::string, Bytes>>;

Bytes Text(const std::string &s);
std::string Str(const Bytes &b);

// A zip holding `entries` in order (deflated unless `stored`), names written as given.
Bytes Zip(const Entries &entries, bool stored = false);
// The entries of a zip, read back with libzip (names as stored).
Entries Unzip(const Bytes &zip);

// Base64 of SM3 (or another OpenSSL digest) of `data`.
std::string Digest64(const Bytes &data, const std::string &md = "SM3");

struct OfdReportPtr {
  eseal_ofd_report *p = nullptr;
  ~OfdReportPtr() { eseal_ofd_report_free(p); }
};

// A document being assembled: files by name (no leading slash).
struct Doc {
  std::map<std::string, Bytes> files;
  // The order signatures were added: ID, Signature.xml folder.
  std::vector<std::pair<std::string, std::string>> sigs;

  // One page with text, PublicRes naming Res/image_5.png, Document.xml naming
  // Annots/Annotations.xml only when `annotations` (the file itself is not made).
  static Doc Basic(bool annotations = false);

  // Adds a Type="Seal" signature `id` in Doc_0/Signs/<dir>/ whose References
  // cover every file present except those in `skip` (and, unless
  // `cover_list`, Signatures.xml), with `check_method` (empty: no attribute).
  // The SES signature is made with `seal` over Signature.xml.
  void Sign(eseal_ctx *ctx, const eseal_seal *seal, const std::string &id, const std::string &dir,
            const std::vector<std::string> &skip = {}, bool cover_list = false,
            const std::string &check_method = "1.2.156.10197.1.401");
  // Replaces Signature.xml in Doc_0/Signs/<dir>/ with `xml` and signs it again
  // (SignedValue.dat), so that only the edit can make the signature fail.
  void Resign(eseal_ctx *ctx, const eseal_seal *seal, const std::string &dir, const std::string &xml);
  // Writes Signatures.xml for the signatures added so far.
  void WriteList();
  Bytes Package() const;
};

// Verifies `zip`; fails the test when no report is made.
void Verify(OfdReportPtr &out, eseal_ctx *ctx, const Bytes &zip,
            const eseal_ofd_verify_options *opts = nullptr);
// Status of check `id` in signature `i`'s report, or in the document's (i = -1).
std::string SigStatus(const eseal_ofd_report *r, long i, const std::string &id);
std::string Message(const eseal_report *r, const std::string &id);
std::string ReportText(const eseal_ofd_report *r);

}  // namespace ofd
