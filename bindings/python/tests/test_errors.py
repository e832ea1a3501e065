"""Every library error arrives as the eseal.Error subclass of its code."""

import datetime
import subprocess

import pytest

import eseal
from eseal import native
from conftest import make

DOCUMENT = b"document"


def test_every_code_has_its_class():
    codes = {name: getattr(native, name) for name in dir(native)
             if name.startswith("ESEAL_E") and name not in ("ESEAL_ERROR",)}
    assert len(codes) == 26  # ESEAL_ENOMEM (-2) to ESEAL_EAMBIGUOUS (-27)
    for name, code in codes.items():
        # One class per code; subclasses (FileNotFoundError of IOError) inherit it.
        classes = [c for c in vars(eseal).values()
                   if isinstance(c, type) and issubclass(c, eseal.Error) and c.code == code
                   and not any(getattr(base, "code", None) == code for base in c.__bases__)]
        assert len(classes) == 1, name


def test_format_and_limit(ctx):
    with pytest.raises(eseal.FormatError) as e:
        eseal.parse_seal(b"\x04\x00")
    assert e.value.code == native.ESEAL_EFORMAT and "SESeal" in e.value.message
    assert isinstance(e.value, ValueError)
    with pytest.raises(eseal.LimitError):
        eseal.parse_signature(b"\x30\x84\x7f\xff\xff\xff" + bytes(native.ESEAL_MAX_INPUT_SIZE))
    with pytest.raises(TypeError):
        eseal.parse_seal("not bytes")


def test_missing_files(tmp_path):
    with pytest.raises((eseal.NotFoundError, eseal.IOError)):
        eseal.Cert.from_file(tmp_path / "absent.crt")
    with pytest.raises(OSError):
        eseal.Key.from_file(tmp_path / "absent.key")


def test_password(pki, tmp_path):
    encrypted = tmp_path / "encrypted.key"
    subprocess.run(["openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", str(pki / "signer.key"),
                    "-out", str(encrypted), "-passout", "pass:secret"], check=True, timeout=60)
    with pytest.raises(eseal.PasswordError):
        eseal.Key.from_file(encrypted)
    with pytest.raises(eseal.PasswordError):
        eseal.Key.from_file(encrypted, "wrong")
    assert eseal.Key.from_file(encrypted, "secret").algorithm == "SM2-SM3"


def test_stamp_refusals(ctx, maker, signer, seal):
    with pytest.raises(eseal.NotBoundError):
        eseal.stamp(ctx, seal, *maker, DOCUMENT)
    with pytest.raises(eseal.CryptoError):
        eseal.stamp(ctx, seal, maker[0], signer[1], DOCUMENT)
    ctx.time = ctx.time + datetime.timedelta(days=400)
    with pytest.raises(eseal.SealTimeError):
        eseal.stamp(ctx, seal, *signer, DOCUMENT)


def test_certificate_refusal(ctx, maker, signer):
    # The seal outlives the signer's certificate (about three years).
    now = ctx.time
    seal = make(ctx, maker, signer, valid_to=now + datetime.timedelta(days=3650))
    ctx.time = now + datetime.timedelta(days=3000)
    with pytest.raises(eseal.CertificateError):
        eseal.stamp(ctx, seal, *signer, DOCUMENT)


def test_bad_seal_refusal(ctx, seal, signer):
    raw = bytearray(seal.bytes)
    raw[-5] ^= 0x01  # inside the maker's signature value
    with pytest.raises(eseal.BadSealError):
        eseal.stamp(ctx, eseal.parse_seal(bytes(raw)), *signer, DOCUMENT)


def test_invalid_arguments(ctx, maker, signer):
    now = ctx.time
    with pytest.raises(eseal.InvalidArgumentError):
        eseal.SealBuilder().dates(now, now, now - datetime.timedelta(days=1))
    with pytest.raises(eseal.InvalidArgumentError):
        eseal.Context(sm2_id=b"")
    closed = eseal.Cert.load(signer[1].der)
    closed.close()
    with pytest.raises(eseal.InvalidArgumentError, match="closed"):
        closed.subject
