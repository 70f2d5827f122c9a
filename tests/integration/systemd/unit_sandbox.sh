# routerd's systemd unit reproduced without systemd (bash; source after lib/common.sh): for
# the tests that need more of the lab than nspawn_unit_test.sh's booted Debian root has (a
# client, real servers, an SMTP server, two routers). The unit's identity and privileges are
# applied with util-linux's tools, read from the unit file itself so that they cannot drift
# from it: User= (a user of this run's own stands in for it), AmbientCapabilities=,
# CapabilityBoundingSet=, NoNewPrivileges= (setpriv), LimitNOFILE= (prlimit), UMask=, and
# StateDirectory=/RuntimeDirectory= (made with their modes, owned by the user). The mount,
# system-call and address-family restrictions need systemd itself.
# Usage: unit_sandbox UNIT_FILE WRAPPER: writes WRAPPER, which runs its arguments (routerd ...)
# under them, and sets SANDBOX_USER, SANDBOX_LIMIT_NOFILE; sandbox_dirs RUNTIME_DIR STATE_DIR
# makes them as the unit's RuntimeDirectory= and StateDirectory=.

# unit_value UNIT KEY: the last value of KEY= in UNIT (as systemd takes it).
unit_value() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

# setpriv_caps "CAP_NET_ADMIN CAP_NET_RAW": "-all,+net_admin,+net_raw".
setpriv_caps() {
    local list="-all" cap
    for cap in $1; do
        cap=${cap#CAP_}
        list+=",+${cap,,}"
    done
    echo "$list"
}

sandbox_user_cleanup() { userdel "$SANDBOX_USER" 2>/dev/null || true; }

unit_sandbox() {
    local unit=$1 wrapper=$2 nnp=""
    [ "$(unit_value "$unit" User)" != "" ] || fail "$unit has no User="
    SANDBOX_USER="rdunit$$"
    useradd --system --no-create-home --home-dir / --shell /usr/sbin/nologin --user-group \
        "$SANDBOX_USER"
    CLEANUP_HOOKS+=(sandbox_user_cleanup)
    # Raising the hard limit takes CAP_SYS_RESOURCE, which systemd has; where this test runs
    # without it, the limit is as much of LimitNOFILE= as the hard limit allows.
    SANDBOX_LIMIT_NOFILE=$(unit_value "$unit" LimitNOFILE)
    if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt "$SANDBOX_LIMIT_NOFILE" ] &&
        ! prlimit --nofile="$SANDBOX_LIMIT_NOFILE:$SANDBOX_LIMIT_NOFILE" true 2>/dev/null; then
        echo "note: LimitNOFILE=$SANDBOX_LIMIT_NOFILE is above this machine's hard limit $(ulimit -Hn): using that"
        SANDBOX_LIMIT_NOFILE=$(ulimit -Hn)
    fi
    SANDBOX_RUNTIME_MODE=$(unit_value "$unit" RuntimeDirectoryMode)
    SANDBOX_STATE_MODE=$(unit_value "$unit" StateDirectoryMode)
    [ "$(unit_value "$unit" NoNewPrivileges)" = yes ] && nnp=--no-new-privs
    local ambient bounding
    ambient=$(setpriv_caps "$(unit_value "$unit" AmbientCapabilities)")
    bounding=$(setpriv_caps "$(unit_value "$unit" CapabilityBoundingSet)")
    cat >"$wrapper" <<SH
#!/bin/sh
# $unit's User=, capabilities, NoNewPrivileges=, LimitNOFILE= and UMask=.
umask $(unit_value "$unit" UMask)
exec prlimit --nofile=$SANDBOX_LIMIT_NOFILE:$SANDBOX_LIMIT_NOFILE -- \\
    setpriv --reuid=$SANDBOX_USER --regid=$SANDBOX_USER --clear-groups \\
    --inh-caps=$ambient --ambient-caps=$ambient --bounding-set=$bounding $nnp -- "\$@"
SH
    chmod 755 "$wrapper"
}

sandbox_dirs() {
    install -d -o "$SANDBOX_USER" -g "$SANDBOX_USER" -m "$SANDBOX_RUNTIME_MODE" "$1"
    install -d -o "$SANDBOX_USER" -g "$SANDBOX_USER" -m "$SANDBOX_STATE_MODE" "$2"
}
