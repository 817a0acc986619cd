/* card_pdf.c — the action card as one A4 page of PDF, made by the
 * server with cairo (the PDF) and pango (line breaking, fonts, any
 * script). Text is laid out as plain text with attributes, never as
 * pango markup, so nothing in a card can be read as markup and no
 * escaping is needed. The layout is measured first at CARD_PDF_FONT_PT
 * and the font made smaller, half a point at a time, until the card
 * fits one page; at CARD_PDF_FONT_MIN_PT it must fit, or card_pdf says
 * so (it never cuts text). */
#include "views/card_pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "domain/help.h"
#include "limits.h"
#include "util/buf.h"
#include "views/i18n.h"

#define PAGE_W  595.0    /* A4 in points */
#define PAGE_H  842.0
#define MARGIN  36.0     /* half an inch */
#define FONT    "DejaVu Sans"

struct flow {
	cairo_t *cr;       /* NULL: measure only */
	PangoLayout *layout;
	double  pt;        /* the body text's size */
	double  y;         /* the next line's top */
};

/* One paragraph: text at size × pt, bold label[0..label_len) first (0:
 * none), the whole in bold when bold; indent from the margin, and the
 * lines after the first hang by hang points more (a bullet's). Advances
 * y by its height and after (in pt). */
static void
para_hang(struct flow *f, const char *text, size_t label_len, double size, bool bold,
    bool italic, double indent, double hang, double after)
{
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	pango_font_description_set_size(fd, (gint)(size * f->pt * PANGO_SCALE));
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	pango_layout_set_font_description(f->layout, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(f->layout,
	    (int)((PAGE_W - 2 * MARGIN - indent - hang) * PANGO_SCALE));
	pango_layout_set_indent(f->layout, (int)(-hang * PANGO_SCALE));
	pango_layout_set_wrap(f->layout, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(f->layout, text, -1);
	PangoAttrList *attrs = pango_attr_list_new();
	if (label_len > 0) {
		PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
		a->start_index = 0;
		a->end_index = (guint)label_len;
		pango_attr_list_insert(attrs, a);
	}
	pango_layout_set_attributes(f->layout, attrs);
	pango_attr_list_unref(attrs);
	int w, h;
	pango_layout_get_size(f->layout, &w, &h);
	if (f->cr) {
		cairo_move_to(f->cr, MARGIN + indent + hang, f->y);
		pango_cairo_show_layout(f->cr, f->layout);
	}
	f->y += (double)h / PANGO_SCALE + after * f->pt;
}

static void
para(struct flow *f, const char *text, size_t label_len, double size, bool bold,
    bool italic, double indent, double after)
{
	para_hang(f, text, label_len, size, bold, italic, indent, 0, after);
}

/* "Label: text" with the label in bold. */
static void
labelled(struct flow *f, const char *label, const char *text, double indent)
{
	struct buf b = {0};
	buf_printf(&b, "%s: ", label);
	size_t n = b.len;
	buf_puts(&b, text);
	para(f, b.data, n, 1.0, false, false, indent, 0.15);
	buf_free(&b);
}

/* Lays the whole card out from the top; returns the height used. */
static double
lay_out(struct flow *f, const struct card_view *v, const char *lang)
{
	const struct card *c = v->card;
	f->y = MARGIN;
	para(f, card_text_pick(&c->title, lang), 0, 1.6, true, false, 0, 0.3);
	if (v->organisation_name)
		para(f, v->organisation_name, 0, 1.0, false, false, 0, 0.4);
	if (c->is_template) {
		double top = f->y;
		para(f, _("TEMPLATE: this card is shipped with tiltak and has not been "
		    "reviewed by the municipality. Check every step before using it."), 0, 1.0,
		    true, false, 6, 0);
		if (f->cr) {
			cairo_set_line_width(f->cr, 1.5);
			cairo_rectangle(f->cr, MARGIN, top - 3, PAGE_W - 2 * MARGIN, f->y - top + 6);
			cairo_stroke(f->cr);
		}
		f->y += 0.8 * f->pt;
	}
	const char *intro = card_text_pick(&c->intro, lang);
	if (intro)
		para(f, intro, 0, 1.0, false, false, 0, 0.5);
	for (size_t i = 0; i < c->nsteps; i++) {
		const struct card_step *s = &c->steps[i];
		char head[PLAN_TITLE_MAX + 16];
		snprintf(head, sizeof(head), "%zu. %s", i + 1, card_text_pick(&s->heading, lang));
		para(f, head, 0, 1.15, true, false, 0, 0.15);
		/* What to do: one point a line. */
		const char *a = card_text_pick(&s->action, lang);
		while (a && *a) {
			const char *nl = strchr(a, '\n');
			size_t n = nl ? (size_t)(nl - a) : strlen(a);
			if (n > 0) {
				struct buf b = {0};
				buf_puts(&b, "\u2022 ");
				buf_put(&b, a, n);
				para_hang(f, b.data, 0, 1.0, false, false, 8, 0.75 * f->pt, 0.1);
				buf_free(&b);
			}
			a = nl ? nl + 1 : NULL;
		}
		const char *duty = card_text_pick(&s->duty, lang);
		if (duty)
			labelled(f, _("Your duty"), duty, 8);
		const char *ref = card_text_pick(&s->reference, lang);
		if (ref)
			para(f, ref, 0, 0.9, false, true, 8, 0.15);
		if (v->nunits[i] > 0) {
			struct buf b = {0};
			for (size_t u = 0; u < v->nunits[i]; u++) {
				const struct card_link *l = &v->units[i][u];
				char ph[HELP_PHONE_SHOWN_MAX] = "";
				if (l->phone)
					help_phone_format(l->phone, ph, sizeof(ph));
				buf_printf(&b, "%s%s%s%s", u ? ", " : "", card_text_pick(&l->name, lang),
				    *ph ? " " : "", ph);
			}
			labelled(f, _("Responsible"), b.data, 8);
			buf_free(&b);
		}
		if (v->nservices[i] > 0) {
			struct buf b = {0};
			for (size_t u = 0; u < v->nservices[i]; u++) {
				const struct card_link *l = &v->services[i][u];
				char ph[HELP_PHONE_SHOWN_MAX] = "";
				if (l->phone)
					help_phone_format(l->phone, ph, sizeof(ph));
				buf_printf(&b, "%s%s%s%s", u ? "; " : "", card_text_pick(&l->name, lang),
				    *ph ? " " : "", ph);
			}
			labelled(f, _("Contact"), b.data, 8);
			buf_free(&b);
		}
		f->y += 0.4 * f->pt;
	}
	/* Where the card lives, and which revision this is. */
	char foot[600];
	snprintf(foot, sizeof(foot), _("Action card of %s, revision %d, %s. The card "
	    "on the web: /tiltakskort/%s"), v->organisation_name ? v->organisation_name :
	    c->organisation, v->revision, v->updated_at ? v->updated_at : "",
	    c->organisation);
	para(f, foot, 0, 0.8, false, false, 0, 0);
	return f->y;
}

/* cairo's PDF bytes into a buffer. */
static cairo_status_t
to_buf(void *closure, const unsigned char *data, unsigned int length)
{
	buf_put(closure, data, length);
	return CAIRO_STATUS_SUCCESS;
}

char *
card_pdf(const struct card_view *v, size_t *len, double *pt, char *err, size_t errsz)
{
	const char *lang = i18n_lang();
	struct buf out = {0};
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(to_buf, &out,
	    PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	    card_text_pick(&v->card->title, lang));
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "tiltak");
	cairo_t *cr = cairo_create(surface);
	PangoLayout *layout = pango_cairo_create_layout(cr);
	struct flow f = {.cr = NULL, .layout = layout, .pt = CARD_PDF_FONT_PT};
	double height = lay_out(&f, v, lang);
	while (height > PAGE_H - MARGIN && f.pt - 0.5 >= CARD_PDF_FONT_MIN_PT) {
		f.pt -= 0.5;
		height = lay_out(&f, v, lang);
	}
	char *result = NULL;
	if (height > PAGE_H - MARGIN) {
		snprintf(err, errsz, "the action card of %s does not fit one A4 page even at "
		    "%.1f pt: it needs %.0f of the page's %.0f points; shorten its text",
		    v->card->organisation, f.pt, height, PAGE_H - MARGIN);
	} else {
		f.cr = cr;
		cairo_set_source_rgb(cr, 0, 0, 0);
		lay_out(&f, v, lang);
		cairo_show_page(cr);
	}
	g_object_unref(layout);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_status_t cs = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (height <= PAGE_H - MARGIN) {
		if (cs != CAIRO_STATUS_SUCCESS) {
			snprintf(err, errsz, "cairo could not write the PDF: %s",
			    cairo_status_to_string(cs));
		} else {
			result = buf_take(&out, len);
			if (pt)
				*pt = f.pt;
		}
	}
	buf_free(&out);
	return result;
}
