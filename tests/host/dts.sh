#!/bin/bash
# Host suite: the device-tree binding passes dt-schema (meta-schema, its own
# example), the Raspberry Pi overlay compiles with no dtc warning and,
# applied to a base tree, validates against the binding; a broken node is
# rejected (so the validation can fail).
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/assert.sh"

kver=$("$top/tests/board/kver.sh")
inc=$(ls -d /usr/src/linux-headers-"${kver%-amd64}"-common/include 2>/dev/null | head -n 1)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$top/dts/bindings"
binding=openipcam,pt-head.yaml

cpp_dts() { cpp -P -nostdinc -undef -x assembler-with-cpp -I "$inc" "$1"; }

check "header dir for dt-bindings found ($inc)" test -f "$inc/dt-bindings/gpio/gpio.h"
check "dt-doc-validate: binding follows the meta-schema, silently" \
	bash -c "dt-doc-validate -u '$PWD' '$binding' 2>&1 | tee $t/doc.log; ! grep -q . $t/doc.log"
check "dt-mk-schema: binding processed" bash -c "dt-mk-schema -j . >$t/schema.json"
check "schema holds the binding" grep -q 'openipcam,pt-head' "$t/schema.json"

dt-extract-example "$binding" >"$t/ex.dts"
cpp_dts "$t/ex.dts" >"$t/ex.pp.dts"
# The extractor's wrapper node has #address-cells without children: not ours.
check "example compiles" dtc -q -@ -W no-avoid_unnecessary_addr_size -I dts -O dtb \
	-o "$t/ex.dtb" "$t/ex.pp.dts"
check "dt-validate accepts the example" \
	bash -c "dt-validate -s $t/schema.json $t/ex.dtb 2>&1 | tee $t/ex.log; ! grep -q . $t/ex.log"

cd "$top/dts"
cpp_dts overlays/ipcam-rpi-28byj48.dtso >"$t/ov.dts"
dtc -@ -I dts -O dtb -o "$t/ov.dtbo" "$t/ov.dts" 2>"$t/ov.err"
check "overlay compiles" test -s "$t/ov.dtbo"
check "dtc: no warning on the overlay" bash -c "cat $t/ov.err; ! grep -q . $t/ov.err"
dtc -@ -I dts -O dtb -o "$t/base.dtb" test-base.dts 2>/dev/null
check "overlay applies to a Raspberry Pi base" fdtoverlay -i "$t/base.dtb" -o "$t/merged.dtb" "$t/ov.dtbo"
check "the merged tree has the head" bash -c "fdtget $t/merged.dtb /pan-tilt-head compatible | grep -q openipcam,pt-head"
check "dt-validate accepts the applied overlay" \
	bash -c "dt-validate -s $t/schema.json $t/merged.dtb 2>&1 | grep -i 'pan-tilt-head' | tee $t/m.log; ! grep -q . $t/m.log"

# A node with a mistake must be rejected: 3 pan coils and an unknown property.
sed -e 's/<&gpio 27 GPIO_ACTIVE_HIGH>, <&gpio 22 GPIO_ACTIVE_HIGH>;/<\&gpio 27 GPIO_ACTIVE_HIGH>;/' \
	-e 's/openipcam,center-on-start;/openipcam,center-on-start; openipcam,bogus = <1>;/' \
	overlays/ipcam-rpi-28byj48.dtso >"$t/bad.dtso"
cpp_dts "$t/bad.dtso" >"$t/bad.dts"
dtc -q -@ -I dts -O dtb -o "$t/bad.dtbo" "$t/bad.dts"
fdtoverlay -i "$t/base.dtb" -o "$t/badm.dtb" "$t/bad.dtbo"
dt-validate -s "$t/schema.json" "$t/badm.dtb" >"$t/bad.log" 2>&1
check "dt-validate rejects 3 coils" grep -q "pan-coil-gpios" "$t/bad.log"
check "dt-validate rejects an unknown property" grep -q "bogus" "$t/bad.log"
finish
