#!/usr/bin/env bash
# misc and file checkers with real programs and files: a script's exit code (and
# misc_dynamic weights, log_all_failures), a script that hangs past misc_timeout (killed, down), a script run
# as an unprivileged user, and a tracked file whose number changes (seen through inotify), or
# that becomes a FIFO (refused without blocking); [global] umask, which the scripts inherit.
# Usage: local_checks_test.sh ROUTERD ROUTERCTL PLUGIN_DIR
source "$(dirname "$0")/../lib/common.sh"
source "$(dirname "$0")/checks_lib.sh"
make_workdir
setup_routerd "$1" "$2" "$3"
cd "$WORKDIR"

# The script exits with the code held in a file, so the test drives it.
echo 0 >code
cat >check.sh <<SH
#!/bin/sh
exit \$(cat $WORKDIR/code)
SH
cat >hang.sh <<'SH'
#!/bin/sh
sleep 31.25
SH
cat >whoami.sh <<'SH'
#!/bin/sh
[ "$(id -un)" = "$1" ]
SH
chmod 755 check.sh hang.sh whoami.sh
chmod 755 "$WORKDIR"  # the unprivileged user must reach whoami.sh
echo 0 >tracked

COMMON='delay_loop = "200ms"
delay_before_retry = "100ms"
retry = 1
rise = 2'
cat >routerd.toml <<TOML
[checks.script]
type = "misc"
misc_path = "$WORKDIR/check.sh"
misc_timeout = "1s"
$COMMON

[checks.loud]
type = "misc"
misc_path = "$WORKDIR/check.sh"
log_all_failures = true
$COMMON

[checks.dynamic]
type = "misc"
misc_path = "$WORKDIR/check.sh"
misc_dynamic = true
$COMMON

[checks.hang]
type = "misc"
misc_path = "$WORKDIR/hang.sh"
misc_timeout = "300ms"
$COMMON

[checks.as_nobody]
type = "misc"
misc_path = "$WORKDIR/whoami.sh nobody"
user = "nobody"
$COMMON

[checks.file]
type = "file"
track_file = "$WORKDIR/tracked"
weight = 0
$COMMON

[checks.file_dynamic]
type = "file"
track_file = "$WORKDIR/tracked"
weight = 10
dynamic = true
$COMMON
TOML
start_routerd
for name in script loud dynamic as_nobody file file_dynamic; do expect_state 10 "$name" up; done
expect_state 10 hang down
expect_reason 10 hang "timed out after 300 ms running $WORKDIR/hang.sh"
# Each hung run was killed with its process group: its sleep did not outlive it.
sleep 2
[ "$(pgrep -c -f '^sleep 31.25$' || true)" -le 1 ] || fail "misc_timeout left processes behind"

# Exit 1: down (both); exit 12: up again, the dynamic one with weight 10.
echo 1 >code
expect_state 10 script down
expect_reason 10 script "exit 1"
# log_all_failures: the failed attempt that was retried is logged too, for that check only.
expect_state 10 loud down
grep -E "check loud .*attempt failed: exit 1" "$ROUTERD_LOG" >/dev/null ||
    fail "log_all_failures: the retried failure was not logged"
if grep -E "check script .*attempt failed" "$ROUTERD_LOG" >/dev/null; then
    fail "a check without log_all_failures logged a retried failure"
fi
echo "ok: log_all_failures"
expect_state 10 dynamic down
echo 12 >code
expect_state 10 dynamic up
wait_for 5 field_is dynamic weight 10
echo "ok: misc_dynamic exit 12 gives weight 10"
is_state script down || fail "exit 12 without misc_dynamic must be down"
echo 0 >code
expect_state 10 script up

# The tracked file: 0 up; 3 with weight 0 down, with weight 10 up at weight 30.
echo 3 >tracked
expect_state 10 file down
expect_reason 10 file "value 3 is not 0"
wait_for 5 field_is file_dynamic weight 30
echo "ok: file dynamic weight 30"
# Replaced by rename, as careful writers do: still seen.
echo 0 >tracked.new
mv tracked.new tracked
expect_state 10 file up
# Garbage and a missing file are down, with the reason.
echo "lots" >tracked
expect_reason 10 file "'lots' is not a number"
expect_state 10 file down
rm tracked
expect_reason 10 file "No such file or directory"
echo 0 >tracked
expect_state 10 file up
# A FIFO in its place would hold the checker's loop in open() for ever: it is refused with
# the reason, and the other checks on that loop keep running.
rm tracked
mkfifo tracked
expect_reason 10 file "$WORKDIR/tracked: is a FIFO, not a regular file"
expect_state 10 file down
probes=$(check_field script probes)
wait_for 10 probed_at_least script $((probes + 5))
rm tracked
echo 0 >tracked
expect_state 10 file up

# [global] umask (keepalived.conf(5) global_defs umask): the scripts routerd starts inherit
# it, a reload changes it, and a configuration without it restores the one routerd started
# with. A misc check's script makes a file, whose mode tells.
cat >made.sh <<'SH'
#!/bin/sh
touch "$1"
SH
chmod 755 made.sh
cp routerd.toml checks.toml
# with_umask MASK (none: no umask key) FILE: the configuration with a check that makes FILE.
with_umask() {
    { [ "$1" = none ] || printf '[global]\numask = 0o%s\n\n' "$1"
      cat checks.toml
      printf '\n[checks.made]\ntype = "misc"\nmisc_path = "%s/made.sh %s/%s"\n' "$WORKDIR" "$WORKDIR" "$2"
    } >routerd.toml
    kill -HUP "$ROUTERD_PID"
    wait_for 10 test -e "$2"
}
mode_of() { stat -c %a "$1"; }
with_umask 077 made-077
[ "$(mode_of made-077)" = 600 ] || fail "umask 0o077: the script made mode $(mode_of made-077)"
with_umask 027 made-027
[ "$(mode_of made-027)" = 640 ] || fail "umask 0o027: the script made mode $(mode_of made-027)"
with_umask none made-none
[ "$(mode_of made-none)" = "$(printf '%o' $((0666 & ~$(umask))))" ] ||
    fail "without umask the script made mode $(mode_of made-none), not routerd's own umask's"
echo "ok: umask"
echo "local checks: misc (exit codes, dynamic, timeout, user) and file (inotify, no FIFO), umask"
