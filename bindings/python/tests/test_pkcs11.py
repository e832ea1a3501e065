"""eseal.Key.from_pkcs11 against a SoftHSM2 token made in a temporary directory: a seal made
and stamped with token keys verifies; errors arrive as their classes. Skipped without SoftHSM2."""

import datetime
import os
import shutil
import subprocess

import pytest

import eseal

MODULE = os.environ.get("ESEAL_SOFTHSM2_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
PIN = "5678"
DOCUMENT = b"contract stamped on a token"

pytestmark = pytest.mark.skipif(
    not os.path.exists(MODULE) or shutil.which("softhsm2-util") is None,
    reason="SoftHSM2 (libsofthsm2.so and softhsm2-util) is not installed")


def _openssl(folder, *args):
    subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def token(tmp_path_factory):
    """A P-256 root, maker and signer; both leaf keys imported into token "Py"."""
    d = tmp_path_factory.mktemp("softhsm")
    (d / "tokens").mkdir()
    conf = d / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {d}/tokens\nobjectstore.backend = file\n"
                    "log.level = ERROR\n")
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    (d / "leaf.cnf").write_text("basicConstraints=critical,CA:FALSE\n"
                                "keyUsage=critical,digitalSignature,nonRepudiation\n")
    _openssl(d, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", "root.key", "-out", "root.crt", "-subj", "/CN=Py Token Root", "-days",
             "30", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "Py", "--so-pin",
                    "000000", "--pin", PIN], check=True, capture_output=True, timeout=120)
    for i, name in enumerate(("maker", "signer")):
        _openssl(d, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                 "-out", f"{name}.key")
        _openssl(d, "req", "-new", "-key", f"{name}.key", "-subj", f"/O=Py Org/CN={name}",
                 "-out", f"{name}.csr")
        _openssl(d, "x509", "-req", "-in", f"{name}.csr", "-CA", "root.crt", "-CAkey", "root.key",
                 "-CAcreateserial", "-days", "30", "-extfile", "leaf.cnf", "-out", f"{name}.crt")
        _openssl(d, "pkcs8", "-topk8", "-nocrypt", "-in", f"{name}.key", "-out", f"{name}.p8")
        subprocess.run(["softhsm2-util", "--import", str(d / f"{name}.p8"), "--token", "Py",
                        "--label", name, "--id", f"0{i + 1}", "--pin", PIN],
                       check=True, capture_output=True, timeout=120)
    yield d
    if old is None:
        del os.environ["SOFTHSM2_CONF"]
    else:
        os.environ["SOFTHSM2_CONF"] = old


def uri(name):
    return f"pkcs11:token=Py;object={name};type=private"


def test_seal_and_stamp_with_token_keys_verify(token):
    maker_cert = eseal.Cert.from_file(token / "maker.crt")
    signer_cert = eseal.Cert.from_file(token / "signer.crt")
    with eseal.Key.from_pkcs11(uri("maker"), pin=PIN, module=MODULE) as maker, \
            eseal.Key.from_pkcs11(uri("signer"), pin=PIN, module=MODULE,
                                  require_non_extractable=True) as signer, \
            eseal.Context(trust=[token / "root.crt"]) as ctx:
        assert signer.backend == "pkcs11" and signer.algorithm == "ECDSA-SHA256"
        assert signer.non_extractable
        assert signer.matches(signer_cert) and not signer.matches(maker_cert)
        now = ctx.time
        seal = eseal.make_seal(ctx, maker, maker_cert, esid="3301060000002", name="合同专用章",
                               signers=[signer_cert], valid_from=now - datetime.timedelta(hours=1),
                               valid_to=now + datetime.timedelta(days=20))
        sig = eseal.stamp(ctx, seal, signer, signer_cert, DOCUMENT)
        report = eseal.verify(ctx, sig, DOCUMENT)
        assert report.indication == "TOTAL_PASSED", str(report)
        assert eseal.verify(ctx, sig, DOCUMENT + b"!").indication == "TOTAL_FAILED"


def test_errors_arrive_as_their_classes(token):
    with pytest.raises(eseal.PasswordError):
        eseal.Key.from_pkcs11(uri("signer"), pin="0000", module=MODULE)
    with pytest.raises(eseal.ModuleError):
        eseal.Key.from_pkcs11(uri("signer"), pin=PIN, module=str(token / "absent.so"))
    with pytest.raises(eseal.ModuleError):
        eseal.Key.from_pkcs11(uri("signer"), pin=PIN)  # no module at all
    with pytest.raises(eseal.NotFoundError):
        eseal.Key.from_pkcs11(uri("nobody"), pin=PIN, module=MODULE)
    with pytest.raises(eseal.AmbiguousError):
        eseal.Key.from_pkcs11("pkcs11:token=Py;type=private", pin=PIN, module=MODULE)
    with pytest.raises(eseal.FormatError):
        eseal.Key.from_pkcs11("pkcs11:token=Py;objekt=signer", pin=PIN, module=MODULE)
    with pytest.raises(ValueError):
        eseal.Key.from_pkcs11(uri("signer"), pin=PIN, module=MODULE, sm2_mechanism=-1)
    # The module path may also come from the URI, the PIN from its pin-value.
    with eseal.Key.from_pkcs11(uri("signer") + f"?module-path={MODULE}&pin-value={PIN}") as k:
        assert k.algorithm == "ECDSA-SHA256"


def test_software_key_has_no_token_report(token):
    with eseal.Key.from_file(token / "signer.key") as k, pytest.raises(eseal.InvalidArgumentError):
        k.non_extractable
