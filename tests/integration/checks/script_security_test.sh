#!/usr/bin/env bash
# Scripts as routerd runs them (keepalived.conf(5) "SCRIPTS", script_user,
# enable_script_security), with real MISC_CHECK programs:
#  - a MISC_CHECK child holds no descriptor of routerd's (the control socket, the store, its
#    sockets): the program lists /proc/self/fd; and its environment is PATH only;
#  - [global] script_user runs scripts without a user of their own as that user;
#  - with enable_script_security, a root script in a directory a non-root group may write is
#    refused by --config-test on its key (file:line:col), for MISC_CHECK, a vrrp track script
#    and an ipvs notify_up alike; and a directory that becomes group-writable while routerd
#    runs gets the check's next run refused, with the reason.
# Usage: script_security_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/checks_lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root (script users, file owners)"; exit 77; }
make_workdir
setup_routerd "$1" "$2" "$3"
for f in vrrp.so ipvs.so fwd_userspace.so sched_rr.so; do install -m 755 "$3/$f" "$WORKDIR/plugins/"; done
chmod 755 "$WORKDIR"
cd "$WORKDIR"

# The scripts live in a root-owned directory that only root may write.
install -d -m 755 scripts
# Each file appears whole (renamed into place), env.out before fds.out: the test reads them
# while the check runs again.
cat >scripts/fds.sh <<SH
#!/bin/sh
env >$WORKDIR/env.tmp && mv $WORKDIR/env.tmp $WORKDIR/env.out
ls -l /proc/self/fd >$WORKDIR/fds.tmp && mv $WORKDIR/fds.tmp $WORKDIR/fds.out
exit 0
SH
cat >scripts/whoami.sh <<'SH'
#!/bin/sh
[ "$(id -un)" = "$1" ]
SH
cat >scripts/ok.sh <<'SH'
#!/bin/sh
exit 0
SH
chmod 755 scripts/*.sh

COMMON='delay_loop = "200ms"
delay_before_retry = "100ms"
retry = 1
rise = 1'
cat >routerd.toml <<TOML
[global]
enable_script_security = true
script_user = "nobody"

[checks.fds]
type = "misc"
misc_path = "$WORKDIR/scripts/fds.sh"
user = "root"
$COMMON

[checks.default_user]
type = "misc"
misc_path = "$WORKDIR/scripts/whoami.sh nobody"
$COMMON

[checks.secured]
type = "misc"
misc_path = "$WORKDIR/scripts/ok.sh"
user = "root"
$COMMON
TOML
start_routerd
for name in fds default_user secured; do expect_state 10 "$name" up; done

# 0, 1 and 2 on /dev/null (1 is the output file here), and the one ls reads the directory
# through: anything else came from routerd.
wait_for 5 test -s fds.out
extra=$(awk 'NR > 1 { fd = $(NF - 2); target = $NF
                      if (fd > 2 && target !~ "^/proc/[0-9]+/fd$") print fd " -> " target }' fds.out)
[ -z "$extra" ] || fail "the MISC_CHECK child inherited descriptors: $extra"
grep -q ' 0 -> /dev/null$' fds.out || fail "stdin is not /dev/null: $(cat fds.out)"
echo "ok: a MISC_CHECK child has only 0, 1, 2 ($(awk 'NR > 1' fds.out | wc -l) entries, one ls's own)"
env_vars=$(grep -v -e '^PATH=' -e '^PWD=' env.out || true)
[ -z "$env_vars" ] || fail "the child's environment holds more than PATH: $env_vars"
echo "ok: the environment is PATH only"
echo "ok: script_user runs a check without a user of its own as nobody"

# The scripts' directory becomes writable by a non-root group: the next run is refused.
chgrp nogroup scripts
chmod 775 scripts
expect_state 10 secured down
expect_reason 10 secured "enable_script_security refuses $WORKDIR/scripts/ok.sh: $WORKDIR/scripts is writable by group 65534 (mode 0775)"
[ -z "$(check_field default_user last_reason | grep refuses || true)" ] ||
    fail "a script run as nobody was refused: the rule is for root's scripts"
is_state default_user up || fail "the script run as nobody went down"
stop_pid "$ROUTERD_PID"

# --config-test refuses the same on the key, for every kind of script.
why="refused by enable_script_security: $WORKDIR/scripts is writable by group 65534 (mode 0775)"
cat >refused.toml <<TOML
[global]
enable_script_security = true

[checks.misc]
type = "misc"
misc_path = "$WORKDIR/scripts/ok.sh"

[vrrp.script.chk]
script = "$WORKDIR/scripts/ok.sh"

[ipvs.virtual_server.web]
address = "127.0.0.1:8080"
scheduler = "rr"
[ipvs.virtual_server.web.real_server.a]
address = "127.0.0.1:8081"
notify_up = "$WORKDIR/scripts/ok.sh a up"
TOML
if "$ROUTERD" --config refused.toml --plugin-dir plugins --config-test 2>refused.err; then
    fail "--config-test accepted root scripts in a group-writable directory"
fi
for expected in "refused.toml:6:13: checks.misc.misc_path: $why" \
    "refused.toml:9:10: vrrp.script.chk.script: $why" \
    "refused.toml:16:13: ipvs.virtual_server.web.real_server.a.notify_up: $why"; do
    grep -qF "$expected" refused.err || fail "not reported: $expected; got: $(cat refused.err)"
done
[ "$(wc -l <refused.err)" = 3 ] || fail "more errors than the three scripts: $(cat refused.err)"
echo "ok: --config-test names each refused script"

# Without enable_script_security the same configuration is valid (Keepalived's default).
sed -i 's/^enable_script_security = true$/enable_script_security = false/' refused.toml
"$ROUTERD" --config refused.toml --plugin-dir plugins --config-test >/dev/null 2>&1 ||
    fail "without script security the scripts were refused"
# An unknown script_user is an error on [global] script_user, once.
printf '[global]\nscript_user = "no-such-user-here"\n' >user.toml
"$ROUTERD" --config user.toml --plugin-dir plugins --config-test 2>user.err &&
    fail "--config-test accepted an unknown script_user"
[ "$(grep -c 'user.toml:2:15: global.script_user: unknown user "no-such-user-here"' user.err)" = 1 ] ||
    fail "the unknown script_user is not reported once: $(cat user.err)"
echo "script security: descriptors, environment, script_user, enable_script_security"
