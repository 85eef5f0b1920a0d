/* report_html.h - private to the HTML report (report_html.c): the parts
 * of the page that have a file of their own. */
#ifndef RK_REPORT_HTML_H
#define RK_REPORT_HTML_H

#include "report_formats.h"

/* rk_html_sources - the sources of pair `p` side by side in a box that
 * scrolls sideways on a narrow screen: unsafe.c beside safe.c, lines only
 * in one red or green, and each line the variant's run points at marked
 * with one meaning each - class "hit" an access the detector reported,
 * "ctx" where a thread or mutex of the report was created or taken,
 * "stop" the compiler's error or the line a hung run waits on
 * (report_html_source.c). Reads the sources below o->root; a missing one
 * gives a line saying so. */
void rk_html_sources(rk_strbuf *out, const rk_pair *p, const rk_report_opts *o);

#endif
