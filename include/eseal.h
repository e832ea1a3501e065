/*
 * libeseal — Chinese electronic seals (GM/T 0031-2014, GB/T 38540-2020).
 * The umbrella header: include this one.
 *
 * SPDX-License-Identifier: Apache-2.0
 */
#ifndef ESEAL_H
#define ESEAL_H

#include "eseal/common.h"
#include "eseal/errors.h"
#include "eseal/format.h"
#include "eseal/seal.h"
#include "eseal/signature.h"
#include "eseal/cert.h"
#include "eseal/key.h"
#include "eseal/context.h"
#include "eseal/trust.h"
#include "eseal/picture.h"
#include "eseal/seal_builder.h"
#include "eseal/stamp.h"
#include "eseal/report.h"
#include "eseal/verify.h"
#include "eseal/store.h"
#include "eseal/usage_log.h"
#include "eseal/registry.h"
#include "eseal/policy.h"
#include "eseal/physical.h"
#include "eseal/evidence.h"
#include "eseal/ofd.h"
#include "eseal/pkcs11.h"
#include "eseal/revocation.h"
#include "eseal/sys/storage_backend.h"
#include "eseal/sys/fetcher.h"

#endif
