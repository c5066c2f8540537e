#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers would pull in the system ICU
   headers, which clash with the ICU copy inside swift-foundation. mktreport never
   touches the encoding handler structs those fields live in. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlsave.h>

/* xmlFree is a global function pointer, which Swift 6 treats as shared mutable state. */
static inline void mkt_xml_free(void *pointer) { xmlFree(pointer); }
