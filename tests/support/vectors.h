// Access to ../shared/vectors, which is read at test time and never copied.
#pragma once

#include <string>

#include "der_builder.h"

namespace vectors {

// The folder, from ESEAL_VECTORS_DIR; empty when unset or missing.
std::string Dir();
// Skips the current test, saying why, when the folder is absent.
#define ESEAL_REQUIRE_VECTORS()                                                        \
  do {                                                                                 \
    if (vectors::Dir().empty())                                                        \
      GTEST_SKIP() << "shared vectors not found (set ESEAL_VECTORS_DIR or place "      \
                      "../shared/vectors beside the source tree)";                     \
  } while (0)
der::Bytes Read(const std::string &relative);

}  // namespace vectors
