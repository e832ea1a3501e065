#!/usr/bin/env python3
"""Installs the eseal package as a user would, `pip install .` into a venv of
the system Python, then makes, stamps and verifies with it from outside the
source tree. Exits 77 (skipped) when venv or meson-python is missing.

usage: package_test.py SOURCE_DIR WORK_DIR ESEAL_CLI

The source tree is copied to WORK_DIR/src (pip and meson-python write into
the tree they build), built in WORK_DIR/build and installed into a venv made
afresh at WORK_DIR/venv: the same paths on every run, so that meson-python
reconfigures its build folder and ninja rebuilds only what changed.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

SYSTEM_PYTHON = "/usr/bin/python3"

# Run by the venv's interpreter, from an empty folder: the package must come
# from the venv, carry its type marker, and work without the build tree.
WORKFLOW = r'''
import datetime, pathlib, sys
import eseal
venv = pathlib.Path(sys.prefix).resolve()
package = pathlib.Path(eseal.__file__).resolve().parent
assert venv in package.parents, f"eseal imported from {package}, not from the venv {venv}"
assert (package / "py.typed").is_file(), "no py.typed marker"
pki, document = pathlib.Path(sys.argv[1]), b"contract text"
ctx = eseal.Context(trust_list=pki / "trust-list.txt", trust_list_operator=pki / "operator.crt")
maker = eseal.Key.from_file(pki / "maker.key"), eseal.Cert.from_file(pki / "maker.crt")
signer = eseal.Key.from_file(pki / "signer.key"), eseal.Cert.from_file(pki / "signer.crt")
seal = eseal.make_seal(ctx, *maker, esid="3301060000001", name="contract seal",
                       signers=[signer[1]], valid_from=ctx.time,
                       valid_to=ctx.time + datetime.timedelta(days=365))
signature = eseal.stamp(ctx, seal, *signer, document)
good = eseal.verify(ctx, signature.bytes, document)
assert good.indication is eseal.Indication.TOTAL_PASSED, str(good)
bad = eseal.verify(ctx, signature.bytes, document + b" changed")
assert bad.indication == "TOTAL_FAILED" and bad.sub_indication == "HASH_FAILURE", str(bad)
try:
    eseal.Key.from_file(pki / "missing.key")
except eseal.FileNotFoundError as e:
    assert isinstance(e, FileNotFoundError)
else:
    raise AssertionError("a missing file did not raise")
print("installed package:", package, eseal.__version__)
'''

# Read by mypy against the installed package: through py.typed it must see the
# hints, so that the good client passes and the bad one fails on its type.
TYPED_CLIENT = """
import eseal

def verdict(report: eseal.Report) -> str:
    sub = report.sub_indication
    failed = [c.id for c in report.checks if c.status is eseal.CheckStatus.NOT_OK]
    return report.indication.value + (sub.value if sub is not None else "") + ",".join(failed)
"""
BAD_CLIENT = """
import eseal

def verdict(report: eseal.Report) -> int:
    return report.indication
"""


def skip(reason):
    print("SKIP:", reason)
    return 77


# Written by meson-python into the tree it builds; kept from the last run,
# as a changed one makes it configure its build folder from scratch.
NATIVE_FILE = ".mesonpy-native-file.ini"


def copy_tree(source, target):
    """The source tree without version control and build folders."""
    def ignore(folder, names):
        return [n for n in names
                if n in (".git", "__pycache__") or n.startswith(".mesonpy")
                or pathlib.Path(folder, n, "meson-private").is_dir()]
    native_file = target / NATIVE_FILE
    kept = native_file.read_bytes() if native_file.is_file() else None
    if target.exists():
        shutil.rmtree(target)
    # copy2 keeps modification times, so that ninja rebuilds only what changed.
    shutil.copytree(source, target, ignore=ignore, symlinks=True)
    if kept is not None:
        native_file.write_bytes(kept)


def run(command, **kwargs):
    print("+", " ".join(map(str, command)), flush=True)
    return subprocess.run(command, check=True, timeout=600, **kwargs)


def check_types(python, folder, env):
    """mypy on a client of the installed package, when Debian's python3-mypy is there."""
    if subprocess.run([python, "-c", "import mypy"], capture_output=True).returncode != 0:
        print("note: python3-mypy is not installed: the type hints are not checked")
        return
    (folder / "good.py").write_text(TYPED_CLIENT)
    (folder / "bad.py").write_text(BAD_CLIENT)
    mypy = [python, "-m", "mypy", "--no-incremental", "--strict"]
    run(mypy + ["good.py"], cwd=folder, env=env)
    bad = subprocess.run(mypy + ["bad.py"], cwd=folder, env=env, capture_output=True, text=True)
    print(bad.stdout)
    assert bad.returncode == 1 and 'got "Indication", expected "int"' in bad.stdout, \
        "mypy did not read the installed package's hints"


def needed_libraries(extension):
    """The DT_NEEDED entries of an ELF file, or None without readelf."""
    readelf = shutil.which("readelf")
    if readelf is None:
        return None
    out = subprocess.run([readelf, "-d", extension], check=True, capture_output=True,
                         text=True).stdout
    return [line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]


def main(source_dir, work_dir, cli):
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return skip(f"{SYSTEM_PYTHON} is missing")
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import mesonpy, venv, ensurepip"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return skip("python3-mesonpy or python3-venv is not installed "
                    f"(scripts/install-deps.sh): {probe.stderr.strip().splitlines()[-1]}")
    cli = os.path.abspath(cli)  # meson gives it relative to the build folder
    work = pathlib.Path(work_dir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    copy_tree(pathlib.Path(source_dir).resolve(), work / "src")
    # No PYTHONPATH or build-tree paths may leak into pip or the venv.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    venv = work / "venv"
    if venv.exists():
        shutil.rmtree(venv)
    run([SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", venv], env=env)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        python = venv / "bin" / "python"
        run([python, "-m", "pip", "install", "--no-build-isolation", "--no-index",
             "--disable-pip-version-check", "--no-cache-dir",
             f"--config-settings=builddir={work / 'build'}",
             "--config-settings=compile-args=-j2", "."], cwd=work / "src", env=env)
        extensions = list(venv.glob("lib/python3*/site-packages/eseal/_native*.so"))
        assert len(extensions) == 1, f"expected one eseal/_native extension, found {extensions}"
        needed = needed_libraries(extensions[0])
        if needed is not None:
            assert not any(n.startswith("libeseal") for n in needed), \
                f"the extension needs {needed}: libeseal should be linked in"
        strays = [p for p in venv.rglob("libeseal*")]
        assert not strays, f"the wheel installed more than the package: {strays}"
        pki = tmp / "pki"
        run([cli, "pki", "init", pki], capture_output=True, env=env)
        outside = tmp / "elsewhere"
        outside.mkdir()
        run([python, "-c", WORKFLOW, pki], cwd=outside, env=env)
        check_types(python, outside, env)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
