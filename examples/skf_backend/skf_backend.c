/*
 * An SKF (GM/T 0016) device wrapped as a libeseal crypto backend. The device
 * signs e = SM3(Z ‖ M), which libeseal computes from the public key and the
 * SM2 ID (sign_input returns ESEAL_SIGN_INPUT_DIGEST), and returns r and s
 * in 64-byte fields, which this backend turns into 64-byte r ‖ s. Where a
 * vendor fills in their own behaviour is marked VENDOR (see README.md).
 */
#include "skf_backend.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skf.h"

/* The vendor library's functions, looked up by their standard names. */
typedef struct skf_api {
  SKF_ConnectDev_fn ConnectDev;
  SKF_DisConnectDev_fn DisConnectDev;
  SKF_OpenApplication_fn OpenApplication;
  SKF_CloseApplication_fn CloseApplication;
  SKF_VerifyPIN_fn VerifyPIN;
  SKF_OpenContainer_fn OpenContainer;
  SKF_CloseContainer_fn CloseContainer;
  SKF_ExportPublicKey_fn ExportPublicKey;
  SKF_ECCSignData_fn ECCSignData;
} skf_api;

/* The backend's key handle. */
typedef struct skf_key {
  void *dl;
  skf_api api;
  DEVHANDLE dev;
  HAPPLICATION app;
  HCONTAINER con;
  /* SKF handles are not promised to be thread-safe: one signature at a time. */
  pthread_mutex_t lock;
  uint8_t spki[91]; /* SEQ{SEQ{ecPublicKey, sm2}, BIT STRING{04 ‖ X ‖ Y}} */
} skf_key;

static void *symbol(void *dl, const char *name) {
  void *p = dlsym(dl, name);
  if (p == NULL)
    fprintf(stderr, "skf: the library has no %s\n", name);
  return p;
}

/* Fills `api` from the library; 0 or -1. */
static int load_api(void *dl, skf_api *api) {
  /* dlsym gives object pointers; memcpy avoids the non-ISO cast to function pointers. */
  struct {
    const char *name;
    void *slot;
    size_t size;
  } table[] = {
      {"SKF_ConnectDev", &api->ConnectDev, sizeof api->ConnectDev},
      {"SKF_DisConnectDev", &api->DisConnectDev, sizeof api->DisConnectDev},
      {"SKF_OpenApplication", &api->OpenApplication, sizeof api->OpenApplication},
      {"SKF_CloseApplication", &api->CloseApplication, sizeof api->CloseApplication},
      {"SKF_VerifyPIN", &api->VerifyPIN, sizeof api->VerifyPIN},
      {"SKF_OpenContainer", &api->OpenContainer, sizeof api->OpenContainer},
      {"SKF_CloseContainer", &api->CloseContainer, sizeof api->CloseContainer},
      {"SKF_ExportPublicKey", &api->ExportPublicKey, sizeof api->ExportPublicKey},
      {"SKF_ECCSignData", &api->ECCSignData, sizeof api->ECCSignData},
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    void *p = symbol(dl, table[i].name);
    if (p == NULL)
      return -1;
    memcpy(table[i].slot, &p, table[i].size);
  }
  return 0;
}

static const char *skf_algorithm(const eseal_crypto_backend *self, void *key) {
  (void)self, (void)key;
  return "SM2-SM3"; /* VENDOR: a device with RSA containers would answer "RSA-SHA256" */
}

static eseal_sign_input skf_sign_input(const eseal_crypto_backend *self, void *key) {
  (void)self, (void)key;
  return ESEAL_SIGN_INPUT_DIGEST; /* SKF_ECCSignData signs e */
}

static int skf_public_key(const eseal_crypto_backend *self, void *key, eseal_buf *spki) {
  (void)self;
  skf_key *k = key;
  return eseal_buf_set(spki, k->spki, sizeof k->spki);
}

static int skf_sign(const eseal_crypto_backend *self, void *key, const uint8_t *input,
                    size_t input_len, const uint8_t *sm2_id, size_t sm2_id_len,
                    eseal_buf *signature) {
  (void)self, (void)sm2_id, (void)sm2_id_len; /* the ID is already in e */
  skf_key *k = key;
  if (input_len != 32)
    return ESEAL_EINVAL;
  ECCSIGNATUREBLOB blob;
  uint8_t e[32];
  memcpy(e, input, sizeof e);
  pthread_mutex_lock(&k->lock);
  ULONG rv = k->api.ECCSignData(k->con, e, sizeof e, &blob);
  pthread_mutex_unlock(&k->lock);
  if (rv != SAR_OK) {
    fprintf(stderr, "skf: SKF_ECCSignData failed (0x%08x)\n", (unsigned)rv);
    return rv == SAR_PIN_LOCKED ? ESEAL_ELOCKED : ESEAL_ECRYPTO;
  }
  uint8_t raw[64]; /* 256-bit r and s sit in the last 32 bytes of their fields */
  memcpy(raw, blob.r + 32, 32);
  memcpy(raw + 32, blob.s + 32, 32);
  return eseal_buf_set(signature, raw, sizeof raw);
}

static void skf_key_close(skf_key *k) {
  if (k->con)
    k->api.CloseContainer(k->con);
  if (k->app)
    k->api.CloseApplication(k->app);
  if (k->dev)
    k->api.DisConnectDev(k->dev);
  if (k->dl)
    dlclose(k->dl);
  pthread_mutex_destroy(&k->lock);
  free(k);
}

static void skf_key_free(const eseal_crypto_backend *self, void *key) {
  (void)self;
  skf_key_close(key);
}

static const eseal_crypto_backend skf_backend = {
    ESEAL_CRYPTO_BACKEND_VERSION, "skf",    skf_algorithm, skf_sign_input,
    skf_public_key,               skf_sign, skf_key_free,  NULL,
};

/* The SPKI of the container's signing public key; 0 or -1. */
static int export_spki(skf_key *k) {
  ECCPUBLICKEYBLOB pub;
  ULONG len = sizeof pub;
  if (k->api.ExportPublicKey(k->con, 1, (BYTE *)&pub, &len) != SAR_OK || pub.BitLen != 256)
    return -1;
  static const uint8_t head[] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, 0x86, 0x48,
                                 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x08, 0x2A, 0x81, 0x1C,
                                 0xCF, 0x55, 0x01, 0x82, 0x2D, 0x03, 0x42, 0x00, 0x04};
  memcpy(k->spki, head, sizeof head);
  memcpy(k->spki + sizeof head, pub.XCoordinate + 32, 32);
  memcpy(k->spki + sizeof head + 32, pub.YCoordinate + 32, 32);
  return 0;
}

int skf_key_open(eseal_key **out, const char *library, const char *device, const char *app,
                 const char *container, const char *pin) {
  *out = NULL;
  skf_key *k = calloc(1, sizeof *k);
  if (k == NULL)
    return ESEAL_ENOMEM;
  pthread_mutex_init(&k->lock, NULL);
  k->dl = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (k->dl == NULL || load_api(k->dl, &k->api) != 0) {
    fprintf(stderr, "skf: cannot use %s\n", library);
    skf_key_close(k);
    return ESEAL_EMODULE;
  }
  /* VENDOR: some libraries want SKF_EnumDev first, or a device name from it. */
  ULONG retries = 0, rv = k->api.ConnectDev((LPSTR)device, &k->dev);
  if (rv == SAR_OK)
    rv = k->api.OpenApplication(k->dev, (LPSTR)app, &k->app);
  if (rv == SAR_OK)
    rv = k->api.VerifyPIN(k->app, USER_TYPE, (LPSTR)pin, &retries);
  if (rv == SAR_OK)
    rv = k->api.OpenContainer(k->app, (LPSTR)container, &k->con);
  if (rv != SAR_OK) {
    fprintf(stderr, "skf: opening %s/%s/%s failed (0x%08x, %u PIN tries left)\n", device, app,
            container, (unsigned)rv, (unsigned)retries);
    skf_key_close(k);
    return rv == SAR_PIN_INCORRECT ? ESEAL_EPASSWORD
           : rv == SAR_PIN_LOCKED  ? ESEAL_ELOCKED
                                   : ESEAL_ECRYPTO;
  }
  if (export_spki(k) != 0) {
    fprintf(stderr, "skf: the container has no 256-bit SM2 signing key\n");
    skf_key_close(k);
    return ESEAL_EUNSUPPORTED;
  }
  int rc = eseal_key_from_backend(out, &skf_backend, k);
  if (rc != 0)
    skf_key_close(k); /* not wrapped: the key is still ours to free */
  return rc;
}
