#!/bin/bash
# make lint: the kernel's own checkers on the module and the UAPI header,
# and a static analyser on user space.
#  - checkpatch.pl --strict (from Debian's linux-source-6.1) on every
#    tracked kernel source: 0 errors, 0 warnings, 0 checks;
#  - sparse (C=2) and W=1 over the whole module: no diagnostics;
#  - cppcheck on lib/ and daemon/ (sources and fuzz harnesses) with
#    tests/cppcheck.cfg: no findings.
# (The sanitizer run of the unit tests is tests/sanitizers.sh.)
# Exceptions, each justified:
#  - BIT_MACRO in the UAPI header: BIT() is kernel-internal, a header user
#    space includes must spell (1U << n).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
. "$here/lib/assert.sh"
cd "$top"

src=/usr/src/linux-source-6.1.tar.xz
cp_dir="$top/build/checkpatch"
if [ ! -f "$cp_dir/scripts/checkpatch.pl" ]; then
	mkdir -p "$cp_dir"
	tar -xJf "$src" -C "$cp_dir" --strip-components=1 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch'
fi
cp="perl $cp_dir/scripts/checkpatch.pl --no-tree --strict --terse --show-types"

mapfile -t files < <(git ls-files 'kmod/*.c' 'kmod/*.h' | grep -v '^kmod/include/uapi/')
out=$($cp -f "${files[@]}" 2>&1)
echo "$out" | grep -v '^total: 0 errors, 0 warnings, 0 checks' | sed 's/^/    /'
check "checkpatch --strict: module sources clean" test -z "$(grep '^kmod/' <<<"$out")"
out=$($cp --ignore BIT_MACRO -f kmod/include/uapi/linux/ipcam-ptz.h kmod/include/uapi/linux/ipcam-video.h 2>&1)
echo "$out" | grep -v '^total: 0 errors, 0 warnings, 0 checks' | sed 's/^/    /'
check "checkpatch --strict: UAPI header clean" test -z "$(grep '^kmod/' <<<"$out")"

kdir=/lib/modules/$(tests/board/kver.sh)/build
log=$(mktemp)
make -C "$kdir" M="$top/kmod" clean >/dev/null 2>&1
make -C "$kdir" M="$top/kmod" C=2 W=1 CF="-D__CHECK_ENDIAN__" modules >"$log" 2>&1
rc=$?
grep -E 'warning|error' "$log" | sed 's/^/    /'
check "sparse C=2 and W=1 build" test $rc -eq 0
check "sparse and W=1: no diagnostics" bash -c "! grep -qE 'warning|error' $log"
rm -f "$log"

mapfile -t opts < <(grep -v '^[[:space:]]*\(#\|$\)' tests/cppcheck.cfg)
out=$(cppcheck --quiet --error-exitcode=1 "${opts[@]}" lib/src daemon/src daemon/fuzz 2>&1)
rc=$?
echo "$out" | sed 's/^/    /'
check "cppcheck (tests/cppcheck.cfg): no findings" test $rc -eq 0 -a -z "$out"
finish
