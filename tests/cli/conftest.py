"""Every `eseal verify --json` and `eseal inspect --json` output the CLI tests capture is
validated against doc/schema/ (tests/cli/eseal_schema.py), whichever test ran the command."""
import subprocess

import pytest

import eseal_schema

_run = subprocess.run


def _validating_run(*args, **kwargs):
    result = _run(*args, **kwargs)
    eseal_schema.check_cli_output(args[0] if args else kwargs.get("args"), result)
    return result


@pytest.fixture(autouse=True)
def validate_json_output(monkeypatch):
    monkeypatch.setattr(subprocess, "run", _validating_run)


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(
        f"{eseal_schema.validated} JSON documents validated against {eseal_schema.SCHEMA_DIR}")
