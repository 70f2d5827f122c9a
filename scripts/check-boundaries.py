#!/usr/bin/env python3
"""Checks the plugin boundaries of DESIGN.md against a finished Ninja build.

A plugin's sources include only sdk/, plugins/common/ and their own folder, and a plugin's
targets link no other plugin's library. The facts come from the build itself, not from
reading sources: Ninja's dependency log says which headers each object file really included
(transitively, whatever the include paths), and CMake's file API says which targets each
target depends on. So an include that sneaks in through an include directory, or a library
linked by name, is seen just the same.

usage: check-boundaries.py SOURCE_DIR BUILD_DIR     (exit 0: clean, 1: violations, 2: usage)
"""
import glob
import json
import os
import re
import subprocess
import sys

# Each unit is a folder; a file belongs to the unit with the longest matching prefix. A unit
# may use itself and the units listed for it. Folders outside every unit (tests/, bench/)
# are not checked.
ALLOWED = {
    "sdk": [],
    # The host never includes or links a plugin: plugins reach it through the C ABI only.
    "kernel": ["sdk"],
    "plugins/common": ["sdk"],
    "plugins/vrrp": ["sdk", "plugins/common"],
    "plugins/notify-smtp": ["sdk", "plugins/common"],
    "plugins/announce-bgp": ["sdk", "plugins/common"],
    "plugins/lifecycle-scripts": ["sdk", "plugins/common"],
    "plugins/notify-fifo": ["sdk", "plugins/common"],
    # One family: the checker types share checks/common (Asio probes), and SSL_GET is
    # HTTP_GET over TLS, so check_ssl builds on checks/http.
    "plugins/checks": ["sdk", "plugins/common"],
    # IPVS: the table model is the one thing the service and both forwarders share; the
    # userspace forwarder drives scheduler plugins through the schedulers' client adapter.
    # The table carries each service's scheduler flags, so the schedulers read those flags
    # with the table's own parser rather than a second one.
    "plugins/ipvs/table": ["sdk", "plugins/common"],
    "plugins/ipvs/schedulers": ["sdk", "plugins/common", "plugins/ipvs/table"],
    "plugins/ipvs/service": ["sdk", "plugins/common", "plugins/ipvs/table"],
    "plugins/ipvs/forwarders/kernel": ["sdk", "plugins/common", "plugins/ipvs/table"],
    "plugins/ipvs/forwarders/userspace": [
        "sdk", "plugins/common", "plugins/ipvs/table", "plugins/ipvs/schedulers"],
}


def unit_of(relpath):
    """The unit a repository-relative path belongs to, or None."""
    best = None
    for unit in ALLOWED:
        if relpath == unit or relpath.startswith(unit + "/"):
            if best is None or len(unit) > len(best):
                best = unit
    return best


def may_use(user, used):
    return used == user or used in ALLOWED[user]


def repo_relative(path, source_dir):
    """The path relative to the source tree, or None when it lies outside it."""
    rel = os.path.relpath(os.path.realpath(path), source_dir)
    return None if rel.startswith("..") else rel


def ninja_deps(build_dir):
    """Object file -> its source file, then every header it included, as Ninja's dependency
    log records them (the compiler's depfile names the source first)."""
    out = subprocess.run(["ninja", "-C", build_dir, "-t", "deps"], check=True,
                         capture_output=True, text=True).stdout
    deps, current = {}, None
    for line in out.splitlines():
        if line and not line[0].isspace():
            current = line.split(":", 1)[0]
            deps[current] = []
        elif line.strip() and current is not None:
            deps[current].append(os.path.join(build_dir, line.strip()))
    return deps


def include_line(paths, header_rel):
    """Where among `paths` the header is included by name: 'FILE:LINE', or None."""
    name = os.path.basename(header_rel)
    pattern = re.compile(r'^\s*#\s*include\s*[<"]([^>"]*)[>"]')
    for path in paths:
        try:
            with open(path, errors="replace") as f:
                for number, text in enumerate(f, 1):
                    m = pattern.match(text)
                    if m and os.path.basename(m.group(1)) == name:
                        return f"{path}:{number}"
        except OSError:
            continue
    return None


def include_violations(source_dir, build_dir):
    found = []
    for source, *headers in filter(None, ninja_deps(build_dir).values()):
        source_rel = repo_relative(source, source_dir)
        user = source_rel and unit_of(source_rel)
        if not user:
            continue
        own_files = [source] + [h for h in headers
                                if (r := repo_relative(h, source_dir)) and unit_of(r) == user]
        for header in headers:
            rel = repo_relative(header, source_dir)
            if rel is None or rel.startswith(os.path.relpath(build_dir, source_dir) + "/"):
                continue  # system and generated headers
            used = unit_of(rel)
            if used is None or not may_use(user, used):
                where = include_line(own_files, rel) or source_rel
                found.append(f"{where}: {source_rel} includes {rel}, outside what {user} may "
                             f"use ({', '.join([user] + ALLOWED[user])})")
    return found


def file_api_targets(source_dir, build_dir):
    """Target id -> (name, source folder relative to the tree, ids of its dependencies)."""
    query = os.path.join(build_dir, ".cmake", "api", "v1", "query", "codemodel-v2")
    os.makedirs(os.path.dirname(query), exist_ok=True)
    open(query, "a").close()
    subprocess.run(["cmake", build_dir], check=True, capture_output=True)  # writes the answer
    reply = os.path.join(build_dir, ".cmake", "api", "v1", "reply")
    index = sorted(glob.glob(os.path.join(reply, "index-*.json")))[-1]
    with open(index) as f:
        codemodel_file = next(o["jsonFile"] for o in json.load(f)["objects"]
                              if o["kind"] == "codemodel")
    with open(os.path.join(reply, codemodel_file)) as f:
        codemodel = json.load(f)
    targets = {}
    for ref in codemodel["configurations"][0]["targets"]:
        with open(os.path.join(reply, ref["jsonFile"])) as f:
            target = json.load(f)
        folder = os.path.normpath(target["paths"]["source"])
        targets[target["id"]] = (target["name"], folder,
                                 [d["id"] for d in target.get("dependencies", [])])
    return targets


def link_violations(source_dir, build_dir):
    targets = file_api_targets(source_dir, build_dir)
    found = []
    for name, folder, dependencies in targets.values():
        user = unit_of(folder)
        if not user:
            continue
        for dep in dependencies:
            dep_name, dep_folder, _ = targets[dep]
            used = unit_of(dep_folder)
            if used is not None and not may_use(user, used):
                found.append(f"{folder}/CMakeLists.txt: target {name} links {dep_name} of "
                             f"{dep_folder}, outside what {user} may use "
                             f"({', '.join([user] + ALLOWED[user])})")
            elif used is None and not dep_folder.startswith(".."):
                found.append(f"{folder}/CMakeLists.txt: target {name} links {dep_name} of "
                             f"{dep_folder}, which is not a plugin library")
    return found


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    source_dir, build_dir = (os.path.realpath(a) for a in argv[1:])
    violations = sorted(set(include_violations(source_dir, build_dir) +
                            link_violations(source_dir, build_dir)))
    for v in violations:
        print(v)
    if violations:
        print(f"plugin boundaries: {len(violations)} violation(s) (see DESIGN.md, Layout)")
        return 1
    print("plugin boundaries: clean")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
