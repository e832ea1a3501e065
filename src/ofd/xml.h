/*
 * The XML of an OFD package, read with libxml2 under fixed rules: no network,
 * no DTD (a document with a DOCTYPE is refused, so no entity is ever declared,
 * loaded or expanded), at most ESEAL__XML_MAX_DEPTH nested elements and
 * attribute values of at most ESEAL__XML_MAX_ATTR bytes; the caller bounds
 * the input size (ESEAL__OFD_MAX_XML_SIZE).
 *
 * Elements are looked up by local name in the OFD namespace as real files
 * write it: "http://www.ofdspec.org/2016", "http://www.ofdspec.org" (Koal),
 * with or without a trailing slash, or no namespace at all. An element of any
 * other namespace is not an OFD element and is never matched. Attributes are
 * matched unqualified or in the OFD namespace.
 */
#ifndef ESEAL_OFD_XML_H
#define ESEAL_OFD_XML_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "../core/arena.h"

#define ESEAL__XML_MAX_DEPTH 64
#define ESEAL__XML_MAX_ATTR ((size_t)64 << 10)

/*
 * Parses `len` bytes into *out (free with xmlFreeDoc). ESEAL_EFORMAT for
 * malformed XML or a DOCTYPE, ESEAL_ELIMIT for the depth or attribute limit;
 * `what` names the file in the message.
 */
int eseal__xml_parse(xmlDocPtr *out, const uint8_t *data, size_t len, const char *what);

/* The root element when its local name is `name` (OFD namespace), else NULL. */
xmlNodePtr eseal__xml_root(xmlDocPtr doc, const char *name);
/* The first child element of `parent` called `name`, or NULL. */
xmlNodePtr eseal__xml_child(xmlNodePtr parent, const char *name);
/* The next sibling element of `node` with the same local name, or NULL. */
xmlNodePtr eseal__xml_next(xmlNodePtr node);

/*
 * Where an element the readers look up may stand: its local name, its
 * parent's local name (NULL: it is the root), and whether it may repeat
 * among its siblings.
 */
typedef struct eseal__xml_place {
  const char *name;
  const char *parent;
  int repeats;
} eseal__xml_place;

/*
 * Refuses a document in which readers could disagree on what is read
 * (ESEAL_EFORMAT, naming the element and `what`): an element whose local name
 * is in `places`, in whatever namespace, that is not an OFD element standing
 * where its place says (a foreign namespace, nested elsewhere), a second one
 * among its siblings when it may not repeat, or one that carries two
 * attributes of the same local name (`BaseLoc` and `x:BaseLoc`). A lookup
 * that takes the first match then reads what every reader reads.
 */
int eseal__xml_check_places(xmlDocPtr doc, const eseal__xml_place *places, size_t count,
                            const char *what);

/* Attribute `name` copied into `arena`; NULL when absent (or out of memory: *oom set). */
const char *eseal__xml_attr(eseal__arena *arena, xmlNodePtr node, const char *name, int *oom);
/* The text of `node` without leading and trailing white space, copied into `arena`. */
const char *eseal__xml_text(eseal__arena *arena, xmlNodePtr node, int *oom);
/* The text of child `name` of `parent` (NULL when no such child). */
const char *eseal__xml_child_text(eseal__arena *arena, xmlNodePtr parent, const char *name, int *oom);

/*
 * A streaming scan without a tree, for large files of which only the start
 * matters (a page's PageRes come before its Content): fed in pieces, under
 * the same guards as eseal__xml_parse. `on_text` receives the trimmed text
 * of every OFD element named `text_of`; the scan stops at the first OFD
 * element named `stop_at`.
 */
typedef struct eseal__xml_scan eseal__xml_scan;
typedef void (*eseal__xml_text_fn)(void *arg, const char *text);
int eseal__xml_scan_new(eseal__xml_scan **out, const char *text_of, const char *stop_at,
                        eseal__xml_text_fn on_text, void *arg);
/* 0 to go on, 1 when stopped at `stop_at`, or ESEAL_EFORMAT / ESEAL_ELIMIT / ESEAL_ENOMEM. */
int eseal__xml_scan_feed(eseal__xml_scan *scan, const uint8_t *data, size_t len);
/* After the last piece: 0 when the whole input was well-formed (or the scan stopped). */
int eseal__xml_scan_end(eseal__xml_scan *scan, const char *what);
void eseal__xml_scan_free(eseal__xml_scan *scan);

/*
 * Decodes base64 text (white space ignored, padding required when the length
 * is not a multiple of 4) into `arena`. NULL for anything else (or no memory).
 */
uint8_t *eseal__base64_decode(eseal__arena *arena, const char *text, size_t *out_len);

#endif
