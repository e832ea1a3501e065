#!/usr/bin/env python3
"""The schemas of doc/schema/: they are valid schemas, they accept the JSON the library
writes (GoogleTest samples, the Python binding, the eseal command) and they refuse a
report with a key missing, a key too many or a check id of the wrong shape."""
import copy
import json
import os
import pathlib
import subprocess
import tempfile
import unittest

import jsonschema

import eseal_schema

ESEAL = os.environ.get("ESEAL_CLI")
REPORT_JSON_TEST = os.environ.get("ESEAL_REPORT_JSON_TEST")
REPORT = "urn:libeseal:eseal-report/1"
INSPECT = "urn:libeseal:eseal-inspect/1"


def run(*args, **kwargs):
    return subprocess.run([ESEAL, *args], capture_output=True, timeout=120, **kwargs)


class Schemas(unittest.TestCase):
    def test_every_schema_is_a_valid_schema_with_an_id(self):
        self.assertIn(REPORT, eseal_schema._SCHEMAS)
        self.assertIn(INSPECT, eseal_schema._SCHEMAS)
        for schema_id, schema in eseal_schema._SCHEMAS.items():
            self.assertTrue(schema_id.startswith(eseal_schema.PREFIX), schema_id)
            jsonschema.validators.validator_for(schema).check_schema(schema)
            self.assertIn("$defs", schema, f"{schema_id}: parts for other schemas go in $defs")

    def test_the_version_in_the_header_matches_the_schema(self):
        header = (pathlib.Path(__file__).resolve().parents[2] / "include/eseal/report.h").read_text()
        self.assertIn('#define ESEAL_REPORT_SCHEMA "eseal-report/1"', header)
        self.assertEqual(eseal_schema._SCHEMAS[REPORT]["$defs"]["report"]["properties"]["schema"],
                         {"const": "eseal-report/1"})


@unittest.skipUnless(REPORT_JSON_TEST and ESEAL, "ESEAL_REPORT_JSON_TEST and ESEAL_CLI not set")
class Samples(unittest.TestCase):
    """The JSON the GoogleTest cases of tests/unit/test_report_json.cc write."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        r = subprocess.run([REPORT_JSON_TEST], capture_output=True, timeout=300,
                           env={**os.environ, "ESEAL_JSON_SAMPLES": cls.tmp.name})
        assert r.returncode == 0, r.stdout.decode()[-2000:]
        cls.samples = {p.stem: json.loads(p.read_text(encoding="utf-8"))
                       for p in pathlib.Path(cls.tmp.name).glob("*.json")}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_sample_validates(self):
        self.assertEqual(sorted(self.samples),
                         ["inspect_seal", "inspect_signature", "report_format_failure",
                          "report_hash_failure", "report_passed", "report_seal"])
        for name, doc in self.samples.items():
            with self.subTest(name):
                eseal_schema.validate(doc)

    def test_a_report_with_a_key_missing_is_refused(self):
        report = self.samples["report_passed"]
        eseal_schema.validate(report)
        for path in (["times"], ["sub_indication"], ["subject", "proof_of_existence"],
                     ["checks", 0, "sub_indication"], ["times", "timestamp"],
                     ["certificates", 0, "der_base64"]):
            broken = copy.deepcopy(report)
            parent = broken
            for step in path[:-1]:
                parent = parent[step]
            del parent[path[-1]]
            with self.subTest(path=path):
                problems = eseal_schema.errors(broken)
                self.assertTrue(any("required property" in p for p in problems), problems)

    def test_a_report_with_an_unknown_key_or_a_bad_value_is_refused(self):
        report = self.samples["report_hash_failure"]
        for change in (lambda d: d.update(verdict="ok"),
                       lambda d: d["checks"][0].update(id="Format Check"),
                       lambda d: d.update(indication="PASSED"),
                       lambda d: d.update(schema="eseal-report/0"),
                       lambda d: d["times"].update(validation="yesterday"),
                       lambda d: d["checks"][0].update(status="FINE")):
            broken = copy.deepcopy(report)
            change(broken)
            self.assertTrue(eseal_schema.errors(broken), broken)
        # A check id the library does not know yet is fine: ids are a pattern.
        extended = copy.deepcopy(report)
        extended["checks"][0]["id"] = "ofd.signed_references"
        self.assertEqual(eseal_schema.errors(extended), [])

    def test_inspect_documents_are_strict_too(self):
        sig = self.samples["inspect_signature"]
        embedded = copy.deepcopy(sig)
        embedded["seal"]["schema"] = "eseal-inspect/1"
        self.assertTrue(eseal_schema.errors(embedded), "the embedded seal has no schema key")
        missing = copy.deepcopy(self.samples["inspect_seal"])
        del missing["maker_cert"]["parse_error"]
        self.assertTrue(eseal_schema.errors(missing))
        extra = copy.deepcopy(self.samples["inspect_seal"])
        extra["colour"] = "red"
        self.assertTrue(eseal_schema.errors(extra))


class PythonBinding(unittest.TestCase):
    """Report.to_json() of the Python package, when it is built beside the command."""

    def test_binding_reports_validate(self):
        if os.environ.get("ESEAL_SANITIZED"):
            self.skipTest("a %s build: its extension needs the sanitizer runtime preloaded, "
                          "which the bindings tests do; checked in the normal build"
                          % os.environ["ESEAL_SANITIZED"])
        try:
            import eseal
        except ImportError as e:
            self.skipTest(f"the Python binding is not importable: {e}")
        if not ESEAL:
            self.skipTest("ESEAL_CLI is not set: the eseal command makes the test PKI")
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([ESEAL, "pki", "init", tmp], check=True, capture_output=True,
                           timeout=60)
            pki = pathlib.Path(tmp)
            with eseal.Context(trust_list=pki / "trust-list.txt",
                               trust_list_operator=pki / "operator.crt") as ctx:
                maker = eseal.Key.from_file(pki / "maker.key"), eseal.Cert.from_file(pki / "maker.crt")
                signer = eseal.Key.from_file(pki / "signer.key"), eseal.Cert.from_file(pki / "signer.crt")
                import datetime
                seal = eseal.make_seal(ctx, *maker, esid="3301060000001", name="合同专用章",
                                       signers=[signer[1]],
                                       valid_from=ctx.time - datetime.timedelta(days=1),
                                       valid_to=ctx.time + datetime.timedelta(days=365))
                sig = eseal.stamp(ctx, seal, *signer, b"contract")
                for data in (b"contract", b"changed", None):
                    report = eseal.verify(ctx, sig, data)
                    eseal_schema.validate(json.loads(report.to_json()))
                    self.assertEqual(report.as_dict()["schema"], "eseal-report/1")
                eseal_schema.validate(json.loads(sig.to_json()))
                eseal_schema.validate(json.loads(seal.to_json()))


@unittest.skipUnless(ESEAL, "ESEAL_CLI is not set")
class Command(unittest.TestCase):
    """The command's own outputs, checked here directly as well as through conftest.py."""

    def test_verify_lines_are_reports_or_null(self):
        with tempfile.TemporaryDirectory() as tmp:
            junk = pathlib.Path(tmp, "junk.bin")
            junk.write_bytes(b"\x30\x03\x02\x01")
            r = run("verify", "--json", str(junk), str(pathlib.Path(tmp, "missing.sig")))
            self.assertEqual(r.returncode, 3)
            docs = eseal_schema.validate_lines(r.stdout, allow_null=True)
            self.assertEqual(len(docs), 2)
            self.assertEqual(docs[0]["sub_indication"], "FORMAT_FAILURE")
            self.assertIsNone(docs[1])


if __name__ == "__main__":
    unittest.main(verbosity=2)
