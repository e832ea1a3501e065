/*
 * Which files of an OFD package a reader renders: each document's
 * Document.xml, its pages and templates, the annotation list and annotation
 * files, the resource files (PublicRes, DocumentRes, PageRes) and the fonts,
 * images and media they name. Found by following the documents' own
 * references (GB/T 33190 ch. 7-8, 15, 16); a file no reference reaches is not
 * rendered. Pages are scanned only up to their Content, where PageRes ends.
 */
#ifndef ESEAL_OFD_RENDERED_H
#define ESEAL_OFD_RENDERED_H

#include <stdint.h>

#include "package.h"

/*
 * Sets rendered[i] to 1 for each rendered entry i (the caller zeroes the
 * entry_count bytes). 0, or the error of a structure file that could not be
 * read (ESEAL_EFORMAT, ESEAL_ELIMIT, ESEAL_ENOMEM; the message says which).
 */
int eseal__ofd_rendered(const eseal__ofd_pkg *pkg, const eseal__ofd_doc *doc, uint8_t *rendered);

#endif
