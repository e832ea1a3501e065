"""eseal.UsageLog: physical uses, checkpoints, proofs, evidence, verification
against a checkpoint kept outside the store, erasure that keeps proofs."""

import shutil
import sqlite3

import pytest

import eseal


@pytest.fixture
def log_ctx(pki):
    """The PKI's signer CA trusted only to certify log signers; its signer key signs."""
    with eseal.Context() as c:
        c.add_trust(pki / "signer-ca.crt", roles=["log-signer"])
        yield c


@pytest.fixture
def log_key(pki):
    return eseal.Key.from_file(pki / "signer.key"), eseal.Cert.from_file(pki / "signer.crt")


def test_physical_uses_checkpoint_and_proofs(tmp_path, log_ctx, log_key):
    with eseal.Store.open_sqlite(tmp_path / "s.db") as store:
        log = eseal.UsageLog(store, "acme")
        assert log.record_physical(log_ctx, "3101", operator="alice", device="seal-7",
                                   location=(31.23, 121.47, 5, "上海"), force_newtons=40.5) == 0
        assert log.record_physical(log_ctx, "3101", operator="bob") == 1
        records = log.show()
        assert [r["operator"]["clear"] for r in records] == ["alice", "bob"]
        assert records[0]["force_newtons"] == 40.5
        note = log.checkpoint(log_ctx, *log_key)
        assert note.split(b"\n")[1] == b"3"  # two uses and the key's announcement
        assert log.checkpoint(log_ctx, *log_key, every=10) is None
        assert len(log) == 3
        proof = log.prove(1)
        assert proof["tree_size"] == 3 and len(proof["path"]) == 2
        assert log.prove_consistency(1)["new_size"] == 3
        report = log.verify(log_ctx, external_checkpoint=note)
        assert report["ok"] and report["checkpoints_checked"] == 1
        with pytest.raises(eseal.NotFoundError):
            log.prove(7)
        with pytest.raises(eseal.NotFoundError):
            log.export(b"\x01" * 32)
        with pytest.raises(eseal.InvalidArgumentError):
            log.prove(-1)


def test_rollback_and_tampering_raise(tmp_path, log_ctx, log_key):
    path = tmp_path / "s.db"
    with eseal.Store.open_sqlite(path) as store:
        log = eseal.UsageLog(store, "acme")
        log.record_physical(log_ctx, "3101", operator="alice")
        log.checkpoint(log_ctx, *log_key)
    shutil.copy(path, tmp_path / "earlier.db")
    with eseal.Store.open_sqlite(path) as store:
        log = eseal.UsageLog(store, "acme")
        log.record_physical(log_ctx, "3101", operator="alice")
        later = log.checkpoint(log_ctx, *log_key)
    shutil.copy(tmp_path / "earlier.db", path)
    with eseal.Store.open_sqlite(path) as store:
        log = eseal.UsageLog(store, "acme")
        assert log.verify(log_ctx)["ok"]
        with pytest.raises(eseal.TamperedError, match="rolled back"):
            log.verify(log_ctx, external_checkpoint=later)
    db = sqlite3.connect(path)
    db.execute("UPDATE log_records SET record = CAST(replace(CAST(record AS TEXT), '3101', '3102')"
               " AS BLOB) WHERE seq = 0")
    db.commit()
    db.close()
    with eseal.Store.open_sqlite(path) as store:
        with pytest.raises(eseal.TamperedError):
            eseal.UsageLog(store, "acme").verify(log_ctx)


def test_erasure_keeps_proofs(tmp_path, log_ctx, log_key):
    with eseal.Store.memory() as store:
        log = eseal.UsageLog(store, "acme")
        log.record_physical(log_ctx, "3101", operator="alice", location=(30.0, 120.0))
        log.record_physical(log_ctx, "3101", operator="bob")
        note = log.checkpoint(log_ctx, *log_key)
        before = log.prove(0)
        assert log.erase_operator("alice") == 2
        assert log.show()[0]["operator"]["clear"] is None
        assert log.show()[1]["operator"]["clear"] == "bob"
        assert log.prove(0) == before
        assert log.verify(log_ctx, external_checkpoint=note)["ok"]
        with pytest.raises(eseal.NotFoundError):
            log.erase_operator("alice")
