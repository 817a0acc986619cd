/* static_files.h — files compiled into the binary (see
 * scripts/embed-static.sh); the table ends with a NULL path. */
#ifndef TILTAK_STATIC_FILES_H
#define TILTAK_STATIC_FILES_H
#include <stddef.h>

struct static_file {
	const char          *path;          /* "/static/style.css" */
	const char          *content_type;
	const unsigned char *data;
	size_t               len;
};

extern const struct static_file static_files[];

#endif
