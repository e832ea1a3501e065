/* Writer pieces shared by the seal and signature encoders. */
#ifndef ESEAL_CODEC_ENCODE_H
#define ESEAL_CODEC_ENCODE_H

#include "../core/dbuf.h"
#include "model.h"

/* An OID from dotted text; ESEAL_EINVAL (raised) when it is not one. */
int eseal__put_oid(eseal__dbuf *b, const char *oid);
/* ExtensionDatas as an untagged SEQUENCE OF ExtData; critical only when TRUE (DEFAULT FALSE). */
int eseal__put_extensions(eseal__dbuf *b, const eseal_extensions *ext);
/* timeStamp as [0] EXPLICIT BIT STRING, when present. */
void eseal__put_timestamp(eseal__dbuf *b, const eseal__bytes *timestamp);
/* Hands the bytes to `out` when `rc` is 0 and nothing failed; releases them otherwise. */
int eseal__encode_finish(eseal__dbuf *b, int rc, eseal_buf *out);

#endif
