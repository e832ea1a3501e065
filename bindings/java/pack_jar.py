#!/usr/bin/env python3
"""Makes the published eseal.jar: a versioned manifest (with the module name
Java 9+ users require it by), the classes, and the JNI library for this
platform at ENTRY (native/OS-ARCH/libeseal_jni.so), where NativeLibrary
looks when none is installed.

usage: pack_jar.py CLASSES_JAR JNI_LIBRARY ENTRY VERSION JAR_OUT
"""
import os
import sys
import zipfile

# A fixed time for every entry, so that the same build gives the same jar.
STAMP = (2000, 1, 1, 0, 0, 0)


def manifest(version):
    lines = [
        "Manifest-Version: 1.0",
        "Automatic-Module-Name: org.eseal",
        "Implementation-Title: libeseal Java binding",
        "Implementation-Version: " + version,
        "Specification-Title: libeseal",
        "Specification-Version: " + version,
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def entry(name, mode=0o644):
    info = zipfile.ZipInfo(name, STAMP)
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def main(classes_jar, jni_library, native_entry, version, jar_out):
    tmp = jar_out + ".tmp"
    with zipfile.ZipFile(classes_jar) as src, zipfile.ZipFile(tmp, "w") as out:
        # The manifest first: java.util.jar.JarInputStream only finds it there.
        out.writestr(entry("META-INF/"), b"")
        out.writestr(entry("META-INF/MANIFEST.MF"), manifest(version))
        for name in sorted(src.namelist()):
            if not name.startswith("META-INF/"):
                out.writestr(entry(name), src.read(name))
        with open(jni_library, "rb") as f:
            out.writestr(entry(native_entry, 0o755), f.read())
    os.replace(tmp, jar_out)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
