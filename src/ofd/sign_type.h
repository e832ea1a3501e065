/* Type="Sign" signatures: GB/T 35275 SignedData over Signature.xml (signed_data.h). */
#ifndef ESEAL_OFD_SIGN_TYPE_H
#define ESEAL_OFD_SIGN_TYPE_H

#include "eseal/report.h"
#include "eseal/verify.h"
#include "package.h"

/* A report of kind ESEAL_KIND_SIGNATURE for `sig`, whose SignedValue holds `value`. */
int eseal__ofd_verify_sign_type(eseal_report **out, const eseal_ctx *ctx, const eseal__ofd_sig *sig,
                                const uint8_t *value, size_t len, const eseal_verify_options *opts);

#endif
