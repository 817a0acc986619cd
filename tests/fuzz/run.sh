#!/bin/sh
# Runs each libFuzzer target (plan and services-file validators, URL decoder and route
# matcher, Markdown, search fold, content negotiation) for a bounded time
# on its seed corpus (copied to build/fuzz so the committed seeds stay
# small). A crash leaves its input in build/fuzz/artifacts/ and makes
# this script fail: turn it into a regression test (tests/unit) before
# fixing it.
#
#   tests/fuzz/run.sh SECONDS TARGET...
set -eu
seconds=$1
shift
mkdir -p build/fuzz/artifacts
status=0
for t in "$@"; do
	name=${t##*/fuzz_}
	corpus=build/fuzz/corpus-$name
	mkdir -p "$corpus"
	cp -n tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null || true
	dict=""
	[ -f tests/fuzz/"$name".dict ] && dict="-dict=tests/fuzz/$name.dict"
	echo "fuzz: $name for ${seconds}s"
	if ! "$t" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=build/fuzz/artifacts/"$name"- $dict "$corpus" \
	    >build/fuzz/"$name".log 2>&1; then
		echo "fuzz: $name FOUND A PROBLEM, see build/fuzz/$name.log and build/fuzz/artifacts/"
		tail -30 build/fuzz/"$name".log
		status=1
	else
		grep -E 'stat::number_of_executed_units|cov:' build/fuzz/"$name".log | tail -2
	fi
done
exit $status
