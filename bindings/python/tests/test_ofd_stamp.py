"""eseal.stamp_ofd: a seal signature added to an OFD package, from bytes and from a file."""

import base64
import hashlib
import http.server
import io
import re
import struct
import threading
import zipfile
import zlib

import pytest

import eseal

NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xd0\x02\x1b")) + chunk(b"IEND", b""))


def ofd(pages=2):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("OFD.xml", f'<ofd:OFD {NS}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
                              f'</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
        z.writestr("Doc_0/Document.xml", f'<ofd:Document {NS}><ofd:Pages>' + "".join(
            f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(pages))
            + '</ofd:Pages></ofd:Document>')
        for i in range(pages):
            z.writestr(f"Doc_0/Pages/Page_{i}/Content.xml",
                       f'<ofd:Page {NS}><ofd:Content><ofd:Layer><ofd:TextObject Boundary="20 20 '
                       f'100 10" Size="5"><ofd:TextCode X="0" Y="5">第{i + 1}页 盖章处</ofd:TextCode>'
                       f'</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>')
    return out.getvalue()


@pytest.fixture
def png_seal(ctx, maker, signer):
    now = ctx.time
    return eseal.make_seal(ctx, *maker, esid="3301060000002", name="合同专用章",
                           signers=[signer[1]], valid_from=now, valid_to=now.replace(year=now.year + 1),
                           picture=("PNG", png(), 40, 40))


def signatures(package):
    """(Signature.xml bytes, SignedValue.dat bytes, files) of each signature, in list order."""
    z = zipfile.ZipFile(io.BytesIO(package))
    files = {n: z.read(n) for n in z.namelist()}
    listed = re.findall(rb'BaseLoc="/([^"]+)"', files["Doc_0/Signs/Signatures.xml"])
    return [(files[p], files[p.rsplit("/", 1)[0] + "/SignedValue.dat"], files)
            for p in (x.decode() for x in listed)]


def check(ctx, package, count):
    sigs = signatures(package)
    assert len(sigs) == count
    for xml, value, files in sigs:
        for ref, cv in re.findall(rb'FileRef="/([^"]+)"><ofd:CheckValue>([^<]+)<', xml):
            assert base64.b64decode(cv) == hashlib.new("sm3", files[ref.decode()]).digest()
        assert eseal.verify(ctx, value, xml).passed


def test_stamp_bytes_by_position_keyword_and_across_pages(ctx, png_seal, signer):
    once = eseal.stamp_ofd(ctx, png_seal, *signer, ofd(), page=1, x=20, y=30)
    check(ctx, once, 1)
    assert b'Boundary="20 30 40 40"' in signatures(once)[0][0]
    twice = eseal.stamp_ofd(ctx, png_seal, *signer, once, keyword="盖章处", all_occurrences=True)
    check(ctx, twice, 2)
    assert signatures(twice)[1][0].count(b"<ofd:StampAnnot ") == 2
    cross = eseal.stamp_ofd(ctx, png_seal, *signer, ofd(3), cross_page=True, pages=(1, 3),
                            width=42, height=42)
    assert signatures(cross)[0][0].count(b'Clip="') == 3


def test_stamp_a_file_and_refusals(ctx, png_seal, signer, seal, tmp_path):
    src, dst = tmp_path / "in.ofd", tmp_path / "out.ofd"
    src.write_bytes(ofd())
    assert eseal.stamp_ofd(ctx, png_seal, *signer, src, dst, page=2, x=10, y=10,
                           cover_signatures=True) is None
    check(ctx, dst.read_bytes(), 1)
    with pytest.raises(eseal.InvalidArgumentError, match="s001 covers"):
        eseal.stamp_ofd(ctx, png_seal, *signer, dst, tmp_path / "more.ofd", page=1, x=10, y=10)
    assert not (tmp_path / "more.ofd").exists()
    with pytest.raises(eseal.NotFoundError):
        eseal.stamp_ofd(ctx, png_seal, *signer, ofd(), keyword="不存在")
    # The conftest seal has a drawn SVG picture: OFD readers need PNG or JPEG.
    with pytest.raises(eseal.UnsupportedError, match="PNG"):
        eseal.stamp_ofd(ctx, seal, *signer, ofd(), page=1, x=10, y=10)
    with pytest.raises(ValueError):
        eseal.stamp_ofd(ctx, png_seal, *signer, ofd(), page=1)


class _JunkTsa(http.server.BaseHTTPRequestHandler):
    """Answers every timestamp query with bytes that are not a TimeStampResp."""
    queries = 0

    def do_POST(self):  # noqa: N802 - the http.server hook's name
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).queries += 1
        body = b"not a timestamp response"
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_the_tsa_options_reach_ofd_stamping(ctx, png_seal, signer):
    # A token embedded and verified is tested in C (ofd_stamp); here: the
    # options arrive. The loopback is a private target, refused unasked...
    with pytest.raises(eseal.EgressError):
        eseal.stamp_ofd(ctx, png_seal, *signer, ofd(), page=1, x=20, y=30,
                        tsa_url="http://127.0.0.1:9/")
    server = http.server.HTTPServer(("127.0.0.1", 0), _JunkTsa)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        # ...and once allowed, the TSA is asked, and a junk answer refuses the stamp whole.
        with pytest.raises(eseal.Error):
            eseal.stamp_ofd(ctx, png_seal, *signer, ofd(), page=1, x=20, y=30, tsa_url=url,
                            tsa_policy="1.2.3.4.1", tsa_allow_private_targets=True)
        assert _JunkTsa.queries == 1
    finally:
        server.shutdown()
        server.server_close()
