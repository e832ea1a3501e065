#!/usr/bin/env python3
"""Installs the Maven artifact with `mvn -o -q install` (pom.xml, against
Debian's Maven repository) into a temporary local repository and checks that
it holds exactly the jars meson built, under meson's version; then checks
that a build folder without the jars makes the install fail, saying so,
before anything is published. Skips (exit 77) when mvn is missing.

usage: check_maven.py MVN POM_DIR BUILD_DIR VERSION ESEAL_JAR SOURCES_JAR JAVADOC_JAR
"""
import filecmp
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

POM_NS = "{http://maven.apache.org/POM/4.0.0}"


def fail(message):
    sys.exit("FAIL: " + message)


def mvn_install(mvn, pom_dir, build_dir, repo):
    return subprocess.run([mvn, "-o", "-q", "-B", "install", "-f", os.path.join(pom_dir, "pom.xml"),
                           "-Dmaven.repo.local=" + repo, "-Deseal.build=" + build_dir],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=170)


def main(mvn, pom_dir, build_dir, version, eseal_jar, sources_jar, javadoc_jar):
    if not mvn:
        print("SKIP: mvn is missing (Debian's maven, see scripts/install-deps.sh)")
        sys.exit(77)
    pom_version = ET.parse(os.path.join(pom_dir, "pom.xml")).getroot().find(POM_NS + "version").text
    if pom_version != version:
        fail("pom.xml says version %s, meson.build %s" % (pom_version, version))
    with tempfile.TemporaryDirectory(prefix="eseal-m2-") as repo:
        run = mvn_install(mvn, pom_dir, build_dir, repo)
        if run.returncode != 0:
            fail("mvn -o install failed:\n" + run.stdout)
        installed = os.path.join(repo, "org", "eseal", "eseal", version)
        for built, name in ((eseal_jar, ""), (sources_jar, "-sources"), (javadoc_jar, "-javadoc")):
            path = os.path.join(installed, "eseal-%s%s.jar" % (version, name))
            if not os.path.isfile(path) or not filecmp.cmp(built, path, shallow=False):
                fail("%s is not meson's %s" % (path, built))
        pom = ET.parse(os.path.join(installed, "eseal-%s.pom" % version)).getroot()
        if (pom.find(POM_NS + "groupId").text, pom.find(POM_NS + "artifactId").text) != ("org.eseal", "eseal"):
            fail("the installed pom is not org.eseal:eseal")
    with tempfile.TemporaryDirectory(prefix="eseal-m2-") as repo, \
            tempfile.TemporaryDirectory(prefix="eseal-empty-build-") as empty:
        run = mvn_install(mvn, pom_dir, empty, repo)
        if run.returncode == 0:
            fail("mvn -o install passed without the jars")
        if "Build the jars first" not in run.stdout:
            fail("no clear error without the jars:\n" + run.stdout)
        if os.path.exists(os.path.join(repo, "org", "eseal")):
            fail("mvn -o install published something without the jars")
    print("org.eseal:eseal:%s installed with meson's jars" % version)


if __name__ == "__main__":
    if len(sys.argv) != 8:
        sys.exit(__doc__)
    main(*sys.argv[1:])
