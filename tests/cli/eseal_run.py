"""Running the eseal command from the CLI tests: ESEAL_CLI names the binary.

`run` returns the finished process whatever its exit status; `ok` fails the
test, with the command's output, unless the status is 0. Both go through
subprocess.run at call time, so conftest.py's JSON-schema check sees them."""
import os
import subprocess

ESEAL = os.environ.get("ESEAL_CLI", "")


def run(*args, cwd=None, timeout=120):
    return subprocess.run([ESEAL, *args], capture_output=True, timeout=timeout, cwd=cwd)


def ok(*args, cwd=None):
    r = run(*args, cwd=cwd)
    if r.returncode != 0:
        raise AssertionError("eseal %s: exit %d\n%s%s" % (" ".join(args), r.returncode,
                                                          r.stdout.decode(), r.stderr.decode()))
    return r
