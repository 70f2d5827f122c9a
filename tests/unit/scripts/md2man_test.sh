#!/usr/bin/env bash
# scripts/md2man.py on a page of its own that holds what roff would misread: lines that start
# with a dot or a quote, backslashes, dashes; each construct of the subset; and a keyword table
# (with an escaped pipe) from a command. man renders it without a warning, with the text intact.
set -euo pipefail
md2man=$1
work=$(mktemp -d /tmp/routerd-md2man.XXXXXX)
trap 'rm -rf "$work"' EXIT

cat >"$work/demo.7.md" <<'MD'
# NAME

demo - a page for the test

# DESCRIPTION

A paragraph over two lines, with `--config-test`, **bold** and *italic* words,
.a line that starts with a dot
'and one with a quote, and a backslash: C:\path.

- a bullet that goes on
  over a second line

`--flag` *VALUE*
: What the flag does,
  over two lines.

```
.literal dot line
key = "a\b"
```

{{keepalived-keywords}}
MD
cat >"$work/table.md" <<'MD'
| Keepalived block | keyword | routerd | |
|---|---|---|---|
| (top level) | `vrrp_instance` | translated | [vrrp.instance.NAME] |
| checker | `path` | not applicable | a\|b |
MD
python3 "$md2man" "$work/demo.7.md" "$work/demo.7" 1.2.3 cat "$work/table.md"
warnings=$(MANWIDTH=80 man --warnings -l "$work/demo.7" 2>&1 >/dev/null)
[ -z "$warnings" ] || { echo "FAIL: man warns: $warnings"; exit 1; }
text=$(MANWIDTH=200 man -l "$work/demo.7" 2>/dev/null)
expect() {
    grep -qF -- "$1" <<<"$text" || { echo "FAIL: the page lacks: $1"; echo "$text"; exit 1; }
}
expect "demo - a page for the test"
expect "with --config-test, bold and italic words, .a line that starts with a dot 'and one with a quote, and a backslash: C:\\path."
expect "a bullet that goes on over a second line"
expect "What the flag does, over two lines."
expect ".literal dot line"
expect 'key = "a\b"'
expect "translated: [vrrp.instance.NAME]"
expect "not applicable: a|b"
expect "routerd 1.2.3"
# Dashes are roff's ASCII \- (a plain - may render as a Unicode hyphen, which breaks an option
# copied from the page; Debian's groff happens to map both to ASCII, so this reads the roff).
grep -qF -- '\fB\-\-config\-test\fR' "$work/demo.7" || { echo "FAIL: an unescaped dash"; exit 1; }
grep -q '^\.SS (top level)$' "$work/demo.7" && grep -q '^\.SS checker$' "$work/demo.7" ||
    { echo "FAIL: no subsection per Keepalived block"; exit 1; }
# A page that asks for the table without a command to print it is an error, not a silent gap.
if python3 "$md2man" "$work/demo.7.md" "$work/demo2.7" 1.2.3 2>"$work/err"; then
    echo "FAIL: md2man made a page without its keyword table"
    exit 1
fi
grep -q "give KEYWORDS_COMMAND" "$work/err" || { echo "FAIL: $(cat "$work/err")"; exit 1; }
echo "md2man: pass"
