/*
 * The XML a seal signature adds to an OFD: a new Signature.xml, and one more
 * entry in Signatures.xml and OFD.xml. Existing files are edited by inserting
 * bytes, never re-serialised: other signatures may cover them, and a parse
 * and re-write would change bytes they hashed. stamp.c re-reads every edited
 * file with the package reader to check the edit landed where intended.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>

#include "eseal/errors.h"
#include "eseal/format.h"
#include "../asn1/timefmt.h"
#include "../core/error.h"
#include "stamp_parts.h"

#define OFD_NS "http://www.ofdspec.org/2016"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

void eseal_ofd__append_mm(eseal__dbuf *out, double mm) {
  /* Integer arithmetic: printf's %f would follow the host program's locale. */
  long long v = llround(mm * 1000.0);
  if (v < 0) {
    eseal__dbuf_append_byte(out, '-');
    v = -v;
  }
  eseal__dbuf_appendf(out, "%lld", v / 1000);
  long long frac = v % 1000;
  if (frac == 0)
    return;
  char digits[5];
  digits[0] = '.';
  digits[1] = (char)('0' + frac / 100);
  digits[2] = (char)('0' + frac / 10 % 10);
  digits[3] = (char)('0' + frac % 10);
  size_t n = 4;
  while (digits[n - 1] == '0')
    n--;
  eseal__dbuf_append(out, digits, n);
}

void eseal_ofd__append_id(eseal__dbuf *out, unsigned long n) {
  eseal__dbuf_appendf(out, "s%03lu", n);
}

static void append_box(eseal__dbuf *out, const eseal_ofd__box *b) {
  eseal_ofd__append_mm(out, b->x);
  eseal__dbuf_append_byte(out, ' ');
  eseal_ofd__append_mm(out, b->y);
  eseal__dbuf_append_byte(out, ' ');
  eseal_ofd__append_mm(out, b->w);
  eseal__dbuf_append_byte(out, ' ');
  eseal_ofd__append_mm(out, b->h);
}

/* Paths are ours ("/Doc_0/Signs/Sign_1/...") or come from the package; escape them anyway. */
static void append_escaped(eseal__dbuf *out, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '&': eseal__dbuf_append_str(out, "&amp;"); break;
    case '<': eseal__dbuf_append_str(out, "&lt;"); break;
    case '>': eseal__dbuf_append_str(out, "&gt;"); break;
    case '"': eseal__dbuf_append_str(out, "&quot;"); break;
    default: eseal__dbuf_append_byte(out, (uint8_t)*s);
    }
  }
}

static void append_annots(eseal__dbuf *b, const eseal_ofd__sigxml *in) {
  for (size_t i = 0; i < in->nannots; i++) {
    const eseal_ofd__annot *a = &in->annots[i];
    eseal__dbuf_append_str(b, "<ofd:StampAnnot ID=\"");
    eseal_ofd__append_id(b, in->first_annot_id + i);
    eseal__dbuf_append_str(b, "\" PageRef=\"");
    append_escaped(b, in->pages[a->page].id);
    eseal__dbuf_append_str(b, "\" Boundary=\"");
    append_box(b, &a->boundary);
    if (a->clipped) {
      eseal__dbuf_append_str(b, "\" Clip=\"");
      append_box(b, &a->clip);
    }
    eseal__dbuf_append_str(b, "\"/>");
  }
}

int eseal_ofd__signature_xml(eseal_buf *out, const eseal_ofd__sigxml *in) {
  char when[16];
  if (eseal__time_format_generalized(in->time, when) != 0)
    return eseal__error_set(ESEAL_EINVAL, "the signing time cannot be written");
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__dbuf_append_str(&b, XML_DECL "<ofd:Signature xmlns:ofd=\"" OFD_NS "\"><ofd:SignedInfo>");
  eseal__dbuf_appendf(&b, "<ofd:Provider ProviderName=\"libeseal\" Version=\"%s\"/>",
                      eseal_version());
  /* SM2 with SM3, and the time in the same form as the SES timeInfo. */
  eseal__dbuf_appendf(&b,
                      "<ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod>"
                      "<ofd:SignatureDateTime>%s</ofd:SignatureDateTime>",
                      when);
  /* CheckMethod by OID, as tax-bureau and Koal files write it. */
  eseal__dbuf_append_str(&b, "<ofd:References CheckMethod=\"1.2.156.10197.1.401\">");
  for (size_t i = 0; i < in->nrefs; i++) {
    char b64[48];
    EVP_EncodeBlock((unsigned char *)b64, in->refs[i].sm3, 32);
    eseal__dbuf_append_str(&b, "<ofd:Reference FileRef=\"");
    append_escaped(&b, in->refs[i].path);
    eseal__dbuf_appendf(&b, "\"><ofd:CheckValue>%s</ofd:CheckValue></ofd:Reference>", b64);
  }
  eseal__dbuf_append_str(&b, "</ofd:References>");
  append_annots(&b, in);
  eseal__dbuf_append_str(&b, "<ofd:Seal><ofd:BaseLoc>");
  append_escaped(&b, in->seal_path);
  eseal__dbuf_append_str(&b, "</ofd:BaseLoc></ofd:Seal></ofd:SignedInfo><ofd:SignedValue>");
  append_escaped(&b, in->signed_value_path);
  eseal__dbuf_append_str(&b, "</ofd:SignedValue></ofd:Signature>");
  return eseal__dbuf_finish(&b, out);
}

static void append_signature_entry(eseal__dbuf *b, const char *prefix, unsigned long id,
                                   const char *base_loc) {
  eseal__dbuf_appendf(b, "<%s%sSignature ID=\"", prefix, *prefix ? ":" : "");
  eseal_ofd__append_id(b, id);
  eseal__dbuf_append_str(b, "\" Type=\"Seal\" BaseLoc=\"");
  append_escaped(b, base_loc);
  eseal__dbuf_append_str(b, "\"/>");
}

int eseal_ofd__signatures_new(eseal_buf *out, unsigned long id, unsigned long max_id,
                              const char *base_loc) {
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__dbuf_append_str(&b, XML_DECL "<ofd:Signatures xmlns:ofd=\"" OFD_NS "\"><ofd:MaxSignId>");
  eseal_ofd__append_id(&b, max_id);
  eseal__dbuf_append_str(&b, "</ofd:MaxSignId>");
  append_signature_entry(&b, "ofd", id, base_loc);
  eseal__dbuf_append_str(&b, "</ofd:Signatures>");
  return eseal__dbuf_finish(&b, out);
}

static int is_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_name_char(uint8_t c) {
  return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.' || c == ':';
}

/*
 * The root end tag "</qname>" as the last thing in the file (trailing white
 * space allowed): its offset, and the prefix of qname (up to 63 bytes) in
 * `prefix`. -1 when the file does not end so.
 */
static long root_end_tag(const uint8_t *xml, size_t len, const char *local, char prefix[64]) {
  size_t end = len;
  while (end > 0 && is_space(xml[end - 1]))
    end--;
  if (end == 0 || xml[end - 1] != '>')
    return -1;
  end--;
  while (end > 0 && is_space(xml[end - 1]))
    end--;
  size_t start = end;
  while (start > 0 && is_name_char(xml[start - 1]))
    start--;
  if (start < 2 || xml[start - 2] != '<' || xml[start - 1] != '/')
    return -1;
  size_t llen = strlen(local), qlen = end - start;
  if (qlen < llen || memcmp(xml + end - llen, local, llen) != 0)
    return -1;
  size_t plen = qlen - llen;
  if (plen > 0 && (plen < 2 || xml[start + plen - 1] != ':' || plen > 63))
    return -1;
  if (plen > 0) {
    memcpy(prefix, xml + start, plen - 1);
    prefix[plen - 1] = '\0';
  } else {
    prefix[0] = '\0';
  }
  return (long)(start - 2);
}

/* Offset just past the '>' of the first start tag "<qname ...>" at or after `from`, or -1. */
static long after_start_tag(const uint8_t *xml, size_t len, size_t from, const char *qname) {
  size_t qlen = strlen(qname);
  for (size_t i = from; i + qlen + 1 < len; i++) {
    if (xml[i] != '<' || memcmp(xml + i + 1, qname, qlen) != 0 || is_name_char(xml[i + 1 + qlen]))
      continue;
    uint8_t quote = 0;
    for (size_t j = i + 1 + qlen; j < len; j++) {
      if (quote) {
        if (xml[j] == quote)
          quote = 0;
      } else if (xml[j] == '"' || xml[j] == '\'') {
        quote = xml[j];
      } else if (xml[j] == '>') {
        return xml[j - 1] == '/' ? -1 : (long)(j + 1);
      }
    }
    return -1;
  }
  return -1;
}

static void qualified(char *out, size_t cap, const char *prefix, const char *local) {
  /* prefix is at most 63 bytes and local a short constant: it fits. */
  if (*prefix)
    snprintf(out, cap, "%s:%s", prefix, local);
  else
    snprintf(out, cap, "%s", local);
}

/* Copies xml[from..to) with each MaxSignId element's text replaced by the new ID. */
static void copy_with_max_id(eseal__dbuf *b, const uint8_t *xml, size_t from, size_t to,
                             const char *qname, unsigned long max_id, int *seen) {
  size_t qlen = strlen(qname);
  while (from < to) {
    long open = after_start_tag(xml, to, from, qname);
    if (open < 0)
      break;
    /* The text runs to the next '<', which must be this element's end tag. */
    size_t close = (size_t)open;
    while (close < to && xml[close] != '<')
      close++;
    if (close + 2 + qlen > to || xml[close + 1] != '/' ||
        memcmp(xml + close + 2, qname, qlen) != 0) {
      eseal__dbuf_append(b, xml + from, (size_t)open - from);
      from = (size_t)open;
      continue;
    }
    eseal__dbuf_append(b, xml + from, (size_t)open - from);
    eseal_ofd__append_id(b, max_id);
    from = close;
    *seen = 1;
  }
  eseal__dbuf_append(b, xml + from, to - from);
}

int eseal_ofd__signatures_add(eseal_buf *out, const uint8_t *xml, size_t len, unsigned long id,
                              unsigned long max_id, const char *base_loc) {
  char prefix[64], root[80], max_q[80];
  long end = root_end_tag(xml, len, "Signatures", prefix);
  if (end < 0)
    return eseal__error_set(ESEAL_EUNSUPPORTED,
                            "Signatures.xml does not end with its root's end tag");
  qualified(root, sizeof root, prefix, "Signatures");
  qualified(max_q, sizeof max_q, prefix, "MaxSignId");
  long body = after_start_tag(xml, (size_t)end, 0, root);
  if (body < 0)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "Signatures.xml: no %s start tag", root);
  eseal__dbuf b = ESEAL__DBUF_INIT;
  int seen = 0;
  copy_with_max_id(&b, xml, 0, (size_t)end, max_q, max_id, &seen);
  append_signature_entry(&b, prefix, id, base_loc);
  eseal__dbuf_append(&b, xml + end, len - (size_t)end);
  if (!seen) {
    /* The schema puts MaxSignId first. */
    eseal__dbuf m = ESEAL__DBUF_INIT;
    eseal__dbuf_appendf(&m, "<%s>", max_q);
    eseal_ofd__append_id(&m, max_id);
    eseal__dbuf_appendf(&m, "</%s>", max_q);
    if (eseal__dbuf_status(&m) == 0)
      eseal__dbuf_insert(&b, (size_t)body, m.ptr, m.len);
    else
      b.failed = 1;
    eseal__dbuf_release(&m);
  }
  return eseal__dbuf_finish(&b, out);
}

int eseal_ofd__ofd_xml_add_signatures(eseal_buf *out, const uint8_t *xml, size_t len,
                                      const char *path) {
  char prefix[64], docbody[80];
  if (root_end_tag(xml, len, "OFD", prefix) < 0)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "OFD.xml does not end with its root's end tag");
  qualified(docbody, sizeof docbody, prefix, "DocBody");
  /* The end tag of the first DocBody: "</qname" then optional space and '>'. */
  size_t qlen = strlen(docbody);
  long at = -1;
  long from = after_start_tag(xml, len, 0, docbody);
  for (size_t i = from < 0 ? len : (size_t)from; i + qlen + 2 < len; i++) {
    if (xml[i] == '<' && xml[i + 1] == '/' && memcmp(xml + i + 2, docbody, qlen) == 0 &&
        !is_name_char(xml[i + 2 + qlen])) {
      at = (long)i;
      break;
    }
  }
  if (at < 0)
    return eseal__error_set(ESEAL_EUNSUPPORTED, "OFD.xml: no %s element to add Signatures to",
                            docbody);
  eseal__dbuf b = ESEAL__DBUF_INIT;
  eseal__dbuf_append(&b, xml, (size_t)at);
  eseal__dbuf_appendf(&b, "<%s%sSignatures>", prefix, *prefix ? ":" : "");
  append_escaped(&b, path);
  eseal__dbuf_appendf(&b, "</%s%sSignatures>", prefix, *prefix ? ":" : "");
  eseal__dbuf_append(&b, xml + at, len - (size_t)at);
  return eseal__dbuf_finish(&b, out);
}
