#!/usr/bin/env python3
"""Runs one libFuzzer target for a fixed time, as a meson test.

usage: run_libfuzzer.py FUZZER CORPUS DICT WORKDIR SECONDS

New inputs go to WORKDIR/corpus (emptied first), never into the source
corpus; a crash, leak or timeout leaves its input in WORKDIR and fails the
test with libFuzzer's exit code.
"""
import pathlib
import shutil
import subprocess
import sys


def main(fuzzer, corpus, dictionary, workdir, seconds):
    work = pathlib.Path(workdir)
    shutil.rmtree(work, ignore_errors=True)
    (work / "corpus").mkdir(parents=True)
    command = [
        fuzzer, str(work / "corpus"), corpus,
        f"-dict={dictionary}",
        f"-max_total_time={seconds}",
        "-max_len=65536",
        "-timeout=25",
        "-rss_limit_mb=2560",
        "-print_final_stats=1",
        # libFuzzer's own default, 77, is meson's "skipped": a crash must fail.
        "-error_exitcode=1",
        f"-artifact_prefix={work}/",
    ]
    print(" ".join(command), flush=True)
    try:
        result = subprocess.run(command, timeout=int(seconds) + 90)
    except subprocess.TimeoutExpired:
        print("the fuzzer did not stop in time", file=sys.stderr)
        return 1
    return result.returncode


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
