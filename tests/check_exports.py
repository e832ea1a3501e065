#!/usr/bin/env python3
"""The shared library exports eseal_* functions and nothing else."""
import subprocess
import sys

lib = sys.argv[1]
out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True,
                     check=True).stdout
names = []
for line in out.splitlines():
    parts = line.split()
    if len(parts) < 3:
        continue
    kind, name = parts[1], parts[2].split("@")[0]
    if kind == "A":  # the version node of the linker script
        continue
    names.append(name)
bad = [n for n in names if not n.startswith("eseal_")]
print(f"{len(names)} exported symbols")
if not names or bad:
    print("not allowed:", " ".join(bad) or "(none exported)")
    sys.exit(1)
for required in ("eseal_version", "eseal_seal_parse", "eseal_signature_parse",
                 "eseal_error_last", "eseal_set_allocator", "eseal_sniff"):
    if required not in names:
        print("missing:", required)
        sys.exit(1)
