#!/usr/bin/env python3
"""Runs SWIG for Java and compiles its classes with the hand-written ones,
for Java 8, into a jar of classes only (pack_jar.py adds the manifest and the
JNI library). Meson cannot list SWIG's Java outputs in advance (one class per
opaque type and enum), so this one step makes them all.

usage: build_jar.py SWIG JAVAC JAR INTERFACE SOURCES_DIR WRAP_C JAR_OUT WORK DEPFILE -I... [-I...]
"""
import pathlib
import shutil
import subprocess
import sys


def main(swig, javac, jar, interface, sources, wrap_c, jar_out, work, depfile, *includes):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    generated = work / "src" / "org" / "eseal"
    classes = work / "classes"
    generated.mkdir(parents=True)
    classes.mkdir()
    subprocess.run([swig, "-java", "-package", "org.eseal", "-module", "EsealNative", *includes,
                    "-MD", "-MF", depfile, "-o", wrap_c, "-outdir", str(generated), interface], check=True)
    java_files = sorted(map(str, generated.glob("*.java")))
    java_files += sorted(map(str, pathlib.Path(sources, "org", "eseal").glob("*.java")))
    # Many deployments still run Java 8: --release 8 also refuses any newer API.
    subprocess.run([javac, "--release", "8", "-Xlint:all", "-Werror", "-d", str(classes),
                    *java_files], check=True)
    subprocess.run([jar, "--create", "--file", jar_out, "-C", str(classes), "."], check=True)


if __name__ == "__main__":
    if len(sys.argv) < 10:
        sys.exit(__doc__)
    main(*sys.argv[1:])
