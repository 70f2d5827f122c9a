#!/usr/bin/env python3
"""Which tests show each Keepalived keyword routerd translates.

Reads docs/keepalived-keywords.md (the importer's own mapping) and, for every keyword marked
"translated", lists
  - the importer's unit tests whose keepalived.conf text uses it (a line starting with it), and
  - the other tests (unit and integration) that set the routerd key it becomes (`KEY =` or a
    `[...KEY...]` header in a TOML text, or the keyword itself in a keepalived.conf a behaviour
    test runs).
A keyword with neither is printed under "no test found", and the exit status is 1 then.

It finds tests by what their texts contain, so it shows where to look, not that each test
checks the keyword's behaviour: read the test it names.

Usage: scripts/keyword-tests.py [--only KEYWORD,...] [REPO]
"""
import argparse
import pathlib
import re
import sys

IMPORTER_TESTS = "tests/unit/kernel/import"


def translated_keywords(table: pathlib.Path):
    """(block, keyword, routerd column) for each translated row."""
    for line in table.read_text().splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 5 and cells[3] == "translated":
            yield cells[1], cells[2].strip("`"), cells[4]


def routerd_key(column: str):
    """The TOML key a keyword becomes: the last plain identifier of the routerd column
    ("[vrrp.instance.NAME] garp_master_delay" -> garp_master_delay), or None."""
    column = column.split(" (")[0]
    names = re.findall(r"[a-z][a-z0-9_]*[a-z0-9]", column.split("]")[-1] or column)
    return names[-1] if names else None


def cpp_tests(path: pathlib.Path):
    """(name, text) per TEST(...) of a C++ test file; the file's text before its first test
    (the configurations its tests share) belongs to each."""
    text = path.read_text(errors="replace")
    starts = [m for m in re.finditer(r"^TEST(?:_F|_P)?\((\w+),\s*(\w+)\)", text, re.M)]
    shared = text[:starts[0].start()] if starts else ""
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        yield f"{m.group(1)}.{m.group(2)}", shared + text[m.start():end]


def all_tests(repo: pathlib.Path):
    """(name, text, is_importer_test) for every unit test and integration script."""
    for path in sorted((repo / "tests").rglob("*_test.cpp")):
        importer = IMPORTER_TESTS in path.as_posix()
        for name, text in cpp_tests(path):
            yield name, text, importer
    for path in sorted((repo / "tests" / "integration").rglob("*.sh")):
        yield path.relative_to(repo).as_posix(), path.read_text(errors="replace"), False


def listed(names, most=4):
    """At most `most` names, and how many more."""
    more = f" (+{len(names) - most} more)" if len(names) > most else ""
    return ", ".join(names[:most]) + more if names else "-"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", default=".")
    parser.add_argument("--only", help="comma-separated keywords to list (default: all)")
    args = parser.parse_args()
    repo = pathlib.Path(args.repo)
    only = set(args.only.split(",")) if args.only else None
    tests = list(all_tests(repo))
    # At a line's start, in a file or after a C++ string's "\n".
    line_start = r"(?:^|\\n)[ \t{]*"
    missing = []
    seen = set()
    print("| Keepalived block | keyword | importer unit tests | routerd tests |")
    print("|---|---|---|---|")
    for block, keyword, column in translated_keywords(repo / "docs/keepalived-keywords.md"):
        if only is not None and keyword not in only:
            continue
        seen.add(keyword)
        as_keepalived = re.compile(line_start + re.escape(keyword) + r"\b", re.M)
        key = routerd_key(column)
        # `KEY =`, or a table header naming it ("[ipvs.virtual_server_group.farm]").
        as_toml = (re.compile(r"(?:(?<![\w-])|(?<=\\n))" + re.escape(key) + r" *=|\[(?:[\w\"-]+\.)*" +
                              re.escape(key) + r"[.\]]") if key else None)
        importer, behaviour = [], []
        for name, text, is_importer in tests:
            if keyword not in text and (key is None or key not in text):
                continue  # neither regular expression can match
            if is_importer and as_keepalived.search(text):
                importer.append(name)
            elif not is_importer and (as_keepalived.search(text) or
                                      (as_toml and as_toml.search(text))):
                behaviour.append(name)
        if not importer and not behaviour:
            missing.append(f"{block} {keyword}")
        print(f"| {block} | `{keyword}` | {listed(importer)} | {listed(behaviour)} |")
    if only is not None:
        for keyword in sorted(only - seen):
            missing.append(f"{keyword} (not a translated keyword)")
    if missing:
        print("\nno test found:\n  " + "\n  ".join(missing))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
