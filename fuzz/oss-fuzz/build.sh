#!/bin/bash -eu
# Builds libeseal's fuzz targets the OSS-Fuzz way: compiled with $CC $CFLAGS,
# linked by $CXX with $LIB_FUZZING_ENGINE, each binary in $OUT with its
# <target>_seed_corpus.zip and <target>.dict beside it.
#
# Inside the OSS-Fuzz image the Dockerfile has cloned OpenSSL into
# $SRC/openssl; it is built static and instrumented here. Outside it, a plain
#   CC=clang CXX=clang++ fuzz/oss-fuzz/build.sh
# uses the system's OpenSSL 3 and defaults the OSS-Fuzz variables to an
# ASan+UBSan libFuzzer build under build-oss-fuzz/.

project=$(cd "$(dirname "$0")/../.." && pwd)
sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
: "${CC:=clang}"
: "${CXX:=clang++}"
: "${CFLAGS:=-O1 -g -fno-omit-frame-pointer $sanitizers -fsanitize=fuzzer-no-link}"
: "${CXXFLAGS:=$CFLAGS}"
: "${LIB_FUZZING_ENGINE:=-fsanitize=fuzzer}"
: "${WORK:=$project/build-oss-fuzz/work}"
: "${OUT:=$project/build-oss-fuzz/out}"
: "${SRC:=$(dirname "$project")}"
export CC CXX CFLAGS CXXFLAGS
mkdir -p "$WORK" "$OUT"

if [ -d "$SRC/openssl" ]; then
  # Static, position-independent (libeseal's shared library links it too),
  # and without loadable modules, so the binaries run on the bare runner image.
  prefix=$WORK/openssl
  if [ ! -f "$prefix/lib/libcrypto.a" ] && [ ! -f "$prefix/lib64/libcrypto.a" ]; then
    (cd "$SRC/openssl" &&
      ./Configure linux-x86_64 no-shared no-module no-tests no-apps enable-legacy \
        --prefix="$prefix" --libdir=lib -fPIC $CFLAGS &&
      make -j"$(nproc)" build_libs && make install_dev)
  fi
  export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
  # The runner image has none of the build image's libraries: take their
  # static archives where the distribution ships them.
  static_deps=-Dprefer_static=true
fi

# The sanitizer and engine flags arrive through CFLAGS; the linker needs them too.
export LDFLAGS="${LDFLAGS:-} $CXXFLAGS"
builddir=$WORK/meson
rm -rf "$builddir"
meson setup "$builddir" "$project" \
  -Dfuzzing=true -Dfuzzing_engine="$LIB_FUZZING_ENGINE" ${static_deps:-} \
  -Ddefault_library=static -Db_lundef=false \
  -Dtests=false -Dcli=false -Dbindings_python=disabled -Dbindings_java=disabled -Dbuildtype=plain
ninja -C "$builddir" $(cd "$project/fuzz" && ls ./*_fuzzer.c | sed 's|^\./|fuzz/|; s|\.c$||')

for source in "$project"/fuzz/*_fuzzer.c; do
  fuzzer=$(basename "$source" .c)
  target=${fuzzer%_fuzzer}
  cp "$builddir/fuzz/$fuzzer" "$OUT/"
  cp "$project/fuzz/$target.dict" "$OUT/$fuzzer.dict"
  python3 - "$OUT/${fuzzer}_seed_corpus.zip" "$project/fuzz/corpus/$target" <<'PY'
import pathlib, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for f in sorted(pathlib.Path(sys.argv[2]).iterdir()):
        z.write(f, f.name)
PY
done
echo "fuzz targets in $OUT"
