/* markdown.c — CommonMark to HTML through the escaping writer. */
#include "views/markdown.h"

#include <cmark.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "views/html.h"

/* Only these link targets become links; anything else (javascript:,
 * data:, protocol-relative //host) is shown as plain text. */
static bool
safe_url(const char *u)
{
	if (u == NULL)
		return false;
	/* Browsers treat '\\' like '/' and drop tabs and newlines, so "/\\x"
	 * or "/<tab>/x" would become "//x": refuse them all. */
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= 0x20 || *p == '\\' || *p == 0x7f)
			return false;
	if (u[0] == '/' && u[1] != '/')
		return true;
	if (u[0] == '#')
		return true;
	static const char *const schemes[] = {"https://", "http://", "mailto:", "tel:"};
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncmp(u, schemes[i], strlen(schemes[i])) == 0)
			return true;
	return false;
}

static const char *const heading_tags[] = {"h1", "h2", "h3", "h4", "h5", "h6"};

/* True if a paragraph is inside a tight list item, where CommonMark
 * renders it without <p>. */
static bool
tight_paragraph(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n);
	if (item == NULL || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return false;
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list);
}

void
markdown_render(struct html *h, const char *md, int min_heading)
{
	if (md == NULL)
		return;
	if (min_heading < 2)
		min_heading = 2;
	if (min_heading > 6)
		min_heading = 6;
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int in_image = 0; /* depth: images can nest in alternative text */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		bool enter = ev == CMARK_EVENT_ENTER;
		const char *lit = cmark_node_get_literal(n);
		if (in_image && cmark_node_get_type(n) != CMARK_NODE_IMAGE) {
			if (enter && lit)
				html_text(h, lit); /* alternative text */
			continue;
		}
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_DOCUMENT:
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			if (enter) html_open(h, "blockquote", NULL); else html_close(h, "blockquote");
			break;
		case CMARK_NODE_LIST: {
			bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
			if (enter) {
				char start[16];
				int s = cmark_node_get_list_start(n);
				snprintf(start, sizeof(start), "%d", s);
				if (ordered)
					html_open(h, "ol", "start", s != 1 ? start : NULL, NULL);
				else
					html_open(h, "ul", NULL);
			} else {
				html_close(h, ordered ? "ol" : "ul");
			}
			break;
		}
		case CMARK_NODE_ITEM:
			if (enter) html_open(h, "li", NULL); else html_close(h, "li");
			break;
		case CMARK_NODE_CODE_BLOCK:
			html_open(h, "pre", NULL);
			html_elem(h, "code", lit, NULL);
			html_close(h, "pre");
			break;
		case CMARK_NODE_HTML_BLOCK:
			html_elem(h, "p", lit, NULL);
			break;
		case CMARK_NODE_PARAGRAPH:
			if (tight_paragraph(n))
				break;
			if (enter) html_open(h, "p", NULL); else html_close(h, "p");
			break;
		case CMARK_NODE_HEADING: {
			int level = cmark_node_get_heading_level(n);
			if (level < min_heading)
				level = min_heading;
			if (level > 6)
				level = 6;
			if (enter) html_open(h, heading_tags[level - 1], NULL);
			else html_close(h, heading_tags[level - 1]);
			break;
		}
		case CMARK_NODE_THEMATIC_BREAK:
			html_void(h, "hr", NULL);
			break;
		case CMARK_NODE_TEXT:
		case CMARK_NODE_HTML_INLINE:
			html_text(h, lit);
			break;
		case CMARK_NODE_CODE:
			html_elem(h, "code", lit, NULL);
			break;
		case CMARK_NODE_SOFTBREAK:
			html_text(h, "\n");
			break;
		case CMARK_NODE_LINEBREAK:
			html_void(h, "br", NULL);
			break;
		case CMARK_NODE_EMPH:
			if (enter) html_open(h, "em", NULL); else html_close(h, "em");
			break;
		case CMARK_NODE_STRONG:
			if (enter) html_open(h, "strong", NULL); else html_close(h, "strong");
			break;
		case CMARK_NODE_LINK: {
			const char *url = cmark_node_get_url(n);
			bool ok = safe_url(url);
			if (enter) {
				/* A link to another site is one the reader may
				 * follow, never a request the page makes; it says
				 * so, and tells that site nothing (noreferrer). A
				 * link to a page of this site stays in the
				 * reader's language. */
				bool away = ok && strncmp(url, "http", 4) == 0;
				if (ok) {
					char *href = away ? NULL : url_local(url);
					html_open(h, "a", "href", away ? url : href, "rel",
					    away ? "external noreferrer" : NULL, NULL);
					free(href);
				}
			} else if (ok) {
				html_close(h, "a");
			}
			break;
		}
		case CMARK_NODE_IMAGE:
			in_image += enter ? 1 : -1;
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}
