#!/usr/bin/env bash
# Installs the Debian 12 packages libeseal needs to build and test, when missing.
set -euo pipefail

packages=(
  meson ninja-build pkg-config gcc g++ binutils
  libssl-dev openssl
  libsqlite3-dev sqlite3 postgresql libpq-dev libcbor-dev libzip-dev zlib1g-dev libxml2-dev
  libcurl4-openssl-dev libjansson-dev
  libfreetype-dev libcairo2-dev fonts-noto-cjk
  libp11-kit-dev softhsm2
  googletest libgtest-dev
  python3 python3-jsonschema
  clang libclang-rt-14-dev llvm
  swig python3-dev python3-pytest python3-venv python3-mesonpy python3-mypy default-jdk-headless junit4
  maven libmaven-install-plugin-java libbuild-helper-maven-plugin-java libmaven-enforcer-plugin-java
  scdoc bash-completion
  abigail-tools gcc-mingw-w64-x86-64-posix doxygen
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
