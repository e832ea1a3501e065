"""Fixtures: a throwaway PKI made by `eseal pki init` and a seal made with it."""

import datetime
import os
import pathlib
import subprocess

import pytest

import eseal


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    cli = os.environ.get("ESEAL_CLI")
    if not cli:
        pytest.skip("ESEAL_CLI is not set: the eseal command makes the test PKI")
    folder = tmp_path_factory.mktemp("pki")
    subprocess.run([cli, "pki", "init", str(folder)], check=True, capture_output=True, timeout=60)
    return folder


@pytest.fixture
def ctx(pki):
    """Role-aware trust: the PKI's signed trust list, checked with its operator."""
    with eseal.Context(trust_list=pki / "trust-list.txt",
                       trust_list_operator=pki / "operator.crt") as c:
        yield c


@pytest.fixture
def maker(pki):
    return eseal.Key.from_file(pki / "maker.key"), eseal.Cert.from_file(pki / "maker.crt")


@pytest.fixture
def signer(pki):
    return eseal.Key.from_file(pki / "signer.key"), eseal.Cert.from_file(pki / "signer.crt")


def make(ctx, maker, signer, **overrides):
    now = ctx.time
    args = dict(esid="3301060000001", name="合同专用章", signers=[signer[1]],
                valid_from=now - datetime.timedelta(days=1),
                valid_to=now + datetime.timedelta(days=365))
    args.update(overrides)
    return eseal.make_seal(ctx, *maker, **args)


@pytest.fixture
def seal(ctx, maker, signer):
    with make(ctx, maker, signer) as s:
        yield s


@pytest.fixture
def vectors():
    folder = pathlib.Path(os.environ.get("ESEAL_VECTORS_DIR", "../shared/vectors"))
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the shared vectors are not beside the source tree")
    return folder
