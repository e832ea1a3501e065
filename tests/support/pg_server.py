#!/usr/bin/env python3
"""A throwaway PostgreSQL server for the tests (Python stdlib only).

  pg_server.py run -- CMD ARGS...
      Finds the PostgreSQL binaries (`pg_config --bindir`, else the newest
      /usr/lib/postgresql/*/bin), makes a temporary directory, runs initdb and
      starts a server that listens ONLY on a Unix socket in that directory
      (no TCP), with fsync on. Creates the role `eseal_test` (CREATEDB) and
      its database `eseal_test` (trust authentication on the socket), then
      runs CMD with these variables set:
        ESEAL_TEST_PG       libpq connection string of that database
        ESEAL_TEST_PG_BIN   the folder of initdb, pg_ctl, psql
        ESEAL_TEST_PG_DATA  the server's data directory
      Always stops the server (fast, then immediate) and removes the directory,
      and exits with CMD's exit code.

  pg_server.py serve -- CMD ARGS...
      Starts one such server for a whole test run (scripts/test.sh runs
      `meson test` under it) and runs CMD with ESEAL_TEST_PG_SHARED set to its
      socket folder. Every `run` below CMD then shares that server: it makes a
      database of its own there, runs its command against it and drops it,
      instead of starting a server. Without PostgreSQL binaries CMD runs
      alone, and each `run` skips or fails as described below.

  pg_server.py run --own -- CMD ARGS...
      Always a server of its own, even under `serve`: for tests that restart
      the server, which would cut the other tests' connections.

  pg_server.py ctl stop|start|restart
      For restart tests, run by CMD: acts on the server named by
      ESEAL_TEST_PG_BIN / ESEAL_TEST_PG_DATA (as the postgres user when root).

When no PostgreSQL binaries exist, `run` prints why and exits 77 (meson's
"skipped"), unless ESEAL_REQUIRE_POSTGRESQL=1 (CI), when it fails instead.
initdb refuses to run as root: as root, the server runs as the `postgres`
user, which owns the temporary directory.
"""
import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile

SKIP = 77
ROLE = "eseal_test"
DATABASE = "eseal_test"
PORT = "5432"  # only names the socket file, in our own directory
WAIT_SECONDS = "30"


def fail_or_skip(reason):
    if os.environ.get("ESEAL_REQUIRE_POSTGRESQL") == "1":
        print(f"pg_server: {reason} (ESEAL_REQUIRE_POSTGRESQL=1: failing)", file=sys.stderr)
        sys.exit(1)
    print(f"pg_server: {reason}: skipping", file=sys.stderr)
    sys.exit(SKIP)


def version_key(path):
    return [int(n) for n in re.findall(r"\d+", path)]


def find_bindir():
    """The folder holding initdb and pg_ctl, or None."""
    candidates = []
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True,
                             timeout=10, check=True)
        candidates.append(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version_key, reverse=True)
    for d in candidates:
        if d and all(os.access(os.path.join(d, b), os.X_OK) for b in ("initdb", "pg_ctl", "psql")):
            return d
    return None


def server_user():
    """The user the server runs as: `postgres` when we are root, else ourselves (None)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        fail_or_skip("running as root and there is no `postgres` user to run the server")


def as_server(user, argv):
    """argv run as the server's user."""
    if user is None:
        return argv
    return ["runuser", "-u", user.pw_name, "--"] + argv


def run_checked(argv, what):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"{what} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r


def pg_ctl(bindir, datadir, user, action, *extra):
    argv = [os.path.join(bindir, "pg_ctl"), action, "-D", datadir, "-w", "-t", WAIT_SECONDS]
    return subprocess.run(as_server(user, argv + list(extra)), capture_output=True, text=True,
                          timeout=int(WAIT_SECONDS) + 30)


def start(bindir, datadir, user):
    log = os.path.join(os.path.dirname(datadir), "server.log")
    r = pg_ctl(bindir, datadir, user, "start", "-l", log)
    if r.returncode != 0:
        text = open(log, encoding="utf-8", errors="replace").read() if os.path.exists(log) else ""
        raise RuntimeError(f"pg_ctl start failed:\n{r.stdout}{r.stderr}{text}")


def stop(bindir, datadir, user):
    """Stops the server: fast, then immediate. True when it is down."""
    for mode in ("fast", "immediate"):
        try:
            r = pg_ctl(bindir, datadir, user, "stop", "-m", mode)
        except subprocess.TimeoutExpired:
            continue
        if r.returncode == 0 or "Is server running?" in r.stderr:
            return True
    return False


def make_cluster(bindir, top, user):
    datadir = os.path.join(top, "data")
    if user is not None:
        os.chown(top, user.pw_uid, user.pw_gid)
    os.chmod(top, 0o755)  # the test process (root or not) reaches the socket
    run_checked(as_server(user, [os.path.join(bindir, "initdb"), "-D", datadir, "-A", "trust",
                                 "-U", "postgres", "-E", "UTF8", "--no-locale"]), "initdb")
    with open(os.path.join(datadir, "postgresql.conf"), "a", encoding="utf-8") as conf:
        conf.write(f"\n# pg_server.py: a Unix socket only, durable commits\n"
                   f"listen_addresses = ''\n"
                   f"unix_socket_directories = '{top}'\n"
                   f"port = {PORT}\n"
                   f"fsync = on\n"
                   f"synchronous_commit = on\n"
                   f"max_connections = 100\n")
    return datadir


def psql(bindir, top, sql):
    run_checked([os.path.join(bindir, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", top,
                 "-p", PORT, "-U", "postgres", "-d", "postgres", "-c", sql], f"psql {sql!r}")


def conninfo(top, database):
    return f"postgresql:///{database}?host={top}&port={PORT}&user={ROLE}"


def run_command(argv, env):
    try:
        return subprocess.run(argv, env=env).returncode
    except OSError as e:
        print(f"pg_server: cannot run {argv[0]}: {e}", file=sys.stderr)
        return 127


def run_on_shared(argv, bindir, top):
    """CMD against a database of its own on the shared server; the database is dropped after."""
    database = f"eseal_t{os.getpid()}_{os.urandom(4).hex()}"
    try:
        psql(bindir, top, f"CREATE DATABASE {database} OWNER {ROLE}")
    except RuntimeError as e:
        print(f"pg_server: {e}", file=sys.stderr)
        return 1
    env = dict(os.environ)
    env["ESEAL_TEST_PG"] = conninfo(top, database)
    env["ESEAL_TEST_PG_BIN"] = bindir
    env.pop("ESEAL_TEST_PG_DATA", None)  # the shared server is not this test's to restart
    try:
        return run_command(argv, env)
    finally:
        try:
            psql(bindir, top, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        except RuntimeError as e:
            print(f"pg_server: {e}", file=sys.stderr)


def cmd_run(argv, own=False, serving=False):
    if not argv:
        print("usage: pg_server.py run [--own] -- CMD ARGS...", file=sys.stderr)
        return 2
    bindir = find_bindir()
    if bindir is None:
        if serving:
            print("pg_server: no PostgreSQL binaries: running without a shared server",
                  file=sys.stderr)
            return run_command(argv, dict(os.environ))
        fail_or_skip("no PostgreSQL binaries (pg_config --bindir, /usr/lib/postgresql/*/bin)")
    shared = os.environ.get("ESEAL_TEST_PG_SHARED")
    if shared and not own and not serving:
        return run_on_shared(argv, bindir, shared)
    user = server_user()

    # meson test stops a test with SIGTERM: still stop the server.
    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    top = tempfile.mkdtemp(prefix="eseal-pg-")
    datadir = os.path.join(top, "data")
    started = False
    try:
        datadir = make_cluster(bindir, top, user)
        start(bindir, datadir, user)
        started = True
        psql(bindir, top, f"CREATE ROLE {ROLE} LOGIN CREATEDB")
        psql(bindir, top, f"CREATE DATABASE {DATABASE} OWNER {ROLE}")
        env = dict(os.environ)
        if serving:
            env["ESEAL_TEST_PG_SHARED"] = top
        else:
            env["ESEAL_TEST_PG"] = conninfo(top, DATABASE)
            env["ESEAL_TEST_PG_BIN"] = bindir
            env["ESEAL_TEST_PG_DATA"] = datadir
        return run_command(argv, env)
    except RuntimeError as e:
        print(f"pg_server: {e}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if started and not stop(bindir, datadir, user):
            print("pg_server: the server did not stop", file=sys.stderr)
        shutil.rmtree(top, ignore_errors=True)


def cmd_ctl(action):
    bindir = os.environ.get("ESEAL_TEST_PG_BIN")
    datadir = os.environ.get("ESEAL_TEST_PG_DATA")
    if not bindir or not datadir or action not in ("stop", "start", "restart"):
        print("usage (under `run`): pg_server.py ctl stop|start|restart", file=sys.stderr)
        return 2
    user = server_user()
    try:
        if action in ("stop", "restart") and not stop(bindir, datadir, user):
            raise RuntimeError("the server did not stop")
        if action in ("start", "restart"):
            start(bindir, datadir, user)
    except RuntimeError as e:
        print(f"pg_server: {e}", file=sys.stderr)
        return 1
    return 0


def main():
    args = sys.argv[1:]
    if len(args) >= 1 and args[0] in ("run", "serve"):
        rest = args[1:]
        own = bool(rest) and rest[0] == "--own" and args[0] == "run"
        if own:
            rest = rest[1:]
        if rest and rest[0] == "--":
            rest = rest[1:]
        return cmd_run(rest, own=own, serving=args[0] == "serve")
    if len(args) == 2 and args[0] == "ctl":
        return cmd_ctl(args[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
