/* fuzz_fold.c — libFuzzer target for the search fold, which every query
 * passes through. For any valid UTF-8 input the folded text must be valid
 * UTF-8, folding it again must change nothing (stored text and query are
 * folded once each, so a second fold that changed them would mean two
 * spellings that should meet do not), and its words must be non-empty and
 * free of the separator. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (memchr(data, 0, size) || !text_utf8_valid((const char *)data, size))
		return 0;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	char *f = text_fold(s);
	if (!text_utf8_valid(f, strlen(f)))
		abort();
	char *again = text_fold(f);
	if (strcmp(again, f) != 0)
		abort();
	char **words;
	size_t n = text_words(again, &words);
	for (size_t i = 0; i < n; i++)
		if (words[i][0] == '\0' || strchr(words[i], ' '))
			abort();
	free(words);
	free(again);
	free(f);
	free(s);
	return 0;
}
