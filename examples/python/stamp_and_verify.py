#!/usr/bin/env python3
"""Makes a seal, stamps a file with it and prints the verification report.

usage: stamp_and_verify.py PKI_DIR FILE
PKI_DIR holds trust-list.txt (the CAs with their roles, signed by
operator.crt), maker.key/.crt and signer.key/.crt, as made by
`eseal pki init PKI_DIR`. Exits 0 when the report says TOTAL_PASSED.
"""
import datetime
import pathlib
import sys

import eseal

pki, document = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_bytes()
# The maker CA vouches for seal makers only and the signer CA for signers only.
ctx = eseal.Context(trust_list=pki / "trust-list.txt", trust_list_operator=pki / "operator.crt")
maker = eseal.Key.from_file(pki / "maker.key"), eseal.Cert.from_file(pki / "maker.crt")
signer = eseal.Key.from_file(pki / "signer.key"), eseal.Cert.from_file(pki / "signer.crt")
seal = eseal.make_seal(ctx, *maker, esid="3301060000001", name="合同专用章", signers=[signer[1]],
                       valid_from=ctx.time, valid_to=ctx.time + datetime.timedelta(days=365))
signature = eseal.stamp(ctx, seal, *signer, document)
report = eseal.verify(ctx, signature.bytes, document)
print(report)
sys.exit(0 if report.passed else 1)
