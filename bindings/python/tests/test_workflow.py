"""Make, stamp, verify and read the report."""

import datetime
import json

import pytest

import eseal
from conftest import make

DOCUMENT = "<Signature>合同</Signature>".encode("utf-8")


def test_make_stamp_verify_and_read_the_report(ctx, seal, signer):
    assert seal.format == 4
    assert seal.esid == "3301060000001"
    assert seal.name == "合同专用章"
    assert seal.picture_type == "SVG" and b"<svg" in seal.picture
    assert seal.certs == [signer[1].der]
    sig = eseal.stamp(ctx, seal, *signer, DOCUMENT, property_info="/Doc_0/Signs/Sign_0/Signature.xml")
    assert sig.property_info == "/Doc_0/Signs/Sign_0/Signature.xml"
    assert sig.signer_cert == signer[1].der
    assert len(sig.data_hash) == 32
    assert abs((sig.time - ctx.time).total_seconds()) < 120
    report = eseal.verify(ctx, sig, DOCUMENT)
    assert report.passed and report.indication == "TOTAL_PASSED" and report.sub_indication is None
    ids = [c.id for c in report.checks]
    assert ids[:6] == ["format", "version", "extensions", "signature.time", "signature.value",
                       "data.hash"]
    assert report.check("data.hash").status == "OK"
    assert set(report.times) >= {"validation", "claimed_signing", "best_signature"}
    roles = [role for role, _ in report.certs]
    assert roles == ["maker", "maker-chain", "signer", "signer-chain"]
    as_dict = report.as_dict()
    assert as_dict["indication"] == "TOTAL_PASSED"
    assert "TOTAL_PASSED" in str(report)


def test_tampered_data_fails_with_hash_failure(ctx, seal, signer):
    with eseal.stamp(ctx, seal, *signer, DOCUMENT) as sig:
        report = eseal.verify(ctx, sig, DOCUMENT + b" ")
    assert report.indication == "TOTAL_FAILED"
    assert report.sub_indication == "HASH_FAILURE"
    assert report.check("data.hash").status == "NOT_OK"


def test_bytes_round_trip_and_verify_bytes(ctx, seal, signer):
    sig = eseal.stamp(ctx, seal, *signer, DOCUMENT)
    again = eseal.parse_signature(sig.bytes)
    assert again.encode() == sig.bytes
    assert again.seal.bytes == seal.bytes
    assert json.loads(again.to_json())["seal"]["esid"] == "3301060000001"
    assert eseal.verify(ctx, bytearray(sig.bytes), memoryview(DOCUMENT)).passed
    assert eseal.verify(ctx, seal).passed
    garbage = eseal.verify(ctx, b"\x30\x03\x02\x01", DOCUMENT)
    assert (garbage.indication, garbage.sub_indication) == ("TOTAL_FAILED", "FORMAT_FAILURE")


def test_data_from_hash_and_file(ctx, seal, signer, tmp_path):
    path = tmp_path / "document.xml"
    path.write_bytes(DOCUMENT)
    with eseal.Data.from_file(path) as data:
        sig = eseal.stamp(ctx, seal, *signer, data)
    with eseal.Data.from_hash(sig.data_hash) as digest:
        assert eseal.verify(ctx, sig, digest).passed
    assert eseal.verify(ctx, sig).indication == "INDETERMINATE"


def test_v1_seal_with_builder_and_png(ctx, maker, signer):
    png = b"\x89PNG\r\n\x1a\n" + bytes(16)
    now = ctx.time
    with eseal.SealBuilder() as b:
        b.format(1).esid("3301060000002").name("财务专用章").type(2).signer(signer[1])
        b.dates(now, now - datetime.timedelta(days=1), now + datetime.timedelta(days=30))
        b.picture("PNG", png, 40, 40).extension("1.2.3.4", b"\x05\x00")
        seal = b.build(ctx, *maker)
    assert (seal.format, seal.type, seal.picture, seal.picture_size_mm) == (1, 2, png, (40, 40))
    assert seal.extensions == [eseal.Extension("1.2.3.4", False, b"\x05\x00")]
    sig = eseal.stamp(ctx, seal, *signer, DOCUMENT)
    assert sig.format == 1
    assert eseal.verify(ctx, sig, DOCUMENT).passed


def test_picture_svg_is_deterministic_outlines():
    a = eseal.picture_svg(organisation="示例科技有限公司", name="合同专用章", code="3301060000001")
    assert a == eseal.picture_svg(organisation="示例科技有限公司", name="合同专用章", code="3301060000001")
    # Glyph outlines, never text a viewer would set: ring, star, 8 + 5 + 13 glyphs.
    assert b"<text" not in a and a.count(b"<path") == 2 + 8 + 5 + 13
    with pytest.raises(eseal.InvalidArgumentError):
        eseal.picture_svg(shape=99, name="x")


def test_picture_png_invoice_and_square():
    png = eseal.picture_png(shape=eseal.OVAL, organisation="示例商贸有限公司",
                            taxpayer_id="91330106MA2ABCDE1X", dpi=150)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == eseal.picture_png(shape=eseal.OVAL, organisation="示例商贸有限公司",
                                    taxpayer_id="91330106MA2ABCDE1X", dpi=150)
    assert eseal.picture_png(shape=eseal.SQUARE, name="张三丰", dpi=72).startswith(b"\x89PNG")
    with pytest.raises(eseal.InvalidArgumentError, match="taxpayer"):
        eseal.picture_png(shape=eseal.OVAL, organisation="示例商贸有限公司")
    with pytest.raises(eseal.InvalidArgumentError, match="dpi"):
        eseal.picture_png(organisation="示例科技有限公司", dpi=5000)


def test_a_shared_vector_parses_and_verifies(vectors, ctx):
    seal = eseal.parse_seal((vectors / "ofdrw_UserV4.esl").read_bytes())
    assert seal.format == 4 and seal.esid
    report = eseal.verify(ctx, seal)
    assert report.check("seal.signature").status == "OK"
    key, cert = eseal.load_pkcs12((vectors / "ofdrw_USER.p12").read_bytes(), "777777")
    assert key.algorithm == "SM2-SM3" and cert is not None and key.matches(cert)
