"""The package's typed surface: str enums for the names reports give, every
failure an eseal.Error that is also the built-in exception callers caught
before, and the py.typed marker."""

import datetime
import errno
import json
import os
import pathlib

import pytest

import eseal
from eseal import native
from eseal.ofd_verify import _checks

DOCUMENT = b"document"

# Each enum and the C values whose names the library gives for it.
C_NAMES = {
    eseal.Indication: (native.eseal_indication_name, "ESEAL_TOTAL_", ("ESEAL_INDETERMINATE",)),
    eseal.SubIndication: (native.eseal_sub_indication_name, "ESEAL_SUB_", ()),
    eseal.CheckStatus: (native.eseal_check_status_name, "ESEAL_CHECK_", ()),
    eseal.SealState: (native.eseal_seal_state_name, "ESEAL_SEAL_", ()),
}


def c_values(prefix, extra):
    return [getattr(native, n) for n in dir(native)
            if (n.startswith(prefix) or n in extra) and isinstance(getattr(native, n), int)
            and n != "ESEAL_SUB_NONE"]


@pytest.mark.parametrize("enum", list(C_NAMES))
def test_every_library_name_is_a_declared_member(enum):
    name_of, prefix, extra = C_NAMES[enum]
    values = c_values(prefix, extra)
    assert values, prefix
    names = {name_of(v) for v in values}
    # A member per name, and no member the library never gives.
    assert names == {m.value for m in enum}


def test_revocation_status_names():
    assert {m.value for m in eseal.RevocationStatus} == {"good", "revoked", "unknown"}


def test_a_member_is_its_string():
    ok = eseal.Indication.TOTAL_PASSED
    assert ok == "TOTAL_PASSED" and "TOTAL_PASSED" == ok and isinstance(ok, str)
    assert ok != "TOTAL_FAILED" and ok != eseal.Indication.TOTAL_FAILED
    assert str(ok) == "TOTAL_PASSED" and f"{ok}" == "TOTAL_PASSED" and f"{ok:>14}" == "  TOTAL_PASSED"
    assert json.dumps({"i": ok}) == '{"i": "TOTAL_PASSED"}'
    assert {"TOTAL_PASSED": 1}[ok] == 1
    assert eseal.Indication("TOTAL_PASSED") is ok
    assert eseal.SealState("frozen") is eseal.SealState.FROZEN


def test_a_name_newer_than_the_package_still_reads():
    newer = eseal.SubIndication("SOME_FUTURE_FAILURE")
    assert isinstance(newer, eseal.SubIndication) and newer == "SOME_FUTURE_FAILURE"
    # It is not made a declared member: the declared set stays what the C library gives.
    assert newer not in list(eseal.SubIndication)
    assert eseal.SubIndication("SOME_FUTURE_FAILURE") == newer


def test_a_number_is_not_a_name():
    with pytest.raises(ValueError):
        eseal.Indication(native.ESEAL_TOTAL_PASSED)


def test_report_gives_members(ctx, seal, signer):
    with eseal.stamp(ctx, seal, *signer, DOCUMENT) as sig:
        good = eseal.verify(ctx, sig, DOCUMENT)
        bad = eseal.verify(ctx, sig, DOCUMENT + b"!")
    assert good.indication is eseal.Indication.TOTAL_PASSED and good.sub_indication is None
    assert all(isinstance(c.status, eseal.CheckStatus) for c in good.checks)
    assert all(isinstance(c.indication, eseal.Indication) for c in good.checks)
    assert good.check("data.hash").status is eseal.CheckStatus.OK
    assert bad.indication is eseal.Indication.TOTAL_FAILED
    assert bad.sub_indication is eseal.SubIndication.HASH_FAILURE
    failed = bad.check("data.hash")
    assert failed.status is eseal.CheckStatus.NOT_OK
    assert failed.sub_indication is eseal.SubIndication.HASH_FAILURE
    # The old string comparisons and printing keep working.
    assert bad.indication == "TOTAL_FAILED" and failed.status == "NOT_OK"
    assert f"<eseal.Report {bad.indication}>" == repr(bad)


def test_ofd_checks_from_json_give_members():
    (check,) = _checks({"checks": [{"id": "ofd.coverage", "status": "NOT_OK",
                                    "indication": "TOTAL_FAILED",
                                    "sub_indication": "HASH_FAILURE", "message": "m"}]})
    assert check.status is eseal.CheckStatus.NOT_OK
    assert check.indication is eseal.Indication.TOTAL_FAILED
    assert check.sub_indication is eseal.SubIndication.HASH_FAILURE


def test_registry_state_is_a_member(ctx, seal):
    store = eseal.Store.memory()
    ctx.set_store(store)
    try:
        reg = eseal.Registry(ctx, "acme")
        reg.register(seal, who="clerk Li", why="filed")
        state = reg.state(seal.esid).state
        assert state is eseal.SealState.ACTIVE and state == "active"
    finally:
        ctx.set_store(None)
        store.close()


def test_cert_status_is_a_member(ctx, signer):
    status = eseal.cert_status(ctx, signer[1])
    assert isinstance(status.status, eseal.RevocationStatus)
    assert status.status in ("good", "revoked", "unknown")


def test_missing_file_is_an_eseal_error_and_a_file_not_found_error(tmp_path):
    path = tmp_path / "absent.key"
    with pytest.raises(eseal.FileNotFoundError) as e:
        eseal.Key.from_file(path)
    err = e.value
    # Callers that caught the built-in exceptions still do.
    assert isinstance(err, FileNotFoundError) and isinstance(err, OSError)
    assert isinstance(err, eseal.IOError) and isinstance(err, eseal.Error)
    assert err.errno == errno.ENOENT and err.filename == os.fspath(path)
    assert err.code == native.ESEAL_EIO and str(path) in err.message
    assert isinstance(err.__cause__, FileNotFoundError)


def test_unreadable_path_is_an_eseal_io_error(tmp_path):
    # A folder where a file is expected: an OSError other than ENOENT.
    with pytest.raises(eseal.IOError) as e:
        eseal.Key.from_file(tmp_path)
    assert isinstance(e.value, OSError) and not isinstance(e.value, FileNotFoundError)
    assert e.value.errno == errno.EISDIR


def test_wrong_types_are_eseal_errors_and_type_errors(ctx, seal, signer):
    with eseal.stamp(ctx, seal, *signer, DOCUMENT) as sig:
        for call in (lambda: eseal.verify(ctx, sig, "not bytes"),
                     lambda: eseal.verify(ctx, sig, DOCUMENT, poe_tokens=b"one token"),
                     lambda: eseal.verify(ctx, sig, DOCUMENT, validation_time="today")):
            with pytest.raises(eseal.ArgumentTypeError) as e:
                call()
            assert isinstance(e.value, TypeError) and isinstance(e.value, eseal.Error)


def test_arguments_the_wrapper_refuses_are_eseal_errors(signer):
    # Refused by SWIG's conversions rather than by the package's own checks.
    with pytest.raises(eseal.ArgumentTypeError) as e:
        eseal.parse_seal("not bytes")
    assert isinstance(e.value, TypeError) and isinstance(e.value.__cause__, TypeError)
    with pytest.raises(eseal.ArgumentTypeError):
        eseal.Cert.load(12345)
    with pytest.raises(eseal.ArgumentRangeError) as e:
        native.eseal_strerror(2 ** 80)
    assert isinstance(e.value, OverflowError) and isinstance(e.value, eseal.InvalidArgumentError)


def test_every_native_function_is_guarded():
    functions = [n for n in dir(native) if n.startswith(("eseal_", "esb_"))
                 and callable(getattr(native, n)) and not isinstance(getattr(native, n), type)]
    assert len(functions) > 100
    # Each is the guard around SWIG's function, which it names as __wrapped__.
    assert all(hasattr(getattr(native, n), "__wrapped__") for n in functions)


def test_bad_ofd_placement_is_an_eseal_error_and_a_value_error(ctx, seal, signer):
    for kwargs in ({}, {"page": 1}, {"page": 1, "keyword": "x"}):
        with pytest.raises(eseal.InvalidArgumentError) as e:
            eseal.stamp_ofd(ctx, seal, *signer, b"not read", **kwargs)
        assert isinstance(e.value, ValueError)
    with pytest.raises(eseal.InvalidArgumentError):
        eseal.stamp_ofd(ctx, seal, *signer, "in.ofd", page=1, x=10, y=10)


def test_every_exported_exception_is_an_eseal_error():
    exported = [getattr(eseal, n) for n in eseal.__all__]
    exceptions = [c for c in exported if isinstance(c, type) and issubclass(c, BaseException)]
    assert len(exceptions) > 20
    assert all(issubclass(c, eseal.Error) for c in exceptions)


def test_typed_marker_is_in_the_package():
    assert (pathlib.Path(eseal.__file__).parent / "py.typed").is_file()


def test_verify_hints():
    hints = eseal.verify.__annotations__
    assert hints.get("return") is eseal.Report


def test_time_conversion_refuses_other_types(ctx):
    with pytest.raises(eseal.ArgumentTypeError):
        ctx.time = "yesterday"
    ctx.time = datetime.datetime(2026, 1, 1)
    assert ctx.time == datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
