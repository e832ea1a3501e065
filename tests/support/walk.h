// Reads every accessor of a parsed object, renders its JSON and re-encodes
// it, so that sanitizers see all the code that runs after a parse.
#pragma once

#include <eseal.h>

namespace walk {

// Returns a checksum of what was read, so the reads cannot be optimised away.
unsigned Seal(const eseal_seal *seal);
unsigned Signature(const eseal_signature *sig);
// Parses `data` as both kinds; returns how many parses succeeded.
int ParseAndWalk(const uint8_t *data, size_t len, bool with_json);

}  // namespace walk
