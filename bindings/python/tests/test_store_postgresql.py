"""eseal.Store.open_postgresql against the server of tests/support/pg_server.py
(meson test python-postgresql): a usage log kept in PostgreSQL is seen by a
second store on the same database; bad and unreachable connection strings
fail without showing the password. Skipped without a server (ESEAL_TEST_PG
unset), failed then under ESEAL_REQUIRE_POSTGRESQL=1."""

import os

import pytest

import eseal

PG = os.environ.get("ESEAL_TEST_PG", "")

if not PG:
    if os.environ.get("ESEAL_REQUIRE_POSTGRESQL") == "1":
        raise RuntimeError("ESEAL_TEST_PG is unset and ESEAL_REQUIRE_POSTGRESQL=1: "
                           "run under tests/support/pg_server.py")
    pytest.skip("no PostgreSQL server (ESEAL_TEST_PG unset)", allow_module_level=True)


def test_a_log_in_postgresql_is_shared_by_stores():
    with eseal.Context() as ctx, eseal.Store.open_postgresql(PG) as a, \
            eseal.Store.open_postgresql(PG) as b:
        assert a.backend == "postgresql"
        log_a = eseal.UsageLog(a, "py-shared")
        first = log_a.record_physical(ctx, "3101", operator="alice")
        second = eseal.UsageLog(b, "py-shared").record_physical(ctx, "3101", operator="bob")
        assert second == first + 1
        assert [r["operator"]["clear"] for r in log_a.show()][-2:] == ["alice", "bob"]
        # Another tenant of the same database sees nothing of it.
        assert len(eseal.UsageLog(b, "py-other")) == 0


def test_bad_connection_strings_fail_without_the_password():
    with pytest.raises(eseal.InvalidArgumentError) as bad:
        eseal.Store.open_postgresql("dbname=x password=Sekr1tPassw0rd nonsense")
    assert "Sekr1tPassw0rd" not in str(bad.value)
    with pytest.raises(eseal.IOError) as down:
        eseal.Store.open_postgresql(
            "postgresql://u:Sekr1tPassw0rd@127.0.0.1:1/none?connect_timeout=5")
    assert "Sekr1tPassw0rd" not in str(down.value)
