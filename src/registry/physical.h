/*
 * Physical uses reported by smart-seal devices (eseal/physical.h): the
 * report's signed bytes and its check (physical_report.c), the device
 * certificates (area "risk.devices": device id -> certificate DER) and the
 * logging transaction (physical.c).
 */
#ifndef ESEAL_REGISTRY_PHYSICAL_H
#define ESEAL_REGISTRY_PHYSICAL_H

#include "eseal/physical.h"
#include "record.h"

#define ESEAL__AREA_DEVICES "risk.devices"
/* SM3 of a logged report's bytes ‖ its signature -> 0x01, so that a report is logged once. */
#define ESEAL__AREA_REPORTS "risk.reports"

/* 1 when `sig` verifies over `msg` with the certificate's key, 0 when not, or ESEAL_ENOMEM. */
int eseal__physical_verify(const eseal_ctx *ctx, const eseal_cert *cert, const uint8_t *msg,
                           size_t len, const uint8_t *sig, size_t sig_len);

#endif
