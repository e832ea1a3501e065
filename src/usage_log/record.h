/*
 * Usage records in canonical CBOR (RFC 8949 §4.2), format version 1; the byte
 * layout is in doc/usage-log.md, "Records". Floor 4 (usage_log/).
 */
#ifndef ESEAL_USAGE_LOG_RECORD_H
#define ESEAL_USAGE_LOG_RECORD_H

#include "eseal/usage_log.h"

#endif
