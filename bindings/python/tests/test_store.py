"""eseal.Store: opening the built-in stores and attaching one to a context."""

import sqlite3

import pytest

import eseal


def test_memory_and_sqlite_stores(tmp_path):
    with eseal.Store.memory() as store:
        assert store.backend == "memory"
    path = tmp_path / "eseal.db"
    with eseal.Store.open_sqlite(path) as store:
        assert store.backend == "sqlite"
    # The file is a WAL store with this library's schema version.
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 1
    db.close()
    assert eseal.DEFAULT_TENANT == "default"


def test_a_context_keeps_its_store(tmp_path):
    store = eseal.Store.open_sqlite(tmp_path / "eseal.db")
    ctx = eseal.Context()
    ctx.set_store(store)
    assert ctx.store is store
    # Closing a store an open context uses would leave the context dangling.
    with pytest.raises(eseal.InvalidArgumentError):
        store.close()
    assert not store.closed
    ctx.set_store(None)
    assert ctx.store is None
    store.close()
    assert store.closed
    # Once the context is closed, its store may close too.
    store = eseal.Store.memory()
    ctx.set_store(store)
    ctx.close()
    store.close()
    with pytest.raises(eseal.InvalidArgumentError):
        store.backend


def test_refusals(tmp_path):
    newer = tmp_path / "newer.db"
    eseal.Store.open_sqlite(newer).close()
    db = sqlite3.connect(newer)
    db.execute("PRAGMA user_version = 1000")
    db.close()
    with pytest.raises(eseal.VersionError):
        eseal.Store.open_sqlite(newer)
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE invoices(id INTEGER)")
    db.close()
    with pytest.raises(eseal.FormatError):
        eseal.Store.open_sqlite(other)
    with pytest.raises(eseal.IOError):
        eseal.Store.open_sqlite(tmp_path / "no" / "such" / "dir.db")


def test_tenant_names():
    eseal.check_tenant_name("acme-01.cn_east")
    eseal.check_tenant_name("x" * 64)
    for bad in ["", "x" * 65, "a b", "a/b", "甲"]:
        with pytest.raises(eseal.InvalidArgumentError):
            eseal.check_tenant_name(bad)
