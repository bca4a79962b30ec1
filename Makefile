# ipcam: pan/tilt IP camera stack.  See README.md.
#
#   make            build the kernel module, the library and the daemon
#   make run        boot the QEMU camera board and serve the CGI interface
#   make check      every test: unit tests, then the board suites
#   make fuzz       the parsers' fuzzers, FUZZ_SECONDS (300) each
#   make soak       an hour of load on the board (SOAK_SECONDS), plotted
#   make bench      streaming benchmark against uStreamer (BENCH_SHORT=1: a minute)
#   make image KEY=minisign.key   signed firmware and web UI upgrade images
#   make clean      remove everything the build made
#
# KDIR: build tree of the kernel the module is for.  Default: Debian's 6.1
# kernel that the test board boots (never the build machine's own kernel).
KVER ?= $(shell tests/board/kver.sh)
KDIR ?= /lib/modules/$(KVER)/build
PORT ?= 8080

# Installation (make install DESTDIR=... PREFIX=...).
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
SYSCONFDIR ?= /etc
DOCDIR ?= $(PREFIX)/share/doc/ipcam
UDEVDIR ?= /lib/udev
SYSTEMDDIR ?= /lib/systemd/system
SYSUSERSDIR ?= /usr/lib/sysusers.d
MODDIR ?= /lib/modules/$(KVER)/extra

export KVER KDIR

# User-space parts: each directory's Makefile has all, tests (Check unit
# test programs into build/tests/unit/), install and clean.
USERDIRS := $(wildcard lib daemon)

all: kmod $(USERDIRS)

kmod:
	$(MAKE) -C kmod KDIR=$(KDIR)

lib:
	$(MAKE) -C lib

daemon: lib
	$(MAKE) -C daemon

tests: all
	for d in $(USERDIRS); do $(MAKE) -C $$d tests || exit 1; done
	$(MAKE) -C tests

# checkpatch --strict, sparse and W=1 on the module, cppcheck on user
# space, and the unit tests under AddressSanitizer and UBSan.
lint: setup
	tests/lint.sh
	tests/sanitizers.sh

# Install the Debian packages the build and the tests need (idempotent);
# setup-run only those that make run needs.
setup:
	@tests/board/setup.sh all

setup-run:
	@tests/board/setup.sh run

check: setup
	$(MAKE) tests
	tests/run-all.sh all

# Each libFuzzer harness of daemon/fuzz/ for FUZZ_SECONDS, what it finds
# added to the seed corpus (make check runs each for 15 s on a copy).
FUZZ_SECONDS ?= 300
fuzz: setup
	FUZZ_GROW=1 tests/fuzz.sh $(FUZZ_SECONDS)

# The soak for SOAK_SECONDS (make check runs 100 s of it), its plot in
# build/soak/soak.png, and 100 kill -9 rounds of the end-to-end test.
SOAK_SECONDS ?= 3600
soak: setup
	$(MAKE) tests
	SOAK_SECONDS=$(SOAK_SECONDS) tests/run-all.sh soak

# The streaming benchmark (tests/bench/run.sh): ipcamd against uStreamer on
# the board, ipcamd natively, CGI latency under load; the table also in
# build/bench/results.txt.  BENCH_SHORT=1: one size, 1 and 10 viewers.
bench: setup
	$(MAKE) tests
	tests/bench/run.sh $(if $(filter 1,$(BENCH_SHORT)),short)

# Signed upgrade images of this tree into build/image/ (README, "Upgrades").
image: daemon
	$(MAKE) -C daemon image KEY=$(abspath $(KEY))

run: setup-run
	$(MAKE) all
	tests/board/board.sh serve $(PORT)

# The module goes to MODDIR (run depmod on the target, or use DKMS: see
# README); the test-only modules of kmod/test are never installed.
install: all
	$(MAKE) -C lib install PREFIX=$(PREFIX)
	$(MAKE) -C daemon install PREFIX=$(PREFIX) SBINDIR=$(SBINDIR) SYSCONFDIR=$(SYSCONFDIR)
	install -D -m 0644 kmod/ipcam.ko $(DESTDIR)$(MODDIR)/ipcam.ko
	install -D -m 0644 udev/70-ipcam.rules $(DESTDIR)$(UDEVDIR)/rules.d/70-ipcam.rules
	install -d $(DESTDIR)$(SYSTEMDDIR)
	for u in ipcamd@.service ipcamd-apply@.service ipcamd-pppoe.service; do \
		sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
			-e 's|@DOCDIR@|$(DOCDIR)|g' udev/$$u.in >$(DESTDIR)$(SYSTEMDDIR)/$$u || exit 1; \
	done
	install -m 0644 udev/ipcamd-apply.socket $(DESTDIR)$(SYSTEMDDIR)/
	install -D -m 0644 udev/ipcam.sysusers $(DESTDIR)$(SYSUSERSDIR)/ipcam.conf
	install -D -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -D -m 0644 kmod/Documentation/ABI/testing/sysfs-class-misc-ipcam-ptz \
		$(DESTDIR)$(DOCDIR)/ABI/sysfs-class-misc-ipcam-ptz

clean:
	-[ -d $(KDIR) ] && $(MAKE) -C kmod KDIR=$(KDIR) clean
	for d in $(USERDIRS); do $(MAKE) -C $$d clean; done
	rm -rf build

.PHONY: all kmod lib daemon tests setup setup-run check run install lint clean fuzz soak bench image
