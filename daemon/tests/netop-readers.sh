#!/bin/bash
# ipcamd-apply's files read by the programs they are for.  The unit test
# (daemon-netop) compares every rendered file in full; this checks that the
# real parsers take them and read the values meant:
#  - wpa_supplicant: started with -dd -K on an interface that does not
#    exist, it parses the configuration, prints what it read (SSID, keys,
#    key management...), then fails to open the driver;
#  - pppd: "pppd file PEER dryrun" parses the peer.  Without kernel PPPoE
#    (no /dev/ppp: containers, this host) the plugin stops pppd at load, so
#    the rest of the peer is parsed with a pty as the device instead, and
#    pppd's own exit status says whether it got past option parsing (4: no
#    kernel support, found after the options; 2: an option error);
#  - systemd-networkd has no offline parser: not checked here.
# Requests go through "ipcamd-apply --serve" with a file as stdin, so the
# writes are the root instance's own; nothing outside a scratch root is
# touched and nothing is reloaded (--no-reload).
#
#   daemon/tests/netop-readers.sh        (after make -C daemon; pppd wants root)
#
# Environment: IPCAMD_APPLY (default build/daemon/ipcamd-apply).  Checks
# that cannot run (no wpa_supplicant, no pppd, not root) print SKIP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/assert.sh"

APPLY=${IPCAMD_APPLY:-$top/build/daemon/ipcamd-apply}
[ -x "$APPLY" ] || { echo "FAIL: no $APPLY (make -C daemon first)"; exit 1; }
work=$(mktemp -d /tmp/ipcamd-netop.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"

wifi_keys=(ENABLE SSID ENCRYPT DEFKEY KEY1 KEY2 KEY3 KEY4 AUTHTYPE KEYFORMAT
	KEY1_BITS KEY2_BITS KEY3_BITS KEY4_BITS CHANNEL MODE WPA_PSK)
declare -A wifi_default=([ENABLE]=1 [SSID]="home net" [ENCRYPT]=4 [DEFKEY]=0 [KEY1]=""
	[KEY2]="" [KEY3]="" [KEY4]="" [AUTHTYPE]=0 [KEYFORMAT]=0 [KEY1_BITS]=0 [KEY2_BITS]=0
	[KEY3_BITS]=0 [KEY4_BITS]=0 [CHANNEL]=6 [MODE]=0 [WPA_PSK]="correct horse battery")

# apply_wifi NAME=VALUE...: the default Wi-Fi request with these keys
# (without IPCAM_WIFI_) changed, through --serve; true when answered ok.
apply_wifi() {
	declare -A v
	local k kv answer
	for k in "${!wifi_default[@]}"; do v[$k]=${wifi_default[$k]}; done
	for kv in "$@"; do v[${kv%%=*}]=${kv#*=}; done
	answer=$({
		echo wifi
		for k in "${wifi_keys[@]}"; do printf 'IPCAM_WIFI_%s=%s\n' "$k" "${v[$k]}"; done
		echo
	} >"$work/request"
	"$APPLY" --serve --root "$root" --wifi-interface wlan0 --no-reload <"$work/request" 2>/dev/null)
	[ "$answer" = ok ] || { echo "    answer: $answer"; return 1; }
}

# wpa_reads DESCRIPTION EXPECTED-LINE...: wpa_supplicant parses the file and
# prints each expected line (fixed strings).
wpa_reads() {
	local desc=$1 out line ok=0
	shift
	out=$(timeout 10 wpa_supplicant -dd -K -D wired -i ipcamnone0 \
		-c "$root/etc/wpa_supplicant/wpa_supplicant-wlan0.conf" 2>&1)
	if grep -q 'Failed to read or parse configuration' <<<"$out" ||
		! grep -q 'Reading configuration file' <<<"$out"; then
		ok=1
	fi
	for line in "$@"; do
		grep -qF -- "$line" <<<"$out" || { echo "    missing: $line"; ok=1; }
	done
	[ $ok -eq 0 ] || grep -E '^Line|Failed' <<<"$out" | sed 's/^/    /'
	check "wpa_supplicant reads $desc" test $ok -eq 0
}

if ! command -v wpa_supplicant >/dev/null; then
	echo "SKIP: wpa_supplicant is not installed (apt-get install wpasupplicant)"
else
	check "wifi: WPA2 passphrase with quotes" apply_wifi 'WPA_PSK=say "hi" 42'
	wpa_reads "WPA2-PSK, a passphrase with quotes" \
		'ssid - hexdump_ascii(len=8):' '68 6f 6d 65 20 6e 65 74' 'key_mgmt: 0x2' 'proto: 0x2' \
		'PSK (ASCII passphrase) - hexdump_ascii(len=11):' '73 61 79 20 22 68 69 22 20 34 32' \
		'Priority group 0'
	check "wifi: WPA/TKIP raw PSK, odd SSID bytes" apply_wifi ENCRYPT=2 \
		$'SSID="a\\\xc3\xa9 x' \
		WPA_PSK=00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF
	wpa_reads "WPA-PSK with the raw PSK and any SSID byte" \
		'ssid - hexdump_ascii(len=7):' '22 61 5c c3 a9 20 78' 'proto: 0x1' \
		'PSK - hexdump(len=32): 00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 00 11'
	check "wifi: RSN CCMP+TKIP" apply_wifi ENCRYPT=5
	wpa_reads "RSN with CCMP and TKIP" 'proto: 0x2' 'Priority group 0'
	check "wifi: WEP hex, shared key" apply_wifi ENCRYPT=1 DEFKEY=2 KEY1=0123456789 \
		KEY3=0123456789abcdefABCDEF0123 KEY3_BITS=1 AUTHTYPE=1
	wpa_reads "WEP with hex keys" 'key_mgmt: 0x4' 'wep_key0 - hexdump(len=5): 01 23 45 67 89' \
		'wep_key2 - hexdump(len=13): 01 23 45 67 89 ab cd ef ab cd ef 01 23' \
		'wep_tx_keyidx=2 (0x2)' 'auth_alg: 0x2'
	check "wifi: WEP ASCII with a quote, ad-hoc" apply_wifi ENCRYPT=1 KEYFORMAT=1 \
		'KEY1=a"b c' 'KEY4=13 characters' KEY4_BITS=1 MODE=1 CHANNEL=14
	wpa_reads "WEP with ASCII keys, ad-hoc on channel 14" \
		'wep_key0 - hexdump(len=5): 61 22 62 20 63' \
		'wep_key3 - hexdump(len=13): 31 33 20 63 68 61 72 61 63 74 65 72 73' \
		'mode=1 (0x1)' 'frequency=2484 (0x9b4)' 'auth_alg: 0x1'
	check "wifi: open" apply_wifi ENCRYPT=0 WPA_PSK=
	wpa_reads "an open network" 'key_mgmt: 0x4' 'Priority group 0'
	check "wifi: disabled" apply_wifi ENABLE=0 SSID=
	wpa_reads "the file of a disabled Wi-Fi" "ctrl_interface='/run/wpa_supplicant'"
fi

# pppd: the peer of an enabled PPPoE link whose password needs quoting.
peer=$root/etc/ppp/peers/ipcamd
printf 'pppoe\nIPCAM_PPPOE_ENABLE=1\nIPCAM_PPPOE_USER=%s\nIPCAM_PPPOE_PWD=%s\n\n' \
	'user@isp "x"' 'p"w\d #1 $(x) ok' >"$work/request"
answer=$("$APPLY" --serve --root "$root" --interface eth0 --no-reload <"$work/request" 2>/dev/null)
check_eq "pppoe: answered" ok "$answer"
if ! command -v pppd >/dev/null; then
	echo "SKIP: pppd is not installed (apt-get install ppp)"
elif [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: pppd parses options as root only"
else
	out=$(timeout 10 pppd file "$peer" dryrun nodetach </dev/null 2>&1)
	rc=$?
	check "pppd loads the plugin the peer names" grep -q 'Plugin rp-pppoe.so loaded' <<<"$out"
	if [ $rc -eq 0 ]; then
		pass "pppd file PEER dryrun: accepted (kernel PPPoE present)"
	else
		echo "    pppd with the plugin: exit $rc: $(head -n 2 <<<"$out" | tr '\n' ' ')"
		# the rest of the peer: every line but the plugin and its interface
		grep -v -e '^plugin ' -e '^nic-' "$peer" >"$work/rest"
		chmod 0600 "$work/rest"
		out=$(timeout 10 pppd file "$work/rest" pty /bin/true dryrun nodetach </dev/null 2>&1)
		rc=$?
		grep -iE 'warning|unrecognized|error|too many|improper' <<<"$out" | sed 's/^/    /'
		check "pppd parses the rest of the peer (exit $rc: 0, or 4 for no kernel PPP)" \
			test \( $rc -eq 0 -o $rc -eq 4 \) -a -z "$(grep -iE 'warning|unrecognized|error|improper' <<<"$out")"
		# and the checker itself: a broken quote is caught
		printf 'user "a\\"\npassword x\n' >"$work/broken"
		out=$(timeout 10 pppd file "$work/broken" pty /bin/true dryrun nodetach </dev/null 2>&1)
		check "the pppd check catches a broken quote" \
			grep -qiE 'warning|unrecognized|error' <<<"$out"
	fi
fi
finish
