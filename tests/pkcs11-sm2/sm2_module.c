/*
 * A small PKCS#11 module for tests only: one token holding one SM2 key pair
 * (and optionally its certificate), signing with OpenSSL under a vendor
 * mechanism number, the way Chinese tokens do. Configured by the file named
 * in $ESEAL_SM2_MODULE_CONF, one `name=value` per line:
 *   key=PATH          SM2 private key (PEM), required
 *   cert=PATH         its certificate (PEM), optional
 *   mechanism=0x...   the vendor CKM value (default 0x80000101)
 *   input=e|message   signs e = SM3(Z ‖ M) (default) or the message, with the default ID
 *   output=raw|der    returns r ‖ s (default) or DER SEQUENCE{r, s}
 *   pin=...           the user PIN (default 1234)
 *   tries=N           wrong PINs before the PIN locks (default 3)
 *   label=...         the token label (default "SM2 Token")
 *   state=PATH        a file keeping the wrong-PIN count across loads (optional)
 * It implements what libeseal calls; the other entries of the function list
 * are NULL. One lock serialises every call.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <p11-kit/pkcs11.h>

#define SLOT 1
#define H_PRIVATE 1
#define H_PUBLIC 2
#define H_CERT 3
#define SESSIONS_MAX 64

static const uint8_t sm2_oid[] = {0x06, 0x08, 0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x82, 0x2D};
static const uint8_t key_id[] = {0x5E, 0xA1};

static struct {
  int initialised, logged_in, tries_left, tries, raw, signs_message;
  CK_MECHANISM_TYPE mech;
  char pin[64], label[33], state[512];
  EVP_PKEY *key;
  uint8_t point[67]; /* DER OCTET STRING around the uncompressed point */
  uint8_t *cert;
  size_t cert_len;
  struct {
    int open, finding, found_next, signing;
  } sessions[SESSIONS_MAX];
} m;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void trim(char *s) {
  s[strcspn(s, "\r\n")] = '\0';
}

static int load_config(void) {
  const char *path = getenv("ESEAL_SM2_MODULE_CONF");
  FILE *fp = path ? fopen(path, "r") : NULL;
  if (fp == NULL)
    return -1;
  m.mech = 0x80000101UL;
  m.raw = 1;
  m.tries = 3;
  snprintf(m.pin, sizeof m.pin, "1234");
  snprintf(m.label, sizeof m.label, "SM2 Token");
  char line[1024], key[512] = "", cert[512] = "";
  while (fgets(line, sizeof line, fp)) {
    trim(line);
    char *v = strchr(line, '=');
    if (v == NULL)
      continue;
    *v++ = '\0';
    if (strcmp(line, "key") == 0)
      snprintf(key, sizeof key, "%s", v);
    else if (strcmp(line, "cert") == 0)
      snprintf(cert, sizeof cert, "%s", v);
    else if (strcmp(line, "mechanism") == 0)
      m.mech = strtoul(v, NULL, 0);
    else if (strcmp(line, "input") == 0)
      m.signs_message = strcmp(v, "message") == 0;
    else if (strcmp(line, "output") == 0)
      m.raw = strcmp(v, "der") != 0;
    else if (strcmp(line, "pin") == 0)
      snprintf(m.pin, sizeof m.pin, "%s", v);
    else if (strcmp(line, "tries") == 0)
      m.tries = atoi(v);
    else if (strcmp(line, "label") == 0)
      snprintf(m.label, sizeof m.label, "%s", v);
    else if (strcmp(line, "state") == 0)
      snprintf(m.state, sizeof m.state, "%s", v);
  }
  fclose(fp);
  m.tries_left = m.tries;
  FILE *sf = m.state[0] ? fopen(m.state, "r") : NULL;
  if (sf) {
    if (fscanf(sf, "%d", &m.tries_left) != 1)
      m.tries_left = m.tries;
    fclose(sf);
  }
  FILE *kf = fopen(key, "r");
  if (kf == NULL)
    return -1;
  m.key = PEM_read_PrivateKey(kf, NULL, NULL, NULL);
  fclose(kf);
  size_t n = 0;
  if (m.key == NULL ||
      EVP_PKEY_get_octet_string_param(m.key, "encoded-pub-key", m.point + 2, 65, &n) != 1 ||
      n != 65)
    return -1;
  m.point[0] = 0x04;
  m.point[1] = 65;
  if (cert[0]) {
    FILE *cf = fopen(cert, "r");
    X509 *x = cf ? PEM_read_X509(cf, NULL, NULL, NULL) : NULL;
    if (cf)
      fclose(cf);
    unsigned char *der = NULL;
    int len = x ? i2d_X509(x, &der) : -1;
    X509_free(x);
    if (len <= 0)
      return -1;
    m.cert = der;
    m.cert_len = (size_t)len;
  }
  return 0;
}

/* Writes the wrong-PIN count to the state file, if any; call with the lock held. */
static void save_state(void) {
  FILE *sf = m.state[0] ? fopen(m.state, "w") : NULL;
  if (sf) {
    fprintf(sf, "%d\n", m.tries_left);
    fclose(sf);
  }
}

static void pad(CK_UTF8CHAR *field, size_t size, const char *text) {
  memset(field, ' ', size);
  memcpy(field, text, strlen(text) < size ? strlen(text) : size);
}

static CK_RV m_Initialize(CK_VOID_PTR args) {
  (void)args;
  pthread_mutex_lock(&lock);
  CK_RV rv = CKR_OK;
  if (m.initialised)
    rv = CKR_CRYPTOKI_ALREADY_INITIALIZED;
  else if (load_config() != 0)
    rv = CKR_GENERAL_ERROR;
  else
    m.initialised = 1;
  pthread_mutex_unlock(&lock);
  return rv;
}

static CK_RV m_Finalize(CK_VOID_PTR reserved) {
  (void)reserved;
  pthread_mutex_lock(&lock);
  EVP_PKEY_free(m.key);
  OPENSSL_free(m.cert);
  memset(&m, 0, sizeof m);
  pthread_mutex_unlock(&lock);
  return CKR_OK;
}

static CK_RV m_GetInfo(CK_INFO_PTR info) {
  memset(info, 0, sizeof *info);
  info->cryptokiVersion.major = 2;
  info->cryptokiVersion.minor = 40;
  pad(info->manufacturerID, sizeof info->manufacturerID, "libeseal tests");
  pad(info->libraryDescription, sizeof info->libraryDescription, "SM2 test module");
  info->libraryVersion.major = 1;
  return CKR_OK;
}

static CK_RV m_GetSlotList(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
  (void)present;
  if (list && *count < 1) {
    *count = 1;
    return CKR_BUFFER_TOO_SMALL;
  }
  if (list)
    list[0] = SLOT;
  *count = 1;
  return CKR_OK;
}

static CK_RV m_GetSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
  if (slot != SLOT)
    return CKR_SLOT_ID_INVALID;
  memset(info, 0, sizeof *info);
  pad(info->slotDescription, sizeof info->slotDescription, "SM2 test slot");
  pad(info->manufacturerID, sizeof info->manufacturerID, "libeseal tests");
  info->flags = CKF_TOKEN_PRESENT;
  return CKR_OK;
}

static CK_RV m_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
  if (slot != SLOT)
    return CKR_SLOT_ID_INVALID;
  memset(info, 0, sizeof *info);
  pthread_mutex_lock(&lock);
  pad(info->label, sizeof info->label, m.label);
  pad(info->manufacturerID, sizeof info->manufacturerID, "libeseal tests");
  pad(info->model, sizeof info->model, "SM2");
  pad(info->serialNumber, sizeof info->serialNumber, "0001");
  info->flags = CKF_TOKEN_INITIALIZED | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED;
  if (m.tries_left == 0)
    info->flags |= CKF_USER_PIN_LOCKED;
  pthread_mutex_unlock(&lock);
  info->ulMaxPinLen = 63;
  info->ulMinPinLen = 4;
  return CKR_OK;
}

static CK_RV m_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify,
                           CK_SESSION_HANDLE_PTR out) {
  (void)flags, (void)app, (void)notify;
  if (slot != SLOT)
    return CKR_SLOT_ID_INVALID;
  CK_RV rv = CKR_SESSION_COUNT;
  pthread_mutex_lock(&lock);
  for (int i = 0; i < SESSIONS_MAX; i++)
    if (!m.sessions[i].open) {
      memset(&m.sessions[i], 0, sizeof m.sessions[i]);
      m.sessions[i].open = 1;
      *out = (CK_SESSION_HANDLE)i + 1;
      rv = CKR_OK;
      break;
    }
  pthread_mutex_unlock(&lock);
  return rv;
}

/* The session's slot in m.sessions, or -1; call with the lock held. */
static int session(CK_SESSION_HANDLE h) {
  return h >= 1 && h <= SESSIONS_MAX && m.sessions[h - 1].open ? (int)h - 1 : -1;
}

static CK_RV m_CloseSession(CK_SESSION_HANDLE h) {
  pthread_mutex_lock(&lock);
  int i = session(h);
  if (i >= 0)
    m.sessions[i].open = 0;
  int any = 0;
  for (int j = 0; j < SESSIONS_MAX; j++)
    any |= m.sessions[j].open;
  if (!any)
    m.logged_in = 0; /* the login ends with the last session */
  pthread_mutex_unlock(&lock);
  return i >= 0 ? CKR_OK : CKR_SESSION_HANDLE_INVALID;
}

static CK_RV m_Login(CK_SESSION_HANDLE h, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
  CK_RV rv;
  pthread_mutex_lock(&lock);
  if (session(h) < 0)
    rv = CKR_SESSION_HANDLE_INVALID;
  else if (user != CKU_USER)
    rv = CKR_USER_TYPE_INVALID;
  else if (m.tries_left == 0)
    rv = CKR_PIN_LOCKED;
  else if (m.logged_in)
    rv = CKR_USER_ALREADY_LOGGED_IN;
  else if (pin == NULL || len != strlen(m.pin) || memcmp(pin, m.pin, len) != 0)
    rv = --m.tries_left == 0 ? CKR_PIN_LOCKED : CKR_PIN_INCORRECT;
  else {
    m.tries_left = m.tries;
    m.logged_in = 1;
    rv = CKR_OK;
  }
  if (rv == CKR_OK || rv == CKR_PIN_INCORRECT || rv == CKR_PIN_LOCKED)
    save_state();
  pthread_mutex_unlock(&lock);
  return rv;
}

static CK_RV m_Logout(CK_SESSION_HANDLE h) {
  (void)h;
  pthread_mutex_lock(&lock);
  m.logged_in = 0;
  pthread_mutex_unlock(&lock);
  return CKR_OK;
}

/* 1 when object `h` has attribute `type` equal to `value`; call with the lock held. */
static int object_has(CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE type, const void *value, CK_ULONG len);

static CK_RV m_FindObjectsInit(CK_SESSION_HANDLE h, CK_ATTRIBUTE_PTR t, CK_ULONG n) {
  pthread_mutex_lock(&lock);
  int i = session(h);
  if (i < 0) {
    pthread_mutex_unlock(&lock);
    return CKR_SESSION_HANDLE_INVALID;
  }
  /* A bit set per matching object: private key (only once logged in), public key, certificate. */
  int found = 0;
  for (CK_OBJECT_HANDLE o = H_PRIVATE; o <= H_CERT; o++) {
    if (o == H_PRIVATE && !m.logged_in)
      continue;
    if (o == H_CERT && m.cert == NULL)
      continue;
    int all = 1;
    for (CK_ULONG k = 0; k < n && all; k++)
      all = object_has(o, t[k].type, t[k].pValue, t[k].ulValueLen);
    if (all)
      found |= 1 << o;
  }
  m.sessions[i].finding = 1;
  m.sessions[i].found_next = found;
  pthread_mutex_unlock(&lock);
  return CKR_OK;
}

static CK_RV m_FindObjects(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE_PTR out, CK_ULONG max,
                           CK_ULONG_PTR count) {
  pthread_mutex_lock(&lock);
  int i = session(h);
  *count = 0;
  if (i >= 0)
    for (CK_OBJECT_HANDLE o = H_PRIVATE; o <= H_CERT && *count < max; o++)
      if (m.sessions[i].found_next & (1 << o)) {
        out[(*count)++] = o;
        m.sessions[i].found_next &= ~(1 << o);
      }
  pthread_mutex_unlock(&lock);
  return i >= 0 ? CKR_OK : CKR_SESSION_HANDLE_INVALID;
}

static CK_RV m_FindObjectsFinal(CK_SESSION_HANDLE h) {
  pthread_mutex_lock(&lock);
  int i = session(h);
  if (i >= 0)
    m.sessions[i].finding = 0;
  pthread_mutex_unlock(&lock);
  return i >= 0 ? CKR_OK : CKR_SESSION_HANDLE_INVALID;
}

/* Attribute `type` of object `o`: its bytes, or NULL (absent) / sensitive. */
static const void *attribute(CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type, CK_ULONG *len,
                             int *sensitive, CK_ULONG *scratch, CK_BBOOL *flag) {
  static const char label[] = "sm2-signer";
  *sensitive = 0;
  switch (type) {
  case CKA_CLASS:
    *scratch = o == H_PRIVATE ? CKO_PRIVATE_KEY : o == H_PUBLIC ? CKO_PUBLIC_KEY : CKO_CERTIFICATE;
    *len = sizeof *scratch;
    return scratch;
  case CKA_LABEL:
    *len = sizeof label - 1;
    return label;
  case CKA_ID:
    *len = sizeof key_id;
    return key_id;
  }
  if (o == H_CERT) {
    if (type == CKA_VALUE) {
      *len = m.cert_len;
      return m.cert;
    }
    return NULL;
  }
  switch (type) {
  case CKA_KEY_TYPE:
    *scratch = CKK_EC;
    *len = sizeof *scratch;
    return scratch;
  case CKA_EC_PARAMS:
    *len = sizeof sm2_oid;
    return sm2_oid;
  case CKA_EC_POINT:
    if (o != H_PUBLIC)
      return NULL;
    *len = sizeof m.point;
    return m.point;
  case CKA_VALUE:
    *sensitive = o == H_PRIVATE;
    return NULL;
  case CKA_SENSITIVE:
  case CKA_ALWAYS_SENSITIVE:
  case CKA_NEVER_EXTRACTABLE:
    *flag = o == H_PRIVATE;
    *len = 1;
    return flag;
  case CKA_EXTRACTABLE:
  case CKA_ALWAYS_AUTHENTICATE:
    *flag = CK_FALSE;
    *len = 1;
    return o == H_PRIVATE ? flag : NULL;
  }
  return NULL;
}

static int object_has(CK_OBJECT_HANDLE h, CK_ATTRIBUTE_TYPE type, const void *value, CK_ULONG len) {
  CK_ULONG n = 0, scratch = 0;
  CK_BBOOL flag = 0;
  int sensitive = 0;
  const void *v = attribute(h, type, &n, &sensitive, &scratch, &flag);
  return v != NULL && n == len && memcmp(v, value, len) == 0;
}

static CK_RV m_GetAttributeValue(CK_SESSION_HANDLE h, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t,
                                 CK_ULONG n) {
  pthread_mutex_lock(&lock);
  CK_RV rv = CKR_OK;
  if (session(h) < 0)
    rv = CKR_SESSION_HANDLE_INVALID;
  else if (o < H_PRIVATE || o > H_CERT || (o == H_PRIVATE && !m.logged_in))
    rv = CKR_OBJECT_HANDLE_INVALID;
  for (CK_ULONG k = 0; rv != CKR_SESSION_HANDLE_INVALID && rv != CKR_OBJECT_HANDLE_INVALID && k < n;
       k++) {
    CK_ULONG len = 0, scratch = 0;
    CK_BBOOL flag = 0;
    int sensitive = 0;
    const void *v = attribute(o, t[k].type, &len, &sensitive, &scratch, &flag);
    if (v == NULL) {
      t[k].ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = sensitive ? CKR_ATTRIBUTE_SENSITIVE : CKR_ATTRIBUTE_TYPE_INVALID;
    } else if (t[k].pValue == NULL) {
      t[k].ulValueLen = len;
    } else if (t[k].ulValueLen < len) {
      t[k].ulValueLen = CK_UNAVAILABLE_INFORMATION;
      rv = CKR_BUFFER_TOO_SMALL;
    } else {
      memcpy(t[k].pValue, v, len);
      t[k].ulValueLen = len;
    }
  }
  pthread_mutex_unlock(&lock);
  return rv;
}

static CK_RV m_SignInit(CK_SESSION_HANDLE h, CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE key) {
  pthread_mutex_lock(&lock);
  int i = session(h);
  CK_RV rv = CKR_OK;
  if (i < 0)
    rv = CKR_SESSION_HANDLE_INVALID;
  else if (!m.logged_in)
    rv = CKR_USER_NOT_LOGGED_IN;
  else if (key != H_PRIVATE)
    rv = CKR_KEY_HANDLE_INVALID;
  else if (mech == NULL || mech->mechanism != m.mech)
    rv = CKR_MECHANISM_INVALID;
  else
    m.sessions[i].signing = 1;
  pthread_mutex_unlock(&lock);
  return rv;
}

/* The SM2 signature of `in` as DER; 0 or -1. */
static int sign_der(const uint8_t *in, size_t len, uint8_t *der, size_t *der_len) {
  int ok = 0;
  if (m.signs_message) {
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(m.key, NULL);
    if (md && pctx && EVP_PKEY_CTX_set1_id(pctx, "1234567812345678", 16) == 1) {
      EVP_MD_CTX_set_pkey_ctx(md, pctx);
      ok = EVP_DigestSignInit(md, NULL, EVP_sm3(), NULL, m.key) == 1 &&
           EVP_DigestSign(md, der, der_len, in, len) == 1;
    }
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pctx);
  } else if (len == 32) {
    /* EVP_PKEY_sign on an SM2 key signs the 32 bytes given as e. */
    EVP_PKEY_CTX *pctx = EVP_PKEY_CTX_new(m.key, NULL);
    ok = pctx && EVP_PKEY_sign_init(pctx) == 1 &&
         EVP_PKEY_sign(pctx, der, der_len, in, len) == 1;
    EVP_PKEY_CTX_free(pctx);
  }
  return ok ? 0 : -1;
}

static CK_RV m_Sign(CK_SESSION_HANDLE h, CK_BYTE_PTR in, CK_ULONG len, CK_BYTE_PTR sig,
                    CK_ULONG_PTR sig_len) {
  pthread_mutex_lock(&lock);
  int i = session(h);
  CK_RV rv = CKR_OK;
  uint8_t der[80];
  size_t der_len = sizeof der;
  if (i < 0)
    rv = CKR_SESSION_HANDLE_INVALID;
  else if (!m.sessions[i].signing)
    rv = CKR_OPERATION_NOT_INITIALIZED;
  else if (sign_der(in, len, der, &der_len) != 0)
    rv = m.signs_message || len == 32 ? CKR_FUNCTION_FAILED : CKR_DATA_LEN_RANGE;
  if (rv == CKR_OK && m.raw) {
    const unsigned char *p = der;
    ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    if (s == NULL || *sig_len < 64 || BN_bn2binpad(ECDSA_SIG_get0_r(s), sig, 32) != 32 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(s), sig + 32, 32) != 32)
      rv = *sig_len < 64 ? CKR_BUFFER_TOO_SMALL : CKR_FUNCTION_FAILED;
    ECDSA_SIG_free(s);
    *sig_len = 64;
  } else if (rv == CKR_OK) {
    if (*sig_len < der_len)
      rv = CKR_BUFFER_TOO_SMALL;
    else
      memcpy(sig, der, der_len);
    *sig_len = der_len;
  }
  if (i >= 0 && rv != CKR_BUFFER_TOO_SMALL)
    m.sessions[i].signing = 0;
  pthread_mutex_unlock(&lock);
  return rv;
}

static CK_FUNCTION_LIST functions;

/* The one exported symbol (declared by pkcs11.h). */
__attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
  functions.version.major = 2;
  functions.version.minor = 40;
  functions.C_Initialize = m_Initialize;
  functions.C_Finalize = m_Finalize;
  functions.C_GetInfo = m_GetInfo;
  functions.C_GetFunctionList = C_GetFunctionList;
  functions.C_GetSlotList = m_GetSlotList;
  functions.C_GetSlotInfo = m_GetSlotInfo;
  functions.C_GetTokenInfo = m_GetTokenInfo;
  functions.C_OpenSession = m_OpenSession;
  functions.C_CloseSession = m_CloseSession;
  functions.C_Login = m_Login;
  functions.C_Logout = m_Logout;
  functions.C_FindObjectsInit = m_FindObjectsInit;
  functions.C_FindObjects = m_FindObjects;
  functions.C_FindObjectsFinal = m_FindObjectsFinal;
  functions.C_GetAttributeValue = m_GetAttributeValue;
  functions.C_SignInit = m_SignInit;
  functions.C_Sign = m_Sign;
  *list = &functions;
  return CKR_OK;
}
