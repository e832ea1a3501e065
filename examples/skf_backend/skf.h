/*
 * The few GM/T 0016-2012 (SKF) declarations this example uses. A vendor's
 * SDK ships the full header; these follow the standard's types: ULONG is 32
 * bits, handles are pointers, SAR_OK is 0.
 */
#ifndef SKF_EXAMPLE_SKF_H
#define SKF_EXAMPLE_SKF_H

#include <stdint.h>

typedef uint32_t ULONG;
typedef int32_t BOOL;
typedef uint8_t BYTE;
typedef char *LPSTR;
typedef void *DEVHANDLE;
typedef void *HAPPLICATION;
typedef void *HCONTAINER;

#define SAR_OK 0x00000000u
#define SAR_PIN_INCORRECT 0x0A000024u
#define SAR_PIN_LOCKED 0x0A000025u
#define USER_TYPE 1 /* ulPINType: the user PIN */

#define ECC_MAX_XCOORDINATE_BITS_LEN 512
#define ECC_MAX_YCOORDINATE_BITS_LEN 512

/* An SM2 public key: 256-bit coordinates right-aligned in 64-byte fields. */
typedef struct {
  ULONG BitLen;
  BYTE XCoordinate[ECC_MAX_XCOORDINATE_BITS_LEN / 8];
  BYTE YCoordinate[ECC_MAX_YCOORDINATE_BITS_LEN / 8];
} ECCPUBLICKEYBLOB;

/* An SM2 signature: r and s right-aligned in 64-byte fields. */
typedef struct {
  BYTE r[ECC_MAX_XCOORDINATE_BITS_LEN / 8];
  BYTE s[ECC_MAX_XCOORDINATE_BITS_LEN / 8];
} ECCSIGNATUREBLOB;

/* The functions, as pointer types: the example loads the vendor library with dlopen(). */
typedef ULONG (*SKF_ConnectDev_fn)(LPSTR szName, DEVHANDLE *phDev);
typedef ULONG (*SKF_DisConnectDev_fn)(DEVHANDLE hDev);
typedef ULONG (*SKF_OpenApplication_fn)(DEVHANDLE hDev, LPSTR szAppName,
                                        HAPPLICATION *phApplication);
typedef ULONG (*SKF_CloseApplication_fn)(HAPPLICATION hApplication);
typedef ULONG (*SKF_VerifyPIN_fn)(HAPPLICATION hApplication, ULONG ulPINType, LPSTR szPIN,
                                  ULONG *pulRetryCount);
typedef ULONG (*SKF_OpenContainer_fn)(HAPPLICATION hApplication, LPSTR szContainerName,
                                      HCONTAINER *phContainer);
typedef ULONG (*SKF_CloseContainer_fn)(HCONTAINER hContainer);
typedef ULONG (*SKF_ExportPublicKey_fn)(HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbBlob,
                                        ULONG *pulBlobLen);
/* Signs a 32-byte digest: e = SM3(Z ‖ M), which the caller computes. */
typedef ULONG (*SKF_ECCSignData_fn)(HCONTAINER hContainer, BYTE *pbData, ULONG ulDataLen,
                                    ECCSIGNATUREBLOB *pSignature);

#endif
