#!/usr/bin/env python3
"""Compiles Java sources (the JUnit tests, the example) against a class path
into a jar of their own.

usage: javac_jar.py JAVAC JAR CLASSPATH JAR_OUT WORK SOURCE...
"""
import pathlib
import shutil
import subprocess
import sys


def main(javac, jar, classpath, jar_out, work, *sources):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    subprocess.run([javac, "--release", "11", "-Xlint:all", "-Werror", "-cp", classpath,
                    "-d", str(work), *sources], check=True)
    subprocess.run([jar, "--create", "--file", jar_out, "-C", str(work), "."], check=True)


if __name__ == "__main__":
    if len(sys.argv) < 7:
        sys.exit(__doc__)
    main(*sys.argv[1:])
