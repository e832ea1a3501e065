#include "demo_loss.h"

#include <stdio.h>

#include "args.h"
#include "commands.h"

static int tell_ca(void *payload, const char *tenant, const char *es_id, const uint8_t *hash,
                   size_t hash_len, int64_t lost_at) {
  (void)payload, (void)tenant, (void)hash, (void)hash_len, (void)lost_at;
  printf("   (callback) the CA is asked to revoke the certificates of seal %s\n", es_id);
  return 0;
}

static int stamp_once(eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
                      const eseal_cert *signer, eseal_signature **sig) {
  static const uint8_t order[] = "Delivery note No. 2026-0002";
  eseal_data *data = NULL;
  eseal_stamp_options so = ESEAL_STAMP_OPTIONS_INIT;
  so.tenant = "demo";
  so.operator_id = "clerk Li";
  so.device = "demo";
  int rc = eseal_data_from_bytes(&data, order, sizeof order - 1);
  if (rc == 0)
    rc = eseal_stamp(sig, ctx, seal, key, signer, data, &so);
  eseal_data_free(data);
  return rc;
}

static int steps(eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key, const eseal_cert *signer) {
  eseal_signature *sig = NULL;
  const char *es_id = eseal_seal_esid(seal);
  if (eseal_registry_register(ctx, "demo", seal, "seal administrator", "issued") != 0)
    return cli_fail("demo", "registering the seal");
  if (stamp_once(ctx, seal, key, signer, &sig) != 0)
    return cli_fail("demo", "stamping with the registry");
  eseal_signature_free(sig);
  sig = NULL;
  printf("   registered and stamped once (intent and completion are in the usage log)\n");
  if (eseal_registry_report_lost(ctx, "demo", es_id, "seal owner", "reported stolen", tell_ca,
                                 NULL) != 0)
    return cli_fail("demo", "reporting the loss");
  printf("   seal %s reported lost\n", es_id);
  int rc = stamp_once(ctx, seal, key, signer, &sig);
  eseal_signature_free(sig);
  if (rc == ESEAL_ELOST) {
    printf("   the next stamp is refused: %s\n", eseal_error_last()->message);
    return 1;
  }
  printf("   the next stamp was NOT refused as it should have been\n");
  return 0;
}

int demo_loss_report(const char *dir, eseal_ctx *ctx, const eseal_seal *seal, eseal_key *key,
                     const eseal_cert *signer) {
  char path[600];
  snprintf(path, sizeof path, "%s/registry.db", dir);
  printf("6. the seal registry in %s: register, stamp, report the seal lost, stamp again:\n",
         path);
  eseal_store *store = NULL;
  if (eseal_store_open_sqlite(&store, path) != 0 || eseal_ctx_set_store(ctx, store) != 0) {
    eseal_store_free(store);
    return cli_fail("demo", path);
  }
  int rc = steps(ctx, seal, key, signer);
  eseal_ctx_set_store(ctx, NULL);
  eseal_store_free(store);
  return rc;
}
