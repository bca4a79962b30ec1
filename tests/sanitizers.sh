#!/bin/bash
# The user-space unit tests (lib/, daemon/) built again with
# AddressSanitizer (LeakSanitizer included) and UndefinedBehaviorSanitizer
# into build/san/, and run: any report fails the test it happens in.
# Prints the tests' Check summaries, counted by tests/run-all.sh.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/lib/assert.sh"
cd "$top"

san="$top/build/san"
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
log="$san/build.log"
mkdir -p "$san"
if make -C lib BUILD="$san" CFLAGS="$flags" LDFLAGS="-fsanitize=address,undefined" tests >"$log" 2>&1 &&
	make -C daemon BUILD="$san" CFLAGS="$flags" LDFLAGS="-fsanitize=address,undefined" tests >>"$log" 2>&1; then
	pass "unit tests build with -fsanitize=address,undefined"
else
	tail -n 20 "$log" | sed 's/^/    /'
	fail "unit tests build with -fsanitize=address,undefined"
	finish
fi

# abort_on_error: a report ends the test (Check counts it as an error);
# leaks are checked at each process exit, the forked test runs included.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "$san"/tests/unit/*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	out=$(CK_VERBOSITY=normal "$t" 2>&1)
	rc=$?
	echo "$out" | grep -E '^[0-9]+%: Checks' | sed "s/\$/ ($name)/"
	# which check failed, and where (the summary alone does not say)
	echo "$out" | grep -E ':[FE]:' | sed 's/^/    /'
	if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' <<<"$out"; then
		echo "$out" | grep -E -A12 'ERROR: (Address|Leak)Sanitizer|runtime error:' | head -n 40 | sed 's/^/    /'
		fail "$name: a sanitizer report"
	elif [ $rc -ne 0 ] && ! grep -qE 'Failures: [1-9]|Errors: [1-9]' <<<"$out"; then
		echo "$out" | tail -n 10 | sed 's/^/    /'
		fail "$name: exit status $rc"
	fi
done

# ipcamd itself under the sanitizers, against the hostile clients (the
# quick classes), the daemon-level fuzzer, the notification servers and
# the upgrades;
# each daemon must exit cleanly with no report at exit, LeakSanitizer's
# leak check included
python3 daemon/tests/hostile.py --ipcamd "$san/daemon/ipcamd" --no-rss leak interleave flood fifo creds \
	viewers utf8 | grep -E '^(PASS|FAIL): ' | sed 's/^\(PASS\|FAIL\): /&ipcamd (sanitizers): /'
[ "${PIPESTATUS[0]}" -eq 0 ] || _failed=1
python3 daemon/tests/wire_fuzz.py --ipcamd "$san/daemon/ipcamd" | grep -E '^(PASS|FAIL): ' |
	sed 's/^\(PASS\|FAIL\): /&ipcamd (sanitizers): /'
[ "${PIPESTATUS[0]}" -eq 0 ] || _failed=1
# and the notifications against the mail and FTP servers (libcurl's MIME,
# the channels' queues, a test CGI answered from another thread)
/usr/bin/python3 daemon/tests/notify.py --ipcamd "$san/daemon/ipcamd" | grep -E '^(PASS|FAIL): ' |
	sed 's/^\(PASS\|FAIL\): /&ipcamd (sanitizers): /'
[ "${PIPESTATUS[0]}" -eq 0 ] || _failed=1
# and the upgrades: the bad images, the install thread, two upgrades and a
# rollback (each daemon's report goes to the one log the suite reads)
python3 daemon/tests/upgrade.py --quick --ipcamd "$san/daemon/ipcamd" | grep -E '^(PASS|FAIL): ' |
	sed 's/^\(PASS\|FAIL\): /&ipcamd (sanitizers): /'
[ "${PIPESTATUS[0]}" -eq 0 ] || _failed=1
finish
