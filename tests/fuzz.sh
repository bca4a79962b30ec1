#!/bin/bash
# The libFuzzer harnesses of daemon/fuzz/, one per parser of outside input,
# built with clang, AddressSanitizer and UBSan into build/fuzz/.
#
#   tests/fuzz.sh [SECONDS]      SECONDS per harness (default 30; make fuzz: 300)
#
# For each harness, first every saved reproducer in daemon/fuzz/regress/NAME/
# runs once (a crash found and fixed stays fixed: these are its unit tests),
# then it fuzzes for SECONDS from the seed corpus daemon/fuzz/corpus/NAME/.
# FUZZ_GROW=1 (make fuzz) adds what it finds to that corpus, to be
# committed; otherwise the run works on a copy under build/fuzz/.  A crash
# or a broken invariant (or a leak, a timeout) is saved as
# build/fuzz/crashes/NAME-{crash,leak,timeout}-*: it fails the harness, and
# goes into daemon/fuzz/regress/NAME/ with its fix.
# One "PASS: ..." / "FAIL: ..." line per harness and step, with the figures
# (runs, runs per second, corpus size).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/lib/assert.sh"
cd "$top"

seconds=${1:-30}
fz="$top/build/fuzz"
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined"
flags="$flags -fno-sanitize-recover=undefined"
# clang's -Wcast-align also warns where x86 and the kernel's sockaddr
# layouts make the casts safe; gcc, which builds the daemon, checks the rest
flags="$flags -Wno-cast-align"
harnesses="target query authorization settings_file config set_cgi ddns_reply image"

command -v clang >/dev/null || { fail "clang is needed (tests/board/setup.sh)"; finish; }
mkdir -p "$fz/crashes" "$fz/work"
if make -C lib BUILD="$fz" CC=clang CFLAGS="$flags" objs >"$fz/build.log" 2>&1 &&
	make -C daemon BUILD="$fz" CC=clang CFLAGS="$flags" \
		LDFLAGS="-fsanitize=address,undefined" fuzzers >>"$fz/build.log" 2>&1; then
	pass "the harnesses build with clang -fsanitize=fuzzer,address,undefined"
else
	tail -n 20 "$fz/build.log" | sed 's/^/    /'
	fail "the harnesses build with clang -fsanitize=fuzzer,address,undefined"
	finish
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# fuzz_one NAME: its reproducers, then SECONDS of fuzzing; the PASS/FAIL
# lines on stdout.
fuzz_one() {
	local h=$1 bin regress log rlog corpus before after rc runs rate saved
	bin="$fz/bin/fuzz-$h"
	regress="daemon/fuzz/regress/$h"
	log="$fz/work/$h.log"
	rlog="$fz/work/$h-regress.log"
	mapfile -t saved < <(find "$regress" -type f ! -name '.*' 2>/dev/null | sort)
	if [ ${#saved[@]} -gt 0 ]; then
		if "$bin" "${saved[@]}" >"$rlog" 2>&1; then
			pass "$h: the ${#saved[@]} saved reproducers pass"
		else
			grep -m1 -E 'ERROR|invariant failed|runtime error' "$rlog" | sed 's/^/    /'
			fail "$h: a saved reproducer fails again (see $rlog)"
		fi
	fi
	if [ "${FUZZ_GROW:-0}" = 1 ]; then
		corpus="daemon/fuzz/corpus/$h"
	else
		corpus="$fz/work/corpus-$h"
		rm -rf "$corpus"
		cp -r "daemon/fuzz/corpus/$h" "$corpus"
	fi
	before=$(find "$corpus" -type f | wc -l)
	# inputs up to past the query limits (8192 bytes, 160 pairs)
	"$bin" -max_total_time="$seconds" -max_len=9000 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$fz/crashes/$h-" -print_final_stats=1 "$corpus" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log")
	rate=$(sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
	after=$(find "$corpus" -type f | wc -l)
	if [ $rc -eq 0 ] && [ -n "$runs" ]; then
		pass "$h: ${runs} runs in ${seconds} s (${rate:-?}/s), corpus ${before} -> ${after}, no crash"
	else
		grep -m3 -E 'ERROR|invariant failed|runtime error|Test unit written' "$log" |
			sed 's/^/    /'
		fail "$h: a crash or a broken invariant (exit $rc): reproducer in $fz/crashes/, log $log"
	fi
}

# Two harnesses at a time, one a core, each its full SECONDS; their lines
# are printed in harness order once all are done.
running=0
for h in $harnesses; do
	if [ $running -ge 2 ]; then
		wait -n
		running=$((running - 1))
	fi
	fuzz_one "$h" >"$fz/work/$h.result" 2>&1 &
	running=$((running + 1))
done
wait
for h in $harnesses; do
	cat "$fz/work/$h.result"
	grep -q '^FAIL: ' "$fz/work/$h.result" && _failed=1
done
finish
