#!/usr/bin/env python3
"""Runs a binding example as the README tells: against a PKI made by
`eseal pki init` and a small file; it must print TOTAL_PASSED and exit 0.

usage: run_example.py ESEAL_CLI COMMAND...   (PKI_DIR and FILE are appended)
"""
import pathlib
import subprocess
import sys
import tempfile


def main(cli, *command):
    with tempfile.TemporaryDirectory() as work:
        pki = pathlib.Path(work, "pki")
        subprocess.run([cli, "pki", "init", str(pki)], check=True, capture_output=True, timeout=60)
        document = pathlib.Path(work, "contract.txt")
        document.write_text("合同正文\n", encoding="utf-8")
        result = subprocess.run([*command, str(pki), str(document)], capture_output=True,
                                text=True, timeout=300)
        print(result.stdout, result.stderr, sep="\n")
        if result.returncode != 0 or "Result: TOTAL_PASSED" not in result.stdout:
            return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
