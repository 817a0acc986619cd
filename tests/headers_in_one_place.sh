#!/bin/sh
# headers_in_one_place.sh — response headers are set in one place: only
# src/http/reply.c (and src/http/rendition.c, for a page's ETag, Vary and
# Content-Encoding) may call MHD_add_response_header, and only reply.c
# may name Location or Set-Cookie (reply_redirect, reply_session_cookie),
# so no other file can send a visitor elsewhere or set a
# cookie without the checks there. Prints TAP.
set -u
cd "$(dirname "$0")/.."
status=0
adders=$(grep -rln 'MHD_add_response_header\|MHD_set_response_options' src |
	grep -v '^src/http/reply\.c$' | grep -v '^src/http/rendition\.c$')
if [ -z "$adders" ]; then
	echo "ok 1 - only reply.c and rendition.c add response headers"
else
	echo "not ok 1 - response headers added outside reply.c and rendition.c:" $adders
	status=1
fi
setters=$(grep -rlni 'MHD_HTTP_HEADER_LOCATION\|"Location"\|MHD_HTTP_HEADER_SET_COOKIE\|"Set-Cookie"' src |
	grep -v '^src/http/reply\.c$')
if [ -z "$setters" ]; then
	echo "ok 2 - only reply.c names Location and Set-Cookie"
else
	echo "not ok 2 - Location or Set-Cookie named outside reply.c:" $setters
	status=1
fi
echo "1..2"
exit $status
