"""Validates JSON documents of libeseal against the schemas of doc/schema/.

A document names its schema in its "schema" key ("eseal-report/1"); the schema
with "$id" "urn:libeseal:" + that value checks it. Schemas may refer to each
other's $defs by those ids. Needs python3-jsonschema (4.10 or later).
"""
import json
import os
import pathlib

import jsonschema

SCHEMA_DIR = pathlib.Path(os.environ.get("ESEAL_SCHEMA_DIR") or
                          pathlib.Path(__file__).resolve().parents[2] / "doc" / "schema")
PREFIX = "urn:libeseal:"

# How many documents were validated in this process, for the test summaries.
validated = 0


def load_schemas():
    """{$id: schema} of every *.schema.json in SCHEMA_DIR."""
    schemas = {}
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[schema["$id"]] = schema
    return schemas


_SCHEMAS = load_schemas()


def validator(schema_id):
    """A validator for the schema with this $id, resolving references to the others."""
    schema = _SCHEMAS[schema_id]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    try:  # jsonschema 4.18 and later
        import referencing
        registry = referencing.Registry().with_resources(
            (sid, referencing.Resource.from_contents(s)) for sid, s in _SCHEMAS.items())
        return cls(schema, registry=registry)
    except ImportError:  # Debian 12's 4.10
        resolver = jsonschema.RefResolver.from_schema(schema, store=dict(_SCHEMAS))
        return cls(schema, resolver=resolver)


_VALIDATORS = {}


def errors(doc):
    """Why `doc` does not validate against the schema it names ([] when it does)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("schema"), str):
        return ["the document has no \"schema\" key naming its schema"]
    schema_id = PREFIX + doc["schema"]
    if schema_id not in _SCHEMAS:
        return [f"no schema {schema_id} in {SCHEMA_DIR}"]
    if schema_id not in _VALIDATORS:
        _VALIDATORS[schema_id] = validator(schema_id)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in _VALIDATORS[schema_id].iter_errors(doc)]


def validate(doc):
    """Raises AssertionError naming every problem when `doc` does not validate."""
    global validated
    problems = errors(doc)
    if problems:
        raise AssertionError("JSON does not match its schema:\n  " + "\n  ".join(problems[:20]))
    validated += 1


def validate_lines(text, allow_null=False):
    """Validates each line of `text` (bytes or str) as one document; null lines when allowed.
    Returns the documents."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    docs = []
    for line in text.splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        if doc is None and allow_null:
            docs.append(doc)
            continue
        validate(doc)
        docs.append(doc)
    return docs


# The commands whose --json output is a document with a schema, and whether a line may be
# null (a file verify could not read).
JSON_COMMANDS = {"verify": True, "inspect": False}


def check_cli_output(argv, result):
    """Validates what `eseal verify|inspect --json` printed, when `argv` is such a call of
    the eseal command ($ESEAL_CLI) and its output was captured."""
    cli = os.environ.get("ESEAL_CLI")
    if not cli or not isinstance(argv, (list, tuple)) or len(argv) < 2:
        return
    if str(argv[0]) != cli or str(argv[1]) not in JSON_COMMANDS:
        return
    options = [str(a) for a in argv[2:]]
    if "--" in options:  # what follows "--" are file names
        options = options[:options.index("--")]
    if "--json" not in options:
        return
    out = getattr(result, "stdout", None)
    if out:
        validate_lines(out, allow_null=JSON_COMMANDS[str(argv[1])])
