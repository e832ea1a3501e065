#!/usr/bin/env python3
"""Mutation testing of libeseal's verification core (see README.md beside this file).

Each mutant in catalogue.txt changes one snippet of one source file. The
runner copies the tree once into a work directory, configures one meson build
there, and for each mutant: applies it, rebuilds incrementally, runs the
GoogleTest binaries that cover the file, and restores the file. A mutant that
no test kills is a rule the suite does not hold; it fails the run unless
equivalent.txt lists it as reviewed (the change cannot alter behaviour).

Python 3 standard library only. The source tree is never modified.
"""

import argparse
import datetime
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
CATALOGUE = os.path.join(HERE, "catalogue.txt")
EQUIVALENT = os.path.join(HERE, "equivalent.txt")

MESON_OPTIONS = [
    "--buildtype=debug",
    "-Db_sanitize=none",
    "-Dbindings_python=disabled",
    "-Dbindings_java=disabled",
    "-Dfuzzing=false",
    "-Dcli=false",
]

# Which meson tests (GoogleTest binaries) can notice a change in a source
# folder. A mutant of a file runs the tests of the longest matching folder,
# fastest first, and stops at the first failure. A name the tree does not have
# (an older revision) is skipped with a note.
TESTS_FOR = {
    "src/verify/": ["verify_rules", "verify", "verify_roles", "verify_policy", "chains",
                    "trust_list", "stamp", "vectors", "signature"],
    "src/codec/filing": ["filing", "verify"],
    "src/verify/steps_filing": ["filing", "verify"],
    "src/make/picture": ["picture"],
    "src/codec/": ["asn1", "seal", "signature", "roundtrip", "verify_rules", "verify", "vectors",
                   "stamp", "robustness"],
    "src/asn1/": ["asn1", "seal", "signature", "roundtrip", "verify_rules", "verify", "vectors",
                  "stamp", "robustness"],
    "src/stamp/": ["stamp", "verify", "verify_rules", "signature", "vectors", "registry",
                   "revocation"],
    "src/x509/": ["verify_rules", "verify", "verify_roles", "verify_policy", "chains", "stamp",
                  "vectors", "signature"],
    "src/crypto/sm2_": ["sm2_fast"],
    "src/crypto/pkcs11": ["pkcs11", "pkcs11_sm2"],
    "src/crypto/": ["verify_rules", "verify", "verify_policy", "stamp", "signature", "seal",
                    "vectors", "sm2_fast"],
    "src/context/": ["verify_roles", "trust_list", "verify_policy", "verify", "verify_rules"],
    "src/trust/": ["trust_list", "verify_roles"],
    "src/ofd/signed_data": ["signed_data"],
    "src/registry/": ["registry", "risk"],
    "src/risk/": ["risk"],
    "src/verify/steps_state": ["registry"],
    "src/ofd/stamp": ["ofd_stamp"],
    "src/ofd/": ["ofd", "ofd_vectors", "ofd_attacks"],
    "src/ofd/ofd_verify": ["ofd", "ofd_vectors", "ofd_attacks", "ofd_stamp"],
    "src/storage/": ["storage", "storage_threads"],
    "src/storage/postgresql": ["storage-postgresql", "storage-conformance-postgresql"],
    "src/cli/store_opt": ["storage"],
    "src/verify/report_render": ["report_json", "verify"],
    "src/json/": ["report_json", "seal", "signature"],
    "src/usage_log/merkle": ["tlog", "usage_log"],
    "src/usage_log/checkpoint": ["tlog", "usage_log"],
    "src/usage_log/bundle": ["tlog"],
    "src/usage_log/evidence": ["tlog"],
    "src/context/role_cert": ["tlog", "registry"],
    "src/context/caches": ["caches"],
    "src/context/prefix_digest": ["caches"],
    "src/stamp/data": ["data", "stamp", "verify", "verify_rules", "verify_policy"],
    "src/usage_log/record": ["usage_log"],
    "src/usage_log/log_": ["usage_log"],
    "src/usage_log/pseudonym": ["usage_log"],
    "src/usage_log/usage_log": ["usage_log", "risk"],
    "src/verify/steps_revocation": ["revocation", "verify"],
    "src/verify/steps_timestamp": ["revocation", "revocation_online", "verify"],
    "src/revocation/": ["revocation", "revocation_attacks"],
    "src/stamp/stamp_": ["revocation"],
    "src/revocation/crl": ["crl"],
    "src/revocation/ocsp": ["ocsp"],
    "src/revocation/urls": ["ocsp"],
    "src/timestamp/": ["timestamp"],
    "src/cms/": ["signed_data", "timestamp", "ofd"],
    "src/core/base64": ["escape", "ofd"],
}

CI_BUDGET_SECONDS = 300
TEST_TIMEOUT_SECONDS = 300
BUILD_TIMEOUT_SECONDS = 900


@dataclass
class Mutant:
    id: str
    file: str
    original: str
    replacement: str
    why: str
    line: int  # where the entry starts in catalogue.txt


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # killed, compile, survived, equivalent, stale
    detail: str = ""
    seconds: float = 0.0


class CatalogueError(Exception):
    pass


def parse_catalogue(path):
    """Reads the catalogue: [id], file:, why:, then '- ' original and '+ ' replacement lines."""
    mutants, current = [], None

    def finish():
        if current is None:
            return
        missing = [k for k in ("file", "why") if not current.get(k)]
        if missing or not current["minus"]:
            raise CatalogueError("%s:%d: [%s] lacks %s" % (
                path, current["line"], current["id"],
                ", ".join(missing + ([] if current["minus"] else ["'- ' lines"]))))
        mutants.append(Mutant(current["id"], current["file"], "\n".join(current["minus"]),
                              "\n".join(current["plus"]), current["why"], current["line"]))

    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            m = re.fullmatch(r"\[([A-Za-z0-9_.\-]+)\]", line)
            if m:
                finish()
                current = {"id": m.group(1), "line": n, "minus": [], "plus": []}
            elif current is None:
                raise CatalogueError("%s:%d: text before the first [id]" % (path, n))
            elif line.startswith("file:"):
                current["file"] = line[5:].strip()
            elif line.startswith("why:"):
                current["why"] = line[4:].strip()
            elif line == "-" or line.startswith("- "):
                current["minus"].append(line[2:])
            elif line == "+" or line.startswith("+ "):
                current["plus"].append(line[2:])
            else:
                raise CatalogueError("%s:%d: cannot read %r" % (path, n, line))
    finish()
    ids = [m.id for m in mutants]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise CatalogueError("duplicate ids: " + ", ".join(dupes))
    return mutants


def parse_equivalent(path):
    """id -> reason, one per line: 'id  reason'."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 1)
            if len(parts) < 2:
                raise CatalogueError("%s:%d: an equivalent mutant needs a reason" % (path, n))
            out[parts[0]] = parts[1]
    return out


def tests_for(path):
    best = max((k for k in TESTS_FOR if path.startswith(k)), key=len, default=None)
    if best is None:
        raise CatalogueError("%s: no tests are mapped to its folder (TESTS_FOR in run.py)" % path)
    return TESTS_FOR[best]


def git(repo, *args, binary=False):
    out = subprocess.run(["git", "-C", repo] + list(args), check=True, capture_output=True)
    return out.stdout if binary else out.stdout.decode()


def stale_reason(text, m):
    count = text.count(m.original)
    if count == 1:
        return None
    return "the original snippet occurs %d times in %s (must be once): update catalogue.txt:%d" % (
        count, m.file, m.line)


# --- The work tree ---------------------------------------------------------

def sync_file(dest, data):
    """Writes only what differs, so that ninja rebuilds only what changed."""
    try:
        with open(dest, "rb") as f:
            if f.read() == data:
                return
    except FileNotFoundError:
        os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        f.write(data)


def copy_tree(repo, src, rev):
    """The tracked (and untracked, not ignored) files of the work tree, or of revision `rev`."""
    if rev:
        tar = tarfile.open(fileobj=io.BytesIO(git(repo, "archive", rev, binary=True)))
        for member in tar.getmembers():
            if member.isfile():
                sync_file(os.path.join(src, member.name), tar.extractfile(member).read())
        return
    names = git(repo, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in names:
        path = os.path.join(repo, name)
        if name and os.path.isfile(path) and not os.path.islink(path):
            with open(path, "rb") as f:
                sync_file(os.path.join(src, name), f.read())


def configure(repo, work):
    src, build = os.path.join(work, "src"), os.path.join(work, "build")
    if os.path.exists(os.path.join(build, "build.ninja")):
        return build
    options = list(MESON_OPTIONS)
    shared = os.path.join(os.path.dirname(repo), "shared")
    if os.path.isdir(shared):
        options.append("-Dshared_dir=" + shared)
    subprocess.run(["meson", "setup", build, src] + options, check=True,
                   stdout=subprocess.DEVNULL)
    return build


def introspect_tests(build):
    out = subprocess.run(["meson", "introspect", "--tests", build], check=True,
                         capture_output=True, text=True).stdout
    return {t["name"]: t for t in json.loads(out)}


def build_targets(build, targets, timeout):
    try:
        r = subprocess.run(["ninja", "-C", build] + targets, capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, "build timed out"
    if r.returncode == 0:
        return True, ""
    lines = r.stdout.splitlines()
    errors = [l for l in lines if "error:" in l]
    return False, (errors or lines[-1:] or ["build failed"])[0]


def run_test(test, timeout):
    """(passed, detail) of one GoogleTest binary, failing fast."""
    env = dict(os.environ)
    env.update(test.get("env") or {})
    cmd = list(test["cmd"]) + ["--gtest_brief=1", "--gtest_fail_fast"]
    try:
        r = subprocess.run(cmd, env=env, cwd=test.get("workdir") or None, capture_output=True,
                           text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, "%s timed out after %ds" % (test["name"], timeout)
    if r.returncode == 0:
        return True, ""
    failed = re.findall(r"^\[  FAILED  \] (\S+)", r.stdout, re.M)
    if failed:
        return False, "%s: %s" % (test["name"], failed[0])
    return False, "%s exited with %d" % (test["name"], r.returncode)


class Runner:
    def __init__(self, repo, work, build, tests, args):
        self.repo, self.work, self.build, self.tests, self.args = repo, work, build, tests, args
        self.speed = {}

    def targets(self, names):
        """The test programs (also those a wrapper runs, such as the GoogleTest
        binary of tests/support/pg_server.py), and what their environment names
        inside the build folder (a module a test loads, such as the PKCS#11 one)."""
        wanted = set()
        for n in names:
            for arg in self.tests[n]["cmd"]:
                if arg.startswith(self.build + os.sep):
                    wanted.add(os.path.relpath(arg, self.build))
            for value in (self.tests[n].get("env") or {}).values():
                if value.startswith(self.build + os.sep) and os.path.splitext(value)[1] == ".so":
                    wanted.add(os.path.relpath(value, self.build))
        return sorted(wanted)

    def baseline(self, names):
        ok, why = build_targets(self.build, self.targets(names), BUILD_TIMEOUT_SECONDS)
        if not ok:
            raise CatalogueError("the unmutated tree does not build: " + why)
        for n in names:
            start = time.monotonic()
            passed, why = run_test(self.tests[n], self.args.timeout)
            self.speed[n] = time.monotonic() - start
            if not passed:
                raise CatalogueError("the unmutated tree fails its tests: " + why)

    def run(self, m, equivalent):
        start = time.monotonic()
        path = os.path.join(self.work, "src", m.file)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        stale = stale_reason(text, m)
        if stale:
            return Outcome(m, "stale", stale)
        names = sorted((n for n in tests_for(m.file) if n in self.tests),
                       key=lambda n: self.speed.get(n, 0))
        try:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text.replace(m.original, m.replacement))
            ok, why = build_targets(self.build, self.targets(names), BUILD_TIMEOUT_SECONDS)
            if not ok:
                return Outcome(m, "compile", why, time.monotonic() - start)
            for n in names:
                passed, why = run_test(self.tests[n], self.args.timeout)
                if not passed:
                    return Outcome(m, "killed", why, time.monotonic() - start)
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        status = "equivalent" if m.id in equivalent else "survived"
        return Outcome(m, status, equivalent.get(m.id, ""), time.monotonic() - start)


# --- Choosing mutants ------------------------------------------------------

def default_base(repo):
    try:
        return git(repo, "merge-base", "HEAD", "HEAD~20").strip()
    except subprocess.CalledProcessError:
        return git(repo, "rev-list", "--max-parents=0", "HEAD").split()[0]


def changed_files(repo, base):
    """Files that differ between `base` and the work tree (committed or not)."""
    return set(git(repo, "diff", "--name-only", base).split())


def ci_order(mutants, changed, today):
    """The mutants of changed files first, then the rest in an order fixed by the date."""
    first = [m for m in mutants if m.file in changed]
    rest = [m for m in mutants if m.file not in changed]
    random.Random(today.isoformat()).shuffle(rest)
    return first, rest


# --- Main ------------------------------------------------------------------

def report(outcomes, started, note):
    killed = [o for o in outcomes if o.status in ("killed", "compile")]
    survived = [o for o in outcomes if o.status == "survived"]
    equivalent = [o for o in outcomes if o.status == "equivalent"]
    stale = [o for o in outcomes if o.status == "stale"]
    compiled_out = sum(1 for o in outcomes if o.status == "compile")
    if survived:
        print("\nSurvivors (a rule no test holds):")
        for o in survived:
            print("  %s  %s\n      %s" % (o.mutant.id, o.mutant.file, o.mutant.why))
    if stale:
        print("\nStale catalogue entries (the code moved; fix the snippet):")
        for o in stale:
            print("  %s  %s" % (o.mutant.id, o.detail))
    if note:
        print("\n" + note)
    print("\n%d mutants in %.0f s; %d of the killed were killed by the compiler" % (
        len(outcomes), time.monotonic() - started, compiled_out))
    print("mutants: %d killed, %d survived, %d equivalent" % (
        len(killed), len(survived), len(equivalent)))
    if stale:
        return 2
    return 1 if survived else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--all", action="store_true", help="every mutant of the catalogue")
    mode.add_argument("--ci", action="store_true",
                      help="mutants of files changed since --base, then a sample rotating "
                           "with the date, within --budget seconds")
    mode.add_argument("--only", action="append", metavar="ID", help="this mutant (repeatable)")
    mode.add_argument("--check", action="store_true",
                      help="only check that every snippet occurs once in the work tree")
    mode.add_argument("--list", action="store_true", help="list the catalogue")
    ap.add_argument("--base", help="for --ci: the base revision (default: merge-base of HEAD "
                                   "and HEAD~20, or the root commit)")
    ap.add_argument("--budget", type=float, default=CI_BUDGET_SECONDS,
                    help="for --ci: seconds of mutant runs (default %(default)s)")
    ap.add_argument("--date", help="for --ci: the date that picks the sample (YYYY-MM-DD, "
                                   "default today in UTC)")
    ap.add_argument("--timeout", type=int, default=TEST_TIMEOUT_SECONDS,
                    help="seconds for one test binary under one mutant (default %(default)s)")
    ap.add_argument("--rev", help="mutate this git revision instead of the work tree")
    ap.add_argument("--workdir", help="reuse this directory (copy and build are kept and "
                                      "updated); default: a new /tmp/mutation-* removed at the end")
    args = ap.parse_args(argv)

    repo = git(HERE, "rev-parse", "--show-toplevel").strip()
    try:
        mutants = parse_catalogue(CATALOGUE)
        equivalent = parse_equivalent(EQUIVALENT)
        unknown = sorted(set(equivalent) - {m.id for m in mutants})
        if unknown:
            raise CatalogueError("equivalent.txt names unknown ids: " + ", ".join(unknown))
        for m in mutants:
            tests_for(m.file)
    except CatalogueError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2

    if args.list:
        for m in mutants:
            print("%-32s %-32s %s" % (m.id, m.file, m.why))
        return 0
    if args.check:
        bad = 0
        for m in mutants:
            with open(os.path.join(repo, m.file), encoding="utf-8") as f:
                why = stale_reason(f.read(), m)
            if why:
                bad += 1
                print("%s: %s" % (m.id, why))
        print("%d of %d snippets occur exactly once" % (len(mutants) - bad, len(mutants)))
        return 2 if bad else 0

    note, budget = "", None
    if args.only:
        by_id = {m.id: m for m in mutants}
        missing = [i for i in args.only if i not in by_id]
        if missing:
            print("error: unknown mutant ids: " + ", ".join(missing), file=sys.stderr)
            return 2
        selected = [by_id[i] for i in args.only]
    elif args.all:
        selected = mutants
    else:
        base = args.base or default_base(repo)
        today = (datetime.date.fromisoformat(args.date) if args.date
                 else datetime.datetime.now(datetime.timezone.utc).date())
        first, rest = ci_order(mutants, changed_files(repo, base), today)
        selected, budget = first + rest, args.budget
        print("ci: %d mutants of files changed since %s, then a sample for %s; budget %.0f s" % (
            len(first), base[:12], today.isoformat(), budget))

    started = time.monotonic()
    work = args.workdir or tempfile.mkdtemp(prefix="mutation-")
    try:
        os.makedirs(work, exist_ok=True)
        print("copying the tree to %s" % work)
        copy_tree(repo, os.path.join(work, "src"), args.rev)
        build = configure(repo, work)
        tests = introspect_tests(build)
        needed = sorted({n for m in selected for n in tests_for(m.file) if n in tests})
        absent = sorted({n for m in selected for n in tests_for(m.file)} - set(tests))
        if absent:
            print("note: this tree has no test named %s (TESTS_FOR in run.py)" % ", ".join(absent))
        runner = Runner(repo, work, build, tests, args)
        print("building and running the unmutated tests: %s" % " ".join(needed))
        runner.baseline(needed)
        outcomes, spent = [], 0.0
        for m in selected:
            if budget is not None and spent >= budget:
                note = "ci: budget of %.0f s spent; ran %d of %d mutants" % (
                    budget, len(outcomes), len(selected))
                break
            o = runner.run(m, equivalent)
            spent += o.seconds
            outcomes.append(o)
            print("%-10s %-32s %5.1fs  %s" % (o.status.upper(), m.id, o.seconds, o.detail),
                  flush=True)
        else:
            if budget is not None:
                note = "ci: ran all %d mutants within the budget (%.0f s)" % (len(selected), spent)
        return report(outcomes, started, note)
    except (CatalogueError, subprocess.CalledProcessError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
