"""Role-aware trust: anchors with roles, signed and unsigned trust lists."""

import datetime

import pytest

import eseal

DOCUMENT = b"<Signature>trust</Signature>"


@pytest.fixture
def stamp(ctx, seal, signer):
    with eseal.stamp(ctx, seal, *signer, DOCUMENT) as sig:
        yield sig


def _unsigned(list_bytes):
    """The trust list without its closing signature line."""
    lines = list_bytes.splitlines(keepends=True)
    assert lines[-1].startswith(b"signature: ")
    return b"".join(lines[:-1])


def test_a_stamp_verified_with_the_signed_trust_list_passes(ctx, stamp):
    assert ctx.trust_count == 2 and ctx.trust_notes == []
    assert ctx.trust_count_for("seal-maker") == 1
    assert ctx.trust_count_for(["signer-ca"]) == 1
    assert ctx.trust_count_for("seal-maker,signer-ca") == 0
    report = eseal.verify(ctx, stamp, DOCUMENT)
    assert report.passed, str(report)
    assert report.check("seal.maker_chain").status == "OK"


def test_a_maker_ca_trusted_only_as_signer_ca_does_not_vouch_for_makers(pki, stamp):
    with eseal.Context() as ctx:
        ctx.add_trust(pki / "maker-ca.crt", roles=["signer-ca"])
        ctx.add_trust(eseal.Cert.from_file(pki / "signer-ca.crt"), roles="signer-ca")
        assert ctx.trust_count_for("seal-maker") == 0
        report = eseal.verify(ctx, stamp, DOCUMENT)
    assert (report.indication, report.sub_indication) == ("INDETERMINATE",
                                                          "CHAIN_CONSTRAINTS_FAILURE")
    chain = report.check("seal.maker_chain")
    assert chain.status == "NOT_OK" and "seal-maker" in chain.message


def test_trust_maker_and_trust_signer_keywords_separate_the_roles(pki, stamp):
    with eseal.Context(trust_maker=pki / "maker-ca.crt", trust_signer=[pki / "signer-ca.crt"]) as ctx:
        assert (ctx.trust_count_for("seal-maker"), ctx.trust_count_for("signer-ca")) == (1, 1)
        assert eseal.verify(ctx, stamp, DOCUMENT).passed
    with eseal.Context(trust_maker=pki / "signer-ca.crt", trust_signer=pki / "maker-ca.crt") as ctx:
        assert eseal.verify(ctx, stamp, DOCUMENT).sub_indication == "CHAIN_CONSTRAINTS_FAILURE"


def test_roles_names_and_refusals(pki):
    assert eseal.ROLES[:2] == ("seal-maker", "signer-ca") and "trust-list-operator" in eseal.ROLES
    with eseal.Context() as ctx:
        with pytest.raises(eseal.InvalidArgumentError, match="no-such-role"):
            ctx.add_trust(pki / "root.crt", roles=["seal-maker", "no-such-role"])
        assert ctx.trust_count == 0
        ctx.add_trust(pki / "root.crt")  # default roles: both CAs, for makers and signers
        assert ctx.trust_count_for(["seal-maker", "signer-ca"]) == 2
        assert ctx.trust_count_for("trust-list-operator") == 0
        ctx.add_trust(pki / "operator.crt", roles="all")
        assert ctx.trust_count_for("trust-list-operator") == 1


def test_a_wrongly_signed_list_is_refused_whole(pki):
    tampered = (pki / "trust-list.txt").read_bytes().replace(b"sequence: 1\n", b"sequence: 2\n")
    with eseal.Context() as ctx:
        with pytest.raises(eseal.CryptoError):
            ctx.load_trust_list(tampered, operator=pki / "operator.crt")
        with pytest.raises(eseal.CryptoError):  # signed, but not by this certificate
            ctx.load_trust_list(pki / "trust-list.txt", operator=eseal.Cert.from_file(pki / "maker.crt"))
        assert ctx.trust_count == 0 and ctx.trust_notes == []


def test_an_expired_list_raises_expired_error(pki):
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=3650)
    with pytest.raises(eseal.ExpiredError):
        eseal.Context(time=future, trust_list=pki / "trust-list.txt",
                      trust_list_operator=pki / "operator.crt")


def test_an_unsigned_list_is_accepted_with_a_note(pki, stamp):
    unsigned = _unsigned((pki / "trust-list.txt").read_bytes())
    with eseal.Context() as ctx:
        with pytest.raises(eseal.CryptoError):  # an operator demands a signature
            ctx.load_trust_list(unsigned, operator=pki / "operator.crt")
        assert ctx.trust_notes == []
        ctx.load_trust_list(memoryview(unsigned))
        assert ctx.trust_count == 2
        assert len(ctx.trust_notes) == 1 and "signature" in ctx.trust_notes[0]
        report = eseal.verify(ctx, stamp, DOCUMENT)
    assert report.check("seal.maker_chain").status == "WARNING"


def test_trust_list_operator_needs_a_trust_list(pki):
    with pytest.raises(eseal.InvalidArgumentError):
        eseal.Context(trust_list_operator=pki / "operator.crt")


def test_trust_list_peek(pki):
    data = (pki / "trust-list.txt").read_bytes()
    assert eseal.trust_list_peek(data) == ("libeseal test PKI", 1)
    assert eseal.trust_list_peek(data.replace(b"sequence: 1\n", b"sequence: 18446744073709551615\n")) \
        == ("libeseal test PKI", 2**64 - 1)
    with pytest.raises(eseal.FormatError):
        eseal.trust_list_peek(b"eseal-trust-list 1\nname: cut short")
    with pytest.raises(TypeError):
        eseal.trust_list_peek(data.decode("utf-8"))


def test_accept_critical_extension(ctx):
    ctx.accept_critical_extension("1.2.156.10197.6.1.4.2.99")
    with pytest.raises(eseal.InvalidArgumentError):
        ctx.accept_critical_extension("not an oid")
