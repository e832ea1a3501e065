#!/usr/bin/env python3
"""An OFD seal-signature checker written only from ses-format.md §9-§10 and §2/§4, sharing
no code with libeseal: Python's zipfile and hashlib (SM3), and the openssl command for SM2.

For every signature listed in the document's Signatures.xml it checks:
  - every Reference: the file exists and SM3(file) == base64-decoded CheckValue;
  - SignedValue.dat (an SES_Signature, V4 or V1): dataHash == SM3(raw Signature.xml bytes),
    propertyInfo names that Signature.xml, Seal.esl equals the embedded seal;
  - the seal maker's SM2 signature (V4: over SES_SealInfo's DER; V1: over
    SEQUENCE{SealInfo, cert, algorithm}) with the maker certificate's key;
  - the signer's SM2 signature over TBS_Sign's DER with the signer certificate's key,
    both with the distinguishing ID 1234567812345678.

usage: ofd_check.py FILE.ofd   (prints one line per check; exit 0 when all pass)
"""
import base64
import hashlib
import os
import posixpath
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

SM2_ID = "distid:1234567812345678"
OID_SM2_SM3 = "1.2.156.10197.1.501"
SM3_NAMES = ("1.2.156.10197.1.401", "SM3")


# ---- DER ---------------------------------------------------------------------------------

def tlv(buf, pos=0):
    """(tag, content start, end) of the TLV at pos."""
    tag = buf[pos]
    n = buf[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 4:
            raise ValueError("unsupported DER length")
        n = int.from_bytes(buf[pos:pos + k], "big")
        pos += k
    if pos + n > len(buf):
        raise ValueError("DER length beyond the data")
    return tag, pos, pos + n


def children(buf, start, end):
    """[(tag, whole TLV bytes, content bytes)] of the TLVs in buf[start:end]."""
    out = []
    while start < end:
        tag, cs, ce = tlv(buf, start)
        out.append((tag, buf[start:ce], buf[cs:ce]))
        start = ce
    return out


def seq(data):
    tag, cs, ce = tlv(data, 0)
    if tag != 0x30:
        raise ValueError("not a SEQUENCE")
    return children(data, cs, ce)


def oid_text(content):
    first = content[0]
    parts = [str(min(first // 40, 2)), str(first - 40 * min(first // 40, 2))]
    v = 0
    for b in content[1:]:
        v = (v << 7) | (b & 0x7F)
        if not b & 0x80:
            parts.append(str(v))
            v = 0
    return ".".join(parts)


def bit_string(content):
    if content[0] != 0:
        raise ValueError("BIT STRING with unused bits")
    return content[1:]


def der_int(v):
    b = v.to_bytes((v.bit_length() + 8) // 8 or 1, "big")
    return b"\x02" + bytes([len(b)]) + b


def sig_der(value):
    """The DER SEQUENCE{r, s} of a signature value, DER or raw 64-byte r||s (§4.3)."""
    if len(value) == 64:
        body = der_int(int.from_bytes(value[:32], "big")) + der_int(int.from_bytes(value[32:], "big"))
        return b"\x30" + bytes([len(body)]) + body
    return value


# ---- SES structures (§2.1 V1, §2.2 V4) -------------------------------------------------

def parse_seal(seal_tlv):
    parts = seq(seal_tlv)
    if len(parts) == 2:  # V1: SealInfo, SignInfo{cert, algorithm, signData}
        info = parts[0][1]
        sign = seq(parts[1][1])
        cert, alg, value = sign[0][2], oid_text(sign[1][2]), bit_string(sign[2][2])
        inner = info + sign[0][1] + sign[1][1]
        signed = b"\x30" + encode_len(len(inner)) + inner
        return {"version": 1, "maker_cert": cert, "alg": alg, "value": value, "signed": signed}
    info, cert, alg, value = parts[0][1], parts[1][2], oid_text(parts[2][2]), bit_string(parts[3][2])
    return {"version": 4, "maker_cert": cert, "alg": alg, "value": value, "signed": info}


def encode_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def parse_signature(data):
    parts = seq(data)
    tbs_tlv = parts[0][1]
    tbs = seq(tbs_tlv)
    if len(parts) == 2:  # V1: TBS_Sign{version, eseal, timeInfo, dataHash, propertyInfo, cert, alg}
        return {"tbs": tbs_tlv, "seal": tbs[1][1], "data_hash": bit_string(tbs[3][2]),
                "property": tbs[4][2].decode("ascii", "replace"), "cert": tbs[5][2],
                "alg": oid_text(tbs[6][2]), "value": bit_string(parts[1][2])}
    return {"tbs": tbs_tlv, "seal": tbs[1][1], "data_hash": bit_string(tbs[3][2]),
            "property": tbs[4][2].decode("ascii", "replace"), "cert": parts[1][2],
            "alg": oid_text(parts[2][2]), "value": bit_string(parts[3][2])}


def sm2_verify(cert_der, message, value):
    """The openssl command's verdict on an SM2-with-SM3 signature, with the standard ID."""
    with tempfile.TemporaryDirectory() as d:
        paths = {n: os.path.join(d, n) for n in ("cert.der", "pub.pem", "msg", "sig")}
        for name, data in (("cert.der", cert_der), ("msg", message), ("sig", sig_der(value))):
            with open(paths[name], "wb") as f:
                f.write(data)
        r = subprocess.run(["openssl", "x509", "-inform", "DER", "-in", paths["cert.der"],
                            "-pubkey", "-noout", "-out", paths["pub.pem"]],
                           capture_output=True, timeout=60)
        if r.returncode != 0:
            return False
        r = subprocess.run(["openssl", "dgst", "-sm3", "-verify", paths["pub.pem"], "-sigopt",
                            SM2_ID, "-signature", paths["sig"], paths["msg"]],
                           capture_output=True, timeout=60)
        return r.returncode == 0 and b"Verified OK" in r.stdout


# ---- the package (§9) ----------------------------------------------------------------------

def local(tag):
    return tag.rsplit("}", 1)[-1]


def first(node, name):
    for c in node.iter():
        if local(c.tag) == name:
            return c
    return None


def resolve(base_file, ref):
    """A container path: absolute (one or two leading slashes) or relative to base_file's folder."""
    ref = ref.strip()
    if ref.startswith("/"):
        path = ref.lstrip("/")
    else:
        path = posixpath.join(posixpath.dirname(base_file), ref)
    return posixpath.normpath(path).lstrip("/")


def sm3(data):
    return hashlib.new("sm3", data).digest()


def check_package(path):
    """[(signature id, check name, ok, detail)] for every signature of the package."""
    results = []
    with zipfile.ZipFile(path) as z:
        files = {posixpath.normpath(n.lstrip("/")): n for n in z.namelist() if not n.endswith("/")}

        def read(name):
            return z.read(files[name]) if name in files else None

        root = ET.fromstring(read("OFD.xml"))
        sigs_ref = first(root, "Signatures")
        if sigs_ref is None:
            return [("-", "signatures", False, "OFD.xml names no Signatures.xml")]
        list_path = resolve("", sigs_ref.text)
        for s in ET.fromstring(read(list_path)):
            if local(s.tag) != "Signature":
                continue
            sid = s.get("ID")
            sig_path = resolve(list_path, s.get("BaseLoc"))
            raw = read(sig_path)
            if raw is None:
                results.append((sid, "signature.xml", False, sig_path + " missing"))
                continue
            results.extend(check_signature(sid, sig_path, raw, read))
    return results


def check_signature(sid, sig_path, raw, read):
    out = []
    x = ET.fromstring(raw)
    refs = first(x, "References")
    method = refs.get("CheckMethod") if refs is not None else None
    out.append((sid, "check method", method in SM3_NAMES, str(method)))
    for r in (refs if refs is not None else []):
        if local(r.tag) != "Reference":
            continue
        name = resolve(sig_path, r.get("FileRef"))
        data = read(name)
        cv = first(r, "CheckValue")
        ok = data is not None and cv is not None and base64.b64decode(cv.text) == sm3(data)
        out.append((sid, "reference " + name, ok, "missing" if data is None else ""))
    value_path = resolve(sig_path, first(x, "SignedValue").text)
    ses = parse_signature(read(value_path))
    out.append((sid, "dataHash", ses["data_hash"] == sm3(raw), ""))
    out.append((sid, "propertyInfo", resolve("", ses["property"]) == sig_path, ses["property"]))
    seal_ref = first(x, "Seal")
    if seal_ref is not None:
        seal_file = read(resolve(sig_path, first(seal_ref, "BaseLoc").text))
        out.append((sid, "Seal.esl", seal_file == ses["seal"], ""))
    seal = parse_seal(ses["seal"])
    out.append((sid, "maker signature", seal["alg"] == OID_SM2_SM3 and
                sm2_verify(seal["maker_cert"], seal["signed"], seal["value"]), seal["alg"]))
    out.append((sid, "signer signature", ses["alg"] == OID_SM2_SM3 and
                sm2_verify(ses["cert"], ses["tbs"], ses["value"]), ses["alg"]))
    return out


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 64
    results = check_package(argv[1])
    for sid, name, ok, detail in results:
        print(f"{sid}\t{'OK' if ok else 'FAILED'}\t{name}\t{detail}")
    return 0 if results and all(ok for _, _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
