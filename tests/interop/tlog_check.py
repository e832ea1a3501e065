#!/usr/bin/env python3
"""An independent checker of usage-log evidence, written from doc/usage-log.md
alone: Python's hashlib (SM3, SHA-256) and the openssl command (SM2 signatures,
certificate chains). It shares no code with libeseal.

  tlog_check.py bundle --anchor ROOT.pem BUNDLE
  tlog_check.py consistency --anchor ROOT.pem --cert LOG.pem OLD NEW PROOF.json

The anchor is the certificate the caller trusts for the log-signer role.
Exit status 0: verified; 1: refused (the reason on stderr); 2: usage.
"""
import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

SM2_ID = "1234567812345678"
EM_DASH = "\u2014"


class Refused(Exception):
    pass


# ---- hashes and the Merkle tree (doc: "Merkle tree") ----

def hasher(name):
    algo = {"SM3": "sm3", "SHA-256": "sha256"}[name]
    return lambda data: hashlib.new(algo, data).digest()


def leaf_hash(H, record):
    return H(b"\x00" + record)


def node_hash(H, left, right):
    return H(b"\x01" + left + right)


def verify_inclusion(H, index, size, leaf, path, root):
    if index >= size or len(path) > 64:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(H, p, r)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(H, r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(H, m, n, old_root, new_root, path):
    if m > n or len(path) > 64:
        return False
    if m == n:
        return not path and old_root == new_root
    if m == 0:
        return not path
    if not path:
        return False
    if m & (m - 1) == 0:
        path = [old_root] + list(path)
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(H, c, fr)
            sr = node_hash(H, c, sr)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(H, sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


# ---- canonical CBOR, the subset the formats use (doc: "Evidence bundles") ----

class Cbor:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def head(self):
        if self.pos >= len(self.data):
            raise Refused("CBOR truncated")
        b = self.data[self.pos]
        self.pos += 1
        major, info = b >> 5, b & 31
        if info < 24:
            return major, info
        width = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
        if width is None:
            raise Refused("indefinite or reserved CBOR length")
        raw = self.data[self.pos:self.pos + width]
        if len(raw) != width:
            raise Refused("CBOR truncated")
        self.pos += width
        value = int.from_bytes(raw, "big")
        if value < (24 if width == 1 else 1 << (8 * width // 2)):
            raise Refused("CBOR integer or length not in its shortest form")
        return major, value

    def item(self):
        major, value = self.head()
        if major in (0, 1):
            return value if major == 0 else -1 - value
        if major in (2, 3):
            raw = self.data[self.pos:self.pos + value]
            if len(raw) != value:
                raise Refused("CBOR truncated")
            self.pos += value
            return bytes(raw) if major == 2 else raw.decode("utf-8")
        if major == 4:
            return [self.item() for _ in range(value)]
        if major == 5:
            out, last = {}, None
            for _ in range(value):
                start = self.pos
                key = self.item()
                encoded = self.data[start:self.pos]
                if last is not None and (len(encoded), encoded) <= (len(last), last):
                    raise Refused("CBOR map keys not in canonical order")
                last = encoded
                out[key] = self.item()
            return out
        raise Refused("CBOR major type %d is not used by the format" % major)


def cbor_decode(data):
    c = Cbor(data)
    value = c.item()
    if c.pos != len(data):
        raise Refused("bytes after the CBOR item")
    return value


# ---- openssl ----

def openssl(*args, data=None):
    return subprocess.run(["openssl"] + list(args), input=data, capture_output=True)


def write_temp(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def pem_of(der, tmp, name):
    r = openssl("x509", "-inform", "DER", "-outform", "PEM", data=der)
    if r.returncode != 0:
        raise Refused("%s is not a DER certificate" % name)
    return write_temp(tmp, name + ".pem", r.stdout)


def spki_and_algorithm(cert_pem):
    pub = openssl("x509", "-in", cert_pem, "-noout", "-pubkey").stdout
    der = openssl("pkey", "-pubin", "-outform", "DER", data=pub).stdout
    text = openssl("pkey", "-pubin", "-noout", "-text", data=pub).stdout.decode()
    if "SM2" in text:
        alg = "SM2-SM3"
    elif "ASN1 OID: prime256v1" in text or "NIST CURVE: P-256" in text:
        alg = "ECDSA-SHA256"
    elif "Public-Key: (" in text and "Modulus" in text:
        alg = "RSA-SHA256"
    else:
        alg = None
    return pub, der, alg


def key_id(name, alg, spki):
    h = hashlib.sha256(name.encode() + b"\n\xff" + b"eseal/" + alg.encode() + b"\n" + spki)
    return h.digest()[:4]


def chains(anchor, untrusted, at, cert_pem):
    """The chain to the anchor, valid at `at`; SM2-signed certificates with the SM2 ID."""
    # -partial_chain: the anchor may be the log certificate itself (doc: pinning).
    base = ["verify", "-partial_chain", "-CAfile", anchor, "-untrusted", untrusted,
            "-attime", str(at)]
    for extra in (["-vfyopt", "distid:" + SM2_ID], []):
        if openssl(*(base + extra + [cert_pem])).returncode == 0:
            return True
    return False


def may_sign(cert_pem):
    r = openssl("x509", "-in", cert_pem, "-noout", "-ext", "keyUsage")
    text = r.stdout.decode()
    if "Key Usage" not in text:
        return True  # no keyUsage extension: unrestricted
    return "Digital Signature" in text or "Non Repudiation" in text


# ---- checkpoints (doc: "Checkpoints") ----

def parse_checkpoint(data):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("checkpoint is not UTF-8")
    if any(ord(ch) < 0x20 and ch != "\n" for ch in text) or "\x7f" in text:
        raise Refused("checkpoint has a control character")
    if not text.endswith("\n"):
        raise Refused("checkpoint does not end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 7 or lines[5] != "":
        raise Refused("checkpoint is not five lines, a blank line and signatures")
    origin, size, root, hash_line, time_line = lines[:5]

    def decimal(s):
        if not s.isdigit() or not s.isascii() or (len(s) > 1 and s[0] == "0"):
            raise Refused("checkpoint number %r is not a canonical decimal" % s)
        return int(s)

    if not origin or origin != origin.strip(" "):
        raise Refused("checkpoint origin is empty or has spaces at its ends")
    root_bytes = strict_b64(root)
    if len(root_bytes) != 32:
        raise Refused("checkpoint root is not 32 bytes")
    if not hash_line.startswith("eseal-hash ") or hash_line[11:] not in ("SM3", "SHA-256"):
        raise Refused("checkpoint has no eseal-hash line")
    if not time_line.startswith("eseal-time "):
        raise Refused("checkpoint has no eseal-time line")
    sigs = []
    for line in lines[6:]:
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != EM_DASH or not parts[1] or "+" in parts[1]:
            raise Refused("checkpoint signature line is malformed")
        raw = strict_b64(parts[2])
        if len(raw) < 5:
            raise Refused("checkpoint signature is too short")
        sigs.append((parts[1], raw[:4], raw[4:]))
    body_len = len("\n".join(lines[:5]).encode()) + 1
    return {
        "origin": origin, "size": decimal(size), "root": root_bytes,
        "hash": hash_line[11:], "time": decimal(time_line[11:]),
        "text": data[:body_len], "sigs": sigs,
    }


def strict_b64(s):
    try:
        raw = base64.b64decode(s, validate=True)
    except ValueError:
        raise Refused("not base64: %r" % s[:20])
    if base64.b64encode(raw).decode() != s:
        raise Refused("not canonical base64: %r" % s[:20])
    return raw


def accept_checkpoint(data, cert_ders, anchor, tmp):
    """Returns the parsed checkpoint when a listed, trusted log key signed it."""
    cp = parse_checkpoint(data)
    pems = [pem_of(der, tmp, "logcert%d" % i) for i, der in enumerate(cert_ders)]
    chain_file = write_temp(tmp, "untrusted.pem", b"".join(open(p, "rb").read() for p in pems))
    text_file = write_temp(tmp, "text.bin", cp["text"])
    trusted = False
    for name, kid, sig in cp["sigs"]:
        for pem in pems:
            pub, spki, alg = spki_and_algorithm(pem)
            if alg is None or key_id(name, alg, spki) != kid:
                continue
            pub_file = write_temp(tmp, "pub.pem", pub)
            sig_file = write_temp(tmp, "sig.der", sig)
            args = ["pkeyutl", "-verify", "-pubin", "-inkey", pub_file, "-rawin", "-in", text_file,
                    "-sigfile", sig_file]
            if alg == "SM2-SM3":
                args += ["-digest", "sm3", "-pkeyopt", "distid:" + SM2_ID]
            else:
                args += ["-digest", "sha256"]
            if openssl(*args).returncode != 0:
                raise Refused("checkpoint signature by key %s does not verify" % name)
            if chains(anchor, chain_file, cp["time"], pem) and may_sign(pem):
                trusted = True
    if not trusted:
        raise Refused("checkpoint: no signature by a listed log key that chains to the anchor")
    return cp


# ---- the two checks ----

def check_bundle(data, anchor):
    b = cbor_decode(data)
    if not isinstance(b, dict) or set(b) - {0, 1, 2, 3, 4} or not {0, 1, 2, 3} <= set(b):
        raise Refused("bundle is not a map of keys 0 to 3 (and 4)")
    if b[0] != 1:
        raise Refused("bundle version %r is unknown" % b[0])
    entries, log_certs = b[2], b[3]
    if not isinstance(entries, list) or not entries or not isinstance(log_certs, list) \
            or not log_certs or (4 in b and not b[4]):
        raise Refused("bundle lists are empty")
    with tempfile.TemporaryDirectory() as tmp:
        cp = accept_checkpoint(b[1], log_certs, anchor, tmp)
        for der in b.get(4, []):
            pem_of(der, tmp, "other")
    H = hasher(cp["hash"])
    last = -1
    for i, entry in enumerate(entries):
        if not isinstance(entry, list) or len(entry) != 3:
            raise Refused("entry %d is not [index, record, path]" % i)
        index, record, path = entry
        if not isinstance(index, int) or index <= last:
            raise Refused("entry %d: indexes not ascending" % i)
        last = index
        fields = cbor_decode(record)
        if not isinstance(fields, dict) or fields.get(1) != index:
            raise Refused("record %d does not carry sequence number %d" % (i, index))
        if any(not isinstance(p, bytes) or len(p) != 32 for p in path):
            raise Refused("record %d: a path hash is not 32 bytes" % i)
        if not verify_inclusion(H, index, cp["size"], leaf_hash(H, record), path, cp["root"]):
            raise Refused("record %d (index %d): the inclusion proof does not lead to the root"
                          % (i, index))
    return "%d records in the tree of %d of %s at %d" % (len(entries), cp["size"], cp["origin"],
                                                         cp["time"])


def check_consistency(old_data, new_data, proof, cert_der, anchor):
    with tempfile.TemporaryDirectory() as tmp:
        old = accept_checkpoint(old_data, [cert_der], anchor, tmp)
        new = accept_checkpoint(new_data, [cert_der], anchor, tmp)
    if old["origin"] != new["origin"] or old["hash"] != new["hash"]:
        raise Refused("the checkpoints are of different logs")
    if (proof.get("old_size"), proof.get("new_size")) != (old["size"], new["size"]):
        raise Refused("the proof is for other sizes")
    path = [bytes.fromhex(h) for h in proof.get("path", [])]
    if not verify_consistency(hasher(new["hash"]), old["size"], new["size"], old["root"],
                              new["root"], path):
        raise Refused("the consistency proof does not join the two checkpoints")
    return "the tree of %d extends the tree of %d" % (new["size"], old["size"])


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bundle")
    b.add_argument("--anchor", required=True)
    b.add_argument("bundle")
    c = sub.add_parser("consistency")
    c.add_argument("--anchor", required=True)
    c.add_argument("--cert", required=True)
    c.add_argument("old")
    c.add_argument("new")
    c.add_argument("proof")
    args = ap.parse_args(argv)
    if "sm3" not in hashlib.algorithms_available:
        print("hashlib has no SM3 here", file=sys.stderr)
        return 2
    read = lambda p: open(p, "rb").read()
    try:
        if args.cmd == "bundle":
            print("OK: " + check_bundle(read(args.bundle), args.anchor))
        else:
            cert_der = openssl("x509", "-in", args.cert, "-outform", "DER").stdout
            print("OK: " + check_consistency(read(args.old), read(args.new),
                                             json.loads(read(args.proof)), cert_der, args.anchor))
    except Refused as e:
        print("REFUSED: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
