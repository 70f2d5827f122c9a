#!/usr/bin/env bash
# The systemd unit that `cmake --install` writes names what that install put in place: for the
# build's own prefix (/usr/local) and for --prefix /usr, each into a DESTDIR, ExecStartPre,
# ExecStart and ExecReload start an installed, executable routerd with an installed
# configuration and the installed plugins (the vrrp plugin among them), the sysusers.d file of
# its User= is installed, and that routerd finds the installed configuration valid. Installed
# under a prefix of its own (real paths), the unit passes `systemd-analyze verify`, and
# `systemd-analyze security --offline=yes` rates it 2.0 or better (--threshold=20 fails above).
# A second install leaves an operator's configuration as it is.
# Usage: install_unit_test.sh BUILD_DIR
source "$(dirname "$0")/../lib/common.sh"
BUILD=$1
make_workdir

# unit_values UNIT KEY: the values of KEY= in UNIT, one per line.
unit_values() { sed -n "s/^$2=//p" "$1"; }
# option VALUE NAME: the argument after NAME in the command line VALUE.
option() { awk -v n="$2" '{ for (i = 1; i < NF; ++i) if ($i == n) print $(i + 1) }' <<<"$1"; }

# check_install ROOT PREFIX SYSCONFDIR: the unit installed under ROOT (a DESTDIR, or / for a
# real prefix) for PREFIX names installed files.
check_install() {
    local root=$1 prefix=$2 sysconfdir=$3 unit command binary config plugins
    unit="$root$prefix/lib/systemd/system/routerd.service"
    [ -f "$unit" ] || fail "no unit at $unit"
    [ -f "$root$prefix/lib/sysusers.d/routerd.conf" ] || fail "no sysusers.d file under $prefix"
    grep -q '^u routerd ' "$root$prefix/lib/sysusers.d/routerd.conf" ||
        fail "the sysusers.d file does not make the unit's user"
    [ "$(unit_values "$unit" User)" = routerd ] || fail "User= is not routerd"
    local commands=0
    while IFS= read -r command; do
        [[ $command == */routerd\ * ]] || continue # ExecReload's kill
        commands=$((commands + 1))
        binary=${command%% *}
        config=$(option "$command" --config)
        plugins=$(option "$command" --plugin-dir)
        [ "$binary" = "$prefix/sbin/routerd" ] || fail "$unit starts $binary, not $prefix/sbin/routerd"
        [ -x "$root$binary" ] || fail "$binary (in $unit) was not installed"
        [ "$config" = "$sysconfdir/routerd/routerd.toml" ] || fail "config $config under $prefix"
        [ -f "$root$config" ] || fail "$config (in $unit) was not installed"
        compgen -G "$root$plugins/*vrrp*.so" >/dev/null || fail "no vrrp plugin in $plugins"
    done < <(unit_values "$unit" ExecStartPre; unit_values "$unit" ExecStart; unit_values "$unit" ExecReload)
    [ "$commands" = 3 ] || fail "$unit: $commands routerd commands, expected 3"
    "$root$binary" --config-test --config "$root$config" --plugin-dir "$root$plugins" ||
        fail "the installed configuration does not pass --config-test"
    echo "ok: $prefix: $(unit_values "$unit" ExecStart)"
}

DESTDIR="$WORKDIR/default" cmake --install "$BUILD" >"$WORKDIR/install.log"
check_install "$WORKDIR/default" /usr/local /usr/local/etc
DESTDIR="$WORKDIR/usr" cmake --install "$BUILD" --prefix /usr >>"$WORKDIR/install.log"
check_install "$WORKDIR/usr" /usr /etc

# An operator's configuration survives a reinstall.
echo '# mine' >>"$WORKDIR/usr/etc/routerd/routerd.toml"
DESTDIR="$WORKDIR/usr" cmake --install "$BUILD" --prefix /usr >>"$WORKDIR/install.log"
grep -q '^# mine$' "$WORKDIR/usr/etc/routerd/routerd.toml" || fail "a reinstall replaced the configuration"
echo "ok: a reinstall keeps the configuration"

# Real paths, for systemd-analyze (it checks that the commands exist, on this root).
real="$WORKDIR/prefix"
cmake --install "$BUILD" --prefix "$real" >>"$WORKDIR/install.log"
check_install / "$real" "$real/etc"
systemd-analyze verify "$real/lib/systemd/system/routerd.service" || fail "systemd-analyze verify failed"
echo "ok: systemd-analyze verify"
systemd-analyze security --offline=yes --threshold=20 "$real/lib/systemd/system/routerd.service" \
    >"$WORKDIR/security.txt" || { cat "$WORKDIR/security.txt"; fail "exposure above 2.0"; }
echo "ok: $(tail -1 "$WORKDIR/security.txt")"
