# A throw-away virtual machine for the integration tests that need a kernel this machine does
# not run (bash; source after common.sh): Debian's cloud kernel booted by qemu (TCG) on an
# initramfs that holds busybox, the programs under test with their shared libraries, a few
# kernel modules and an /init script. The VM has no disk and no network card; it prints to the
# serial console, which lands in a file the test reads, and powers off when /init is done.
# Needs no root: the archive says root owns every file.
#
#   vm_require                      skip (77) without qemu; fail without the kernel/busybox
#   vm_root_init                    $VM_ROOT: busybox, /init skeleton
#   vm_add_program FILE [DEST]      FILE (and the shared libraries ldd names) into $VM_ROOT
#   vm_add_modules MODULE...        the modules and what they depend on, loaded by /init
#   vm_boot GUEST_SCRIPT SERIAL     packs $VM_ROOT and boots it; GUEST_SCRIPT runs as /init
#   vm_section SERIAL NAME          what the guest printed between its section markers
#
# The kernel: scripts/install-deps.sh unpacks linux-image-cloud-amd64 under
# /var/cache/routerd/ (unpacked, not installed: the package's initramfs and boot-loader hooks
# have no business on a build machine); a cloud kernel installed the usual way (/boot and
# /lib/modules) works too, and ROUTERD_VM_KERNEL_ROOT names another unpacked one.

VM_CACHE=/var/cache/routerd
VM_ROOT=""
VM_KERNEL=""
VM_MODULES=""  # /lib/modules/VERSION of the kernel, on this machine
VM_KVER=""

# The newest cloud kernel with its modules: sets VM_KERNEL, VM_MODULES, VM_KVER.
vm_find_kernel() {
    local roots=("${ROUTERD_VM_KERNEL_ROOT:-}") root image
    [ -n "${roots[0]}" ] || roots=("$VM_CACHE"/linux-image-*-cloud-amd64 "")
    for root in "${roots[@]}"; do
        for image in $(ls -1 "$root"/boot/vmlinuz-*-cloud-amd64 2>/dev/null | sort -rV); do
            VM_KVER=${image##*/vmlinuz-}
            if [ -f "$root/lib/modules/$VM_KVER/modules.dep" ]; then
                VM_KERNEL=$image
                VM_MODULES="$root/lib/modules/$VM_KVER"
                return 0
            fi
        done
    done
    return 1
}

vm_require() {
    command -v qemu-system-x86_64 >/dev/null || {
        echo "SKIP: no qemu-system-x86_64 (scripts/install-deps.sh installs qemu-system-x86)"
        exit 77
    }
    vm_find_kernel ||
        fail "no cloud kernel with modules under $VM_CACHE or /boot (run scripts/install-deps.sh)"
    [ -x /bin/busybox ] || fail "no /bin/busybox (scripts/install-deps.sh installs busybox-static)"
    command -v cpio >/dev/null || fail "no cpio (scripts/install-deps.sh installs it)"
}

vm_root_init() {
    VM_ROOT="$WORKDIR/vm-root"
    mkdir -p "$VM_ROOT"/{bin,sbin,dev,proc,sys,run,tmp,etc,lib/modules}
    vm_add_program /bin/busybox
    local applet
    for applet in $("$VM_ROOT/bin/busybox" --list); do
        [ -e "$VM_ROOT/bin/$applet" ] || ln -s busybox "$VM_ROOT/bin/$applet"
    done
    : >"$VM_ROOT/etc/modules.load"
}

# vm_add_file FILE [DEST]: FILE at DEST (its own path by default), symlinks resolved.
vm_add_file() {
    local dest="$VM_ROOT${2:-$1}"
    mkdir -p "$(dirname "$dest")"
    [ -e "$dest" ] || cp -L "$1" "$dest"
}

vm_add_program() {
    vm_add_file "$1" "${2:-}"
    local lib
    # ldd prints "name => /path (addr)" and, for the dynamic loader, "/path (addr)".
    # ldd fails on a static program: nothing to add then.
    for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*' || true); do vm_add_file "$lib"; done
}

vm_add_modules() {
    local module lines ko dest
    for module in "$@"; do
        # insmod lines in load order: modprobe names a module's dependencies before it.
        lines=$(modprobe -d "${VM_MODULES%/lib/modules/*}/" -S "$VM_KVER" \
            --show-depends "$module") || fail "no module $module in $VM_MODULES"
        for ko in $(echo "$lines" | awk '$1 == "insmod" {print $2}'); do
            dest="/lib/modules/${ko##*/}"
            dest=${dest%.xz}
            dest=${dest%.zst}
            grep -qx "$dest" "$VM_ROOT/etc/modules.load" && continue
            # busybox's insmod takes plain .ko files only.
            case "$ko" in
                *.xz) xz -dc "$ko" >"$VM_ROOT$dest" ;;
                *.zst) zstd -qdc "$ko" >"$VM_ROOT$dest" ;;
                *) cp "$ko" "$VM_ROOT$dest" ;;
            esac
            echo "$dest" >>"$VM_ROOT/etc/modules.load"
        done
    done
}

# The guest's /init: mounts, loopback and modules, then GUEST_SCRIPT, then power off. Each
# module that does not load says why (crc32c-intel, a soft dependency, needs SSE4.2).
vm_write_init() {
    cat >"$VM_ROOT/init" <<'INIT'
#!/bin/sh
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
mount -t tmpfs tmp /tmp
ip link set lo up
while read -r ko; do insmod "$ko" || echo "vm: insmod $ko failed"; done </etc/modules.load
echo "@@@ guest up $(cut -d' ' -f1 /proc/uptime)"
/bin/sh /guest.sh
echo "@@@ guest done $? $(cut -d' ' -f1 /proc/uptime)"
reboot -f
INIT
    chmod 755 "$VM_ROOT/init"
}

# vm_boot GUEST_SCRIPT SERIAL: qemu exits on the guest's reboot (-no-reboot), on a kernel
# panic (panic=-1), or is killed after 300 s.
vm_boot() {
    cp "$1" "$VM_ROOT/guest.sh"
    vm_write_init
    (cd "$VM_ROOT" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) >"$WORKDIR/initrd.gz"
    # The kernel unpacks the initramfs into the guest's memory, so the guest gets the unpacked
    # tree twice (archive and files) on top of 512 MiB to run in: an instrumented build's
    # binaries are several times a release build's, and a fixed 512 MiB no longer held them.
    local tree_mib
    tree_mib=$(du -sm "$VM_ROOT" | cut -f1)
    # In the background, so that the test's cleanup stops it if the test is stopped.
    timeout "${ROUTERD_VM_TIMEOUT:-300}" qemu-system-x86_64 -accel tcg -cpu max \
        -m "$((512 + 2 * tree_mib))M" -smp 1 \
        -kernel "$VM_KERNEL" -initrd "$WORKDIR/initrd.gz" \
        -append "console=ttyS0 quiet panic=-1" \
        -display none -monitor none -serial "file:$2" -no-reboot </dev/null &
    PIDS+=("$!")
    wait "$!" || {
        local status=$?
        echo "--- serial console ---" >&2
        tr -d '\r' <"$2" >&2
        fail "qemu exited with $status (124: timed out)"
    }
    tr -d '\r' <"$2" >"$2.txt" && mv "$2.txt" "$2"
}

# vm_run GUEST_SCRIPT: boots the VM on the guest's scenario (vm_boot, its console in
# $WORKDIR/serial.log, named by SERIAL), prints how long it ran, and fails unless the guest
# finished its scenario in time ("@@@ guest done", no "@@@ timeout"). Then `vm_fail MESSAGE`
# fails with the serial console, and `section NAME` prints what the guest printed under NAME.
vm_run() {
    local started=$SECONDS
    SERIAL="$WORKDIR/serial.log"
    vm_boot "$1" "$SERIAL"
    echo "VM: $((SECONDS - started)) s from boot to power-off" \
        "(guest up at $(awk '/^@@@ guest up/ {print $4}' "$SERIAL") s)"
    grep -q "^@@@ guest done" "$SERIAL" || vm_fail "the guest did not finish its scenario"
    if grep -q "^@@@ timeout" "$SERIAL"; then
        vm_fail "the guest timed out: $(grep '^@@@ timeout' "$SERIAL")"
    fi
}

vm_fail() {
    echo "--- serial console ---" >&2
    cat "$SERIAL" >&2
    fail "$@"
}

section() { vm_section "$SERIAL" "$1"; }

# The guest's half of sections (print_section NAME COMMAND... in the guest script).
VM_GUEST_SECTIONS='print_section() {
    local name=$1
    shift
    echo "@@@ begin $name"
    "$@" 2>&1
    echo "@@@ end $name"
}'

vm_section() {
    awk -v name="$2" '
        $0 == "@@@ end " name {on = 0}
        on {print}
        $0 == "@@@ begin " name {on = 1}' "$1"
}
