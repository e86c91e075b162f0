"""TLS: CA bundles by every route boto3 offers, an error saying which to set, handshake timeouts.

A throwaway CA is made for each test session (``cryptography``, already a moto
dependency); the server on 127.0.0.1 presents a certificate it signed. The
system trust store does not know that CA, so verification, on by default, must
fail until the CA bundle is given by one of the routes.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import ipaddress
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generated.cognito_idp import CognitoIdentityProviderClient, Credentials
from generated.cognito_idp.cli import _commands, _driver
from generated.cognito_idp.errors import ConfigurationError, ConnectTimeoutError, SSLError

from ..servers import Reply, ScriptedServer, scripted_server

CREDENTIALS = Credentials("AKIDEXAMPLE", "secret")
OK = Reply.json(200, {"CloudFrontDomain": "d111.cloudfront.net"})


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[Path, Path]]:
    """``(CA bundle, (server certificate, server key))``, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("pki")
    now = datetime.datetime.now(datetime.UTC)

    def certificate(
        subject: str,
        key: ec.EllipticCurvePrivateKey,
        issuer: str,
        signer: ec.EllipticCurvePrivateKey,
    ) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        certificate("Test CA", ca_key, "Test CA", ca_key)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        certificate("127.0.0.1", server_key, "Test CA", ca_key)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.IPv4Address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    bundle, cert, key = folder / "ca.pem", folder / "server.pem", folder / "server-key.pem"
    bundle.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return bundle, (cert, key)


@pytest.fixture
def server(pki: tuple[Path, tuple[Path, Path]]) -> Iterator[ScriptedServer]:
    with scripted_server(OK, tls=pki[1]) as running:
        yield running


@pytest.fixture
def bundle(pki: tuple[Path, tuple[Path, Path]]) -> Path:
    return pki[0]


def call(server: ScriptedServer, **settings: object) -> str | None:
    client = CognitoIdentityProviderClient(
        region="us-east-1",
        credentials=CREDENTIALS,
        endpoint_url=server.url,
        max_attempts=1,
        **settings,  # type: ignore[arg-type]
    )
    with client:
        return client.update_user_pool_domain(
            domain="auth.example.com", user_pool_id="us-east-1_Ab12Cd34E"
        ).cloud_front_domain


def write_profile(home: Path, text: str) -> None:
    (home / ".aws").mkdir(exist_ok=True)
    (home / ".aws" / "config").write_text(text)


# --- verification stays on, and says what to set -----------------------------------


def test_an_unknown_ca_fails_verification_by_default_naming_every_route(
    server: ScriptedServer,
) -> None:
    with pytest.raises(SSLError) as caught:
        call(server)
    message = str(caught.value)
    assert "certificate verification failed" in message
    for route in ("verify=", "AWS_CA_BUNDLE", "ca_bundle", "--ca-bundle"):
        assert route in message
    assert server.count == 0  # no request got through


def test_verify_false_skips_verification(server: ScriptedServer) -> None:
    assert call(server, verify=False) == "d111.cloudfront.net"


# --- each route to the CA bundle ----------------------------------------------------


def test_verify_with_a_bundle_path_trusts_its_ca(server: ScriptedServer, bundle: Path) -> None:
    assert call(server, verify=str(bundle)) == "d111.cloudfront.net"


def test_aws_ca_bundle_is_trusted(
    server: ScriptedServer, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_CA_BUNDLE", str(bundle))
    assert call(server) == "d111.cloudfront.net"


def test_the_profiles_ca_bundle_is_trusted(
    server: ScriptedServer, bundle: Path, home: Path
) -> None:
    write_profile(home, f"[default]\nca_bundle = {bundle}\n")
    assert call(server) == "d111.cloudfront.net"


def test_the_command_lines_ca_bundle_is_trusted(
    server: ScriptedServer, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    argv = [
        "update-user-pool-domain",
        "--domain=auth.example.com",
        "--user-pool-id=us-east-1_Ab12Cd34E",
        f"--endpoint-url={server.url}",
        "--region=us-east-1",
    ]
    out, err = io.StringIO(), io.StringIO()
    assert _driver.run(argv, _commands.SERVICE, stdout=out, stderr=err) == 255
    assert "--ca-bundle" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    code = _driver.run(
        [*argv, "--ca-bundle", str(bundle)], _commands.SERVICE, stdout=out, stderr=err
    )
    assert (code, err.getvalue()) == (0, "")
    assert "d111.cloudfront.net" in out.getvalue()


# --- precedence: argument > AWS_CA_BUNDLE > profile, as botocore --------------------


@pytest.fixture
def wrong_bundle(tmp_path: Path, pki: tuple[Path, tuple[Path, Path]]) -> str:
    """A readable bundle that does not hold the test CA (the server's own leaf certificate)."""
    path = tmp_path / "other.pem"
    path.write_bytes(pki[1][0].read_bytes())
    return str(path)


def test_the_argument_beats_aws_ca_bundle(
    server: ScriptedServer, bundle: Path, wrong_bundle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_CA_BUNDLE", wrong_bundle)
    assert call(server, verify=str(bundle)) == "d111.cloudfront.net"


def test_aws_ca_bundle_beats_the_profile(
    server: ScriptedServer,
    bundle: Path,
    wrong_bundle: str,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_profile(home, f"[default]\nca_bundle = {wrong_bundle}\n")
    monkeypatch.setenv("AWS_CA_BUNDLE", str(bundle))
    assert call(server) == "d111.cloudfront.net"


def test_aws_ca_bundle_beats_requests_ca_bundle(
    server: ScriptedServer, bundle: Path, wrong_bundle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", wrong_bundle)
    monkeypatch.setenv("AWS_CA_BUNDLE", str(bundle))
    assert call(server) == "d111.cloudfront.net"


def test_a_missing_bundle_is_refused_when_the_client_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_CA_BUNDLE", str(tmp_path / "nope.pem"))
    with pytest.raises(
        ConfigurationError, match="CA bundle from environment variable AWS_CA_BUNDLE"
    ):
        CognitoIdentityProviderClient(region="us-east-1", credentials=CREDENTIALS)


# --- a TLS server that never answers the handshake (defect 9) ----------------------


@contextlib.contextmanager
def silent_tcp_server() -> Iterator[int]:
    """Accepts connections on 127.0.0.1 and never sends a byte; yields the port."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        listener.close()


def test_a_silent_tls_handshake_is_a_connect_timeout_naming_the_connect_timeout() -> None:
    with silent_tcp_server() as port:
        client = CognitoIdentityProviderClient(
            region="us-east-1",
            credentials=CREDENTIALS,
            endpoint_url=f"https://127.0.0.1:{port}",
            max_attempts=1,
            timeout=(0.2, 30.0),
        )
        with client, pytest.raises(ConnectTimeoutError, match=r"after 0\.2 s"):
            client.update_user_pool_domain(
                domain="d.example.com", user_pool_id="us-east-1_Ab12Cd34E"
            )
