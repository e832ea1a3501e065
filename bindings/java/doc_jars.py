#!/usr/bin/env python3
"""Makes the sources jar and the javadoc jar that go beside eseal.jar (the
ones IDEs and Maven look for): the hand-written sources, and their public API
documented for Java 8, against the compiled classes (the SWIG classes are
package-private and not shown).

usage: doc_jars.py JAVADOC JAR CLASSES_JAR VERSION SOURCES_JAR JAVADOC_JAR WORK SOURCE...
"""
import pathlib
import shutil
import subprocess
import sys


def main(javadoc, jar, classes_jar, version, sources_jar, javadoc_jar, work, *sources):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    tree = work / "src" / "org" / "eseal"
    tree.mkdir(parents=True)
    for source in sources:
        shutil.copy(source, tree)
    subprocess.run([jar, "--create", "--file", sources_jar, "-C", str(work / "src"), "."], check=True)
    html = work / "html"
    # Doclint stays on for what is wrong (broken links, bad HTML); a member
    # without a comment is not an error.
    subprocess.run([javadoc, "--release", "8", "-quiet", "-Xdoclint:all,-missing", "-Werror",
                    "-cp", classes_jar, "-d", str(html), "-windowtitle", "libeseal " + version,
                    "-doctitle", "libeseal " + version + " Java API", *map(str, sorted(tree.glob("*.java")))],
                   check=True)
    subprocess.run([jar, "--create", "--file", javadoc_jar, "-C", str(html), "."], check=True)


if __name__ == "__main__":
    if len(sys.argv) < 9:
        sys.exit(__doc__)
    main(*sys.argv[1:])
