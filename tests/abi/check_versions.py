#!/usr/bin/env python3
"""Ties the version script, the exported symbols and abi/symbols.txt together.

abi/symbols.txt lists every public function with the version node it was
first exported under ("LIBESEAL_0.3 eseal_ofd_verify"). A function, once
listed, keeps its node forever: old binaries ask for it by name and version.
This check fails when
  - a listed function is no longer exported, or is exported under another node;
  - an exported function is not listed (a new one: list it, see doc/abi.md),
    in particular one that fell into LIBESEAL_0.1 through its wildcard
    instead of being named in a new node;
  - the version script's nodes are not a chain (each inheriting the one
    before it), or it names a function twice, or names one in a node other
    than the list's.
check_exports.py ties the exports to the headers' ESEAL_EXTERN declarations.

usage: check_versions.py LIBRARY MAP_FILE SYMBOLS_LIST
       check_versions.py --list LIBRARY OLD_LIST   (the new list, printed; a new
                         function in LIBESEAL_0.1 is refused, as above)
       check_versions.py --self-test
"""
import re
import subprocess
import sys

FIRST_NODE = "LIBESEAL_0.1"
NODE = re.compile(r"(LIBESEAL_[0-9.]+)\s*\{(.*?)\}\s*(LIBESEAL_[0-9.]+)?\s*;", re.S)
COMMENT = re.compile(r"/\*.*?\*/", re.S)


def exported_versions(library):
    """{function: version node} of the library's dynamic symbols."""
    out = subprocess.run(["readelf", "--dyn-syms", "--wide", library], capture_output=True,
                         text=True, check=True).stdout
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 8 or parts[3] != "FUNC" or parts[6] == "UND":
            continue
        name, _, version = parts[7].partition("@@")
        if name.startswith("eseal_") and version:
            found[name] = version
    return found


def parse_map(text):
    """[(node, [names], parent)] of a version script, comments removed."""
    nodes = []
    for node, body, parent in NODE.findall(COMMENT.sub(" ", text)):
        global_part = body.split("local:")[0].replace("global:", " ")
        names = [n.strip() for n in global_part.split(";") if n.strip()]
        nodes.append((node, names, parent or None))
    return nodes


def parse_list(text):
    listed = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        version, name = line.split()
        if name in listed:
            raise ValueError(f"symbols list line {number}: {name} listed twice")
        listed[name] = version
    return listed


def problems(exports, nodes, listed):
    lines = []
    for name, version in sorted(listed.items()):
        if name not in exports:
            lines.append(f"{name} ({version}) is no longer exported")
        elif exports[name] != version:
            lines.append(f"{name} moved from {version} to {exports[name]}")
    for name, version in sorted(exports.items()):
        if name in listed:
            continue
        if version == FIRST_NODE:
            lines.append(f"{name} is new but fell into {FIRST_NODE} through its wildcard: "
                         "name it in a new node of src/libeseal.map")
        else:
            lines.append(f"{name} is new in {version}: add it to abi/symbols.txt "
                         "(scripts/abi-update.sh)")
    if not nodes or nodes[0][0] != FIRST_NODE:
        lines.append(f"the version script must start with {FIRST_NODE}")
    seen = {}
    for i, (node, names, parent) in enumerate(nodes):
        if i and parent != nodes[i - 1][0]:
            lines.append(f"{node} must inherit {nodes[i - 1][0]}, not {parent}")
        for name in names:
            if "*" in name or "?" in name or "[" in name:
                if node != FIRST_NODE:
                    lines.append(f"{node} uses a wildcard ({name}): name each function")
                continue
            if name in seen:
                lines.append(f"{name} is named in both {seen[name]} and {node}")
            seen[name] = node
            if name in listed and listed[name] != node:
                lines.append(f"{name} is named in {node} but listed under {listed[name]}")
    return lines


def self_test():
    nodes = parse_map("""/* c */ LIBESEAL_0.1 { global: eseal_[!_]*; local: *; };
                         LIBESEAL_0.2 { global: eseal_b; eseal_c; } LIBESEAL_0.1;""")
    assert nodes == [("LIBESEAL_0.1", ["eseal_[!_]*"], None),
                     ("LIBESEAL_0.2", ["eseal_b", "eseal_c"], "LIBESEAL_0.1")], nodes
    listed = {"eseal_a": "LIBESEAL_0.1", "eseal_b": "LIBESEAL_0.2", "eseal_c": "LIBESEAL_0.2"}
    good = dict(listed)
    assert problems(good, nodes, listed) == []
    assert problems({**good, "eseal_d": "LIBESEAL_0.1"}, nodes, listed) == [
        "eseal_d is new but fell into LIBESEAL_0.1 through its wildcard: "
        "name it in a new node of src/libeseal.map"]
    assert "is new in LIBESEAL_0.2" in problems({**good, "eseal_d": "LIBESEAL_0.2"}, nodes,
                                                 listed)[0]
    assert problems({k: v for k, v in good.items() if k != "eseal_b"}, nodes, listed) == [
        "eseal_b (LIBESEAL_0.2) is no longer exported"]
    assert problems({**good, "eseal_b": "LIBESEAL_0.1"}, nodes, listed) == [
        "eseal_b moved from LIBESEAL_0.2 to LIBESEAL_0.1"]
    broken = nodes + [("LIBESEAL_0.3", ["eseal_c", "eseal_*"], "LIBESEAL_0.1")]
    assert problems(good, broken, listed) == [
        "LIBESEAL_0.3 must inherit LIBESEAL_0.2, not LIBESEAL_0.1",
        "eseal_c is named in both LIBESEAL_0.2 and LIBESEAL_0.3",
        "eseal_c is named in LIBESEAL_0.3 but listed under LIBESEAL_0.2",
        "LIBESEAL_0.3 uses a wildcard (eseal_*): name each function"], problems(good, broken, listed)
    try:
        parse_list("LIBESEAL_0.1 eseal_a\nLIBESEAL_0.2 eseal_a\n")
        raise AssertionError("a name listed twice was accepted")
    except ValueError:
        pass
    print("self-test passed")


def main(argv):
    if argv[1:] == ["--self-test"]:
        self_test()
        return 0
    if argv[1] == "--list":
        exports = exported_versions(argv[2])
        with open(argv[3], encoding="utf-8") as f:
            old = parse_list(f.read())
        strays = [n for n, v in exports.items() if v == FIRST_NODE and n not in old]
        if strays:
            print(f"new functions fell into {FIRST_NODE} through its wildcard; name them in a "
                  f"new node of src/libeseal.map: {', '.join(sorted(strays))}", file=sys.stderr)
            return 1
        print("# Every public function and the version node it was first exported under.")
        print("# Checked by tests/abi/check_versions.py; written by scripts/abi-update.sh.")
        for name, version in sorted(exports.items(),
                                    key=lambda kv: ([int(x) for x in kv[1].split("_")[1].split(".")],
                                                    kv[0])):
            print(f"{version} {name}")
        return 0
    library, map_file, symbols = argv[1:4]
    exports = exported_versions(library)
    with open(map_file, encoding="utf-8") as f:
        nodes = parse_map(f.read())
    with open(symbols, encoding="utf-8") as f:
        listed = parse_list(f.read())
    print(f"{len(exports)} exported functions, {len(listed)} listed, {len(nodes)} version nodes")
    bad = problems(exports, nodes, listed)
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
