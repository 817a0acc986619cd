/* markdown.h — renders the Markdown of plan chapters and descriptions.
 * libcmark parses; every node is written through the HTML writer, so raw
 * HTML in a plan shows as text, link targets are limited to safe schemes,
 * and images become their alternative text (no request leaves the page). */
#ifndef TILTAK_MARKDOWN_H
#define TILTAK_MARKDOWN_H

struct html;

/* Writes md as HTML. Headings are given at least level min_heading
 * (2..6), so a chapter's own sub-headings nest under its title. */
void markdown_render(struct html *, const char *md, int min_heading);

#endif
