// The library's private headers, for tests of its internals.
#pragma once

extern "C" {
#include "asn1/der.h"
#include "asn1/oid.h"
#include "asn1/sigval.h"
#include "asn1/timefmt.h"
#include "codec/model.h"
#include "codec/parse.h"
}
