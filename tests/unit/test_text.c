/* test_text.c — the search fold (text_fold): one function makes both the
 * stored search text and the query comparable, so every spelling a reader
 * may type of the same word folds to the same string. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/* Asserts that fold(a) is exactly want. */
static void
fold_is(const char *a, const char *want)
{
	char *got = text_fold(a);
	if (strcmp(got, want) != 0)
		fail_msg("fold(\"%s\") is \"%s\", expected \"%s\"", a, got, want);
	free(got);
}

/* Asserts that a and b fold to the same string, or (same == false) not. */
static void
fold_same(const char *a, const char *b, bool same)
{
	char *fa = text_fold(a), *fb = text_fold(b);
	if ((strcmp(fa, fb) == 0) != same)
		fail_msg("fold(\"%s\") = \"%s\" and fold(\"%s\") = \"%s\" should %s",
		    a, fa, b, fb, same ? "be equal" : "differ");
	free(fa);
	free(fb);
}

static void
latin_and_norwegian_letters(void **state)
{
	(void)state;
	fold_is("Økonomisk VOLD", "økonomisk vold");
	fold_is("ÆØÅ æøå", "æøå æøå");
	/* æ, ø and å are letters of their own in Norwegian, not a, o, ae. */
	fold_same("å", "a", false);
	fold_same("ø", "o", false);
	fold_same("æ", "ae", false);
	fold_same("Ø", "O", false);
	/* So are the Northern Sami letters: á, č, š, ž keep their marks. */
	fold_is("SÁMI ČÁHCI ŠADDU ŽURGAT", "sámi čáhci šaddu žurgat");
	fold_same("á", "a", false);
	fold_same("č", "c", false);
	/* Full case folding, not just lower case. */
	fold_same("Straße", "STRASSE", true);
}

static void
nfc_and_nfd_are_one_word(void **state)
{
	(void)state;
	/* "Årlig" precomposed (U+00C5) and decomposed (A + U+030A). */
	fold_same("\xc3\x85rlig", "A\xcc\x8arlig", true);
	fold_is("A\xcc\x8arlig", "\xc3\xa5rlig");
	fold_is("gjennomga\xcc\x8a", "gjennomg\xc3\xa5");
	/* Compatibility forms from PDF text: the fi ligature, full-width
	 * letters. */
	fold_is("\xef\xac\x81nans", "finans");
	fold_is("\xef\xbc\xb6\xef\xbd\x8f\xef\xbd\x8c\xef\xbd\x84", "vold");
	/* A soft hyphen is invisible; it must not split a word. */
	fold_is("vold\xc2\xadsutsatt", "voldsutsatt");
}

static void
accents_on_e_and_o_are_optional(void **state)
{
	(void)state;
	/* Norwegian writes idé/ide, kafé/kafe, fôr/for: both find each other. */
	fold_same("idé", "ide", true);
	fold_same("IDÉ", "ide", true);
	fold_same("kafè", "kafe", true);
	fold_same("fôr", "for", true);
	fold_same("e\xcc\x81n", "en", true);   /* NFD é */
}

static void
greek_and_cyrillic_fold(void **state)
{
	(void)state;
	fold_is("ΒΊΑ", "βία");
	/* Final sigma and capital sigma are one letter. */
	fold_same("σοφός", "ΣΟΦΌΣ", true);
	fold_is("НАСИЛИЕ", "насилие");
	fold_same("Насильство", "НАСИЛЬСТВО", true);
}

static void
white_space_becomes_one_kind(void **state)
{
	(void)state;
	fold_is("nære\xc2\xa0relasjoner", "nære relasjoner");          /* U+00A0 */
	fold_is("a\xe2\x80\xaf" "b", "a b");                          /* U+202F */
	fold_is("a\xe2\x80\x87" "b", "a b");                          /* U+2007 */
	fold_is("a\xe3\x80\x80" "b", "a b");                          /* U+3000 */
	fold_is("a\tb\nc\rd", "a b c d");
	fold_is("a\xe2\x80\xa8" "b", "a b");                          /* U+2028 */
	fold_is("", "");
}

static void
words_split_on_every_white_space(void **state)
{
	(void)state;
	char *f = text_fold("  Vold\xc2\xa0i\tnære\xe2\x80\xaf relasjoner ");
	char **w = NULL;
	size_t n = text_words(f, &w);
	assert_int_equal(n, 4);
	assert_string_equal(w[0], "vold");
	assert_string_equal(w[1], "i");
	assert_string_equal(w[2], "nære");
	assert_string_equal(w[3], "relasjoner");
	free(w);
	free(f);

	/* No word limit: 30 words are 30 words. */
	char q[200] = "";
	for (int i = 0; i < 30; i++)
		strcat(q, "ord ");
	f = text_fold(q);
	n = text_words(f, &w);
	assert_int_equal(n, 30);
	free(w);
	free(f);

	f = text_fold(" \xc2\xa0 ");
	n = text_words(f, &w);
	assert_int_equal(n, 0);
	free(w);
	free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(latin_and_norwegian_letters),
		cmocka_unit_test(nfc_and_nfd_are_one_word),
		cmocka_unit_test(accents_on_e_and_o_are_optional),
		cmocka_unit_test(greek_and_cyrillic_fold),
		cmocka_unit_test(white_space_becomes_one_kind),
		cmocka_unit_test(words_split_on_every_white_space),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
