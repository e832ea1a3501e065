#!/usr/bin/env python3
"""Checks the jars meson built: eseal.jar's manifest (module name, version)
comes first, every class file is for Java 8, the JNI library is at its
entry; the sources jar holds the sources and the javadoc jar the pages of
the public classes only. Then checks that the class-version check refuses a
Java 11 class.

usage: check_jars.py ESEAL_JAR SOURCES_JAR JAVADOC_JAR VERSION NATIVE_ENTRY
"""
import io
import struct
import sys
import zipfile

JAVA_8 = 52


def fail(message):
    sys.exit("FAIL: " + message)


def class_problems(jar):
    """The class files of {jar} that a Java 8 JVM would refuse."""
    bad = []
    for name in jar.namelist():
        if name.endswith(".class"):
            head = jar.read(name)[:8]
            magic, _, major = struct.unpack(">IHH", head)
            if magic != 0xCAFEBABE or major > JAVA_8:
                bad.append("%s (class file version %d)" % (name, major))
    return bad


def check_main(path, version, native_entry):
    with zipfile.ZipFile(path) as jar:
        names = jar.namelist()
        if names[:2] != ["META-INF/", "META-INF/MANIFEST.MF"]:
            fail("the manifest is not the first entry: %s" % names[:2])
        manifest = jar.read("META-INF/MANIFEST.MF").decode().splitlines()
        for line in ("Automatic-Module-Name: org.eseal", "Implementation-Version: " + version):
            if line not in manifest:
                fail("%r not in the manifest: %s" % (line, manifest))
        bad = class_problems(jar)
        if bad:
            fail("classes not for Java 8: %s" % bad)
        if not any(n == "org/eseal/Report.class" for n in names):
            fail("no org/eseal/Report.class")
        if native_entry not in names or jar.getinfo(native_entry).file_size == 0:
            fail("no JNI library at " + native_entry)
        return [n[len("org/eseal/"):-len(".class")] for n in names
                if n.startswith("org/eseal/") and n.endswith(".class") and "$" not in n]


def check_docs(sources_path, javadoc_path):
    with zipfile.ZipFile(sources_path) as jar:
        names = set(jar.namelist())
        for cls in ("Eseal", "Report", "Indication", "SubIndication", "CheckStatus", "NativeLibrary"):
            if "org/eseal/%s.java" % cls not in names:
                fail("the sources jar has no org/eseal/%s.java" % cls)
    with zipfile.ZipFile(javadoc_path) as jar:
        names = set(jar.namelist())
        for page in ("index.html", "org/eseal/Report.html", "org/eseal/Indication.html"):
            if page not in names:
                fail("the javadoc jar has no " + page)
        hidden = [n for n in names if "SWIGTYPE" in n or "EsealNative" in n or "NativeLibrary" in n]
        if hidden:
            fail("the javadoc shows package-private classes: %s" % hidden)


def check_the_class_check():
    forged = io.BytesIO()
    with zipfile.ZipFile(forged, "w") as jar:
        jar.writestr("org/eseal/Old.class", struct.pack(">IHH", 0xCAFEBABE, 0, JAVA_8))
        jar.writestr("org/eseal/New.class", struct.pack(">IHH", 0xCAFEBABE, 0, 55))
    with zipfile.ZipFile(forged) as jar:
        if class_problems(jar) != ["org/eseal/New.class (class file version 55)"]:
            fail("a Java 11 class file passed the Java 8 check")


def main(eseal_jar, sources_jar, javadoc_jar, version, native_entry):
    classes = check_main(eseal_jar, version, native_entry)
    check_docs(sources_jar, javadoc_jar)
    check_the_class_check()
    print("eseal.jar: %d classes for Java 8, %s, version %s" % (len(classes), native_entry, version))


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
