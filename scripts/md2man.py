#!/usr/bin/env python3
"""Turns a man page written in a small subset of Markdown (docs/man/*.md) into roff.

Usage: md2man.py SOURCE OUTPUT VERSION [KEYWORDS_COMMAND...]

SOURCE is named NAME.SECTION.md (routerd.toml.5.md -> routerd.toml(5)). The subset, all the
man pages need and nothing more:
  # HEADING            a section (.SH), ## Heading a subsection (.SS)
  a paragraph          lines up to a blank line
  - item               a bullet; lines indented by two spaces continue it
  term                 a tagged paragraph (.TP): the term on its own line, then lines
  : definition         starting ": " (more lines indented by two spaces continue it)
  ```                  a literal block, up to the next ```
  `code`, **bold**     bold; *word* italic
  {{keepalived-keywords}}
                       the Markdown table KEYWORDS_COMMAND prints (the build runs
                       `routerd import-keepalived --keywords`: the importer's own
                       mapping), as one subsection per Keepalived block
The page's date is SOURCE_DATE_EPOCH's (reproducible builds), else none.
"""

import datetime
import os
import re
import subprocess
import sys

KEYWORDS_MARKER = "{{keepalived-keywords}}"


def escape(text):
    """Text as roff reads it literally. Every dash is the ASCII one (\\-), so that options and
    paths copied from the rendered page work (roff's plain - may render as a Unicode hyphen)."""
    return text.replace("\\", "\\e").replace("-", "\\-")


def inline(text):
    """Markdown's inline marks to roff fonts; the rest escaped."""
    out = []
    pattern = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*")
    pos = 0
    for m in pattern.finditer(text):
        out.append(escape(text[pos : m.start()]))
        if m.group(1) is not None:
            out.append("\\fB" + escape(m.group(1)) + "\\fR")
        elif m.group(2) is not None:
            out.append("\\fB" + escape(m.group(2)) + "\\fR")
        else:
            out.append("\\fI" + escape(m.group(3)) + "\\fR")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def text_line(text):
    """One line of running text; a leading dot or quote would be read as a request."""
    line = inline(text)
    return "\\&" + line if line[:1] in (".", "'") else line


def table_cells(row):
    """The cells of a Markdown table row, with the importer's escaped pipes restored."""
    cells = re.split(r"(?<!\\)\|", row.strip())[1:-1]
    return [c.strip().replace("\\|", "|") for c in cells]


def keyword_table(command):
    """The importer's keyword table as one subsection per Keepalived block, a tagged paragraph
    per keyword: what routerd makes of it."""
    out = []
    block = None
    printed = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rows = [line for line in printed.splitlines() if line.startswith("|")]
    for row in rows[2:]:  # past the header and its rule
        context, keyword, verdict, what = table_cells(row)
        if context != block:
            block = context
            out.append(".SS " + escape(block))
        out += [".TP", text_line(keyword), text_line(verdict + (": " + what if what else ""))]
    if not out:
        sys.exit(f"md2man: no keyword rows in the output of {' '.join(command)}")
    return out


def convert(lines, keywords_command):
    out = []
    i = 0

    def gather(first):
        """A paragraph, bullet or definition: FIRST, then the lines indented by two spaces."""
        nonlocal i
        parts = [first]
        while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
            parts.append(lines[i].strip())
            i += 1
        return " ".join(parts)

    while i < len(lines):
        line = lines[i].rstrip("\n")
        i += 1
        if not line.strip():
            continue
        if line.startswith("```"):
            out += [".PP", ".RS 4", ".EX"]
            while i < len(lines) and not lines[i].startswith("```"):
                literal = escape(lines[i].rstrip("\n"))
                out.append("\\&" + literal if literal[:1] in (".", "'") else literal)
                i += 1
            i += 1  # the closing fence
            out += [".EE", ".RE"]
        elif line.startswith("## "):
            out.append(".SS " + inline(line[3:]))
        elif line.startswith("# "):
            out.append(".SH " + inline(line[2:].upper()))
        elif line.strip() == KEYWORDS_MARKER:
            if not keywords_command:
                sys.exit("md2man: the page asks for the keyword table: give KEYWORDS_COMMAND")
            out += keyword_table(keywords_command)
        elif line.startswith("- "):
            out += [".IP \\(bu 2", text_line(gather(line[2:].strip()))]
        elif i < len(lines) and lines[i].startswith(": "):
            term = line.strip()
            definition = lines[i][2:].strip()
            i += 1
            out += [".TP", text_line(term), text_line(gather(definition))]
        else:
            # A paragraph: its lines as they are (roff fills them), up to a blank line or a
            # line that starts something else.
            out.append(".PP")
            out.append(text_line(line.strip()))
            while i < len(lines) and lines[i].strip() and not re.match(
                r"(#|- |```|: )", lines[i]
            ):
                if i + 1 < len(lines) and lines[i + 1].startswith(": "):
                    break  # the next line is a definition's term
                out.append(text_line(lines[i].strip()))
                i += 1
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    source, output, version = sys.argv[1:4]
    keywords_command = sys.argv[4:]
    match = re.fullmatch(r"(.+)\.(\d)\.md", os.path.basename(source))
    if not match:
        sys.exit(f"md2man: {source}: the name must be NAME.SECTION.md")
    name, section = match.groups()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y-%m-%d")
        if epoch
        else ""
    )
    with open(source, encoding="utf-8") as f:
        lines = f.readlines()
    header = [
        f".\\\" Generated by scripts/md2man.py from {os.path.basename(source)}: edit that file.",
        f'.TH "{name.upper()}" "{section}" "{date}" "routerd {version}" "routerd manual"',
        # No hyphenation, so paths and keys stay whole: .nh now, HY for the paragraph macros,
        # which set hyphenation anew.
        ".nh",
        ".nr HY 0",
    ]
    with open(output, "w", encoding="utf-8") as f:
        f.write("\n".join(header + convert(lines, keywords_command)) + "\n")


if __name__ == "__main__":
    main()
