"""eseal.verify_ofd: whole OFD documents, from a path and from bytes."""

import io
import zipfile

import pytest

import eseal


def edited(data, name, change):
    """The package with entry ``name`` passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, change(body) if info.filename == name else body)
    return out.getvalue()


@pytest.fixture
def bare():
    with eseal.Context() as c:
        yield c


def test_koal_document_references_and_seal_file(bare, vectors):
    path = vectors / "koal_test.ofd"
    with eseal.verify_ofd(bare, path) as report:
        indication = report.indication
        assert indication != "TOTAL_FAILED", str(report)
        [sig] = report.signatures
        assert sig.type == "Seal" and sig.path == "Doc_0/Signs/Sign_0/Signature.xml"
        status = {c.id: c.status for c in sig.checks}
        assert status["ofd.reference"] == "OK"
        assert status["ofd.seal_file"] == "OK"
        assert status["data.hash"] == "OK"
        assert report.check("ofd.coverage").status == "WARNING"  # OFD.xml is not covered
    # The same from bytes.
    with eseal.verify_ofd(bare, path.read_bytes()) as again:
        assert again.indication == indication


def test_a_changed_page_fails_its_reference(bare, vectors):
    data = (vectors / "koal_test.ofd").read_bytes()
    tampered = edited(data, "Doc_0/Pages/Page_0/Content.xml", lambda b: b.replace(b"<", b" <", 1))
    with eseal.verify_ofd(bare, tampered) as report:
        assert report.indication == "TOTAL_FAILED"
        assert report.sub_indication == "HASH_FAILURE"
        ref = next(c for c in report.signatures[0].checks if c.id == "ofd.reference")
        assert ref.status == "NOT_OK" and "Content.xml" in ref.message


def test_later_signature_and_selection(bare, vectors):
    path = vectors / "ofdrw_h_two_seals.ofd"
    with eseal.verify_ofd(bare, path) as report:
        assert report.check("ofd.modification").status == "NOT_OK"
        assert [s.id for s in report.signatures] == ["s001", "s007"]
    with eseal.verify_ofd(bare, path, signature_id="s007") as one:
        assert [s.id for s in one.signatures] == ["s007"]
        assert one.signature("s007").checks[0].id == "ofd.signature_file"
        assert '"kind":"ofd"' in one.to_json()
        assert "=== Signature s007" in str(one)
    with pytest.raises(eseal.NotFoundError):
        eseal.verify_ofd(bare, path, signature_id="nope")


def test_not_an_ofd(bare):
    with pytest.raises(eseal.FormatError):
        eseal.verify_ofd(bare, b"not a zip at all")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", b"<a/>")
        z.writestr("bomb.bin", bytes(4 << 20))
    with pytest.raises(eseal.LimitError):
        eseal.verify_ofd(bare, bomb.getvalue())
