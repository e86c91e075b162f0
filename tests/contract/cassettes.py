"""Cassettes: where they live, how they are written and scrubbed, and how replay matches.

Recording rewrites what would make two recordings differ or leak a secret:

* the local servers' random ``http://127.0.0.1:<port>`` becomes
  :data:`LOCAL_ENDPOINT` (``.invalid`` never resolves), where replay sends;
* the Authorization header keeps its shape (algorithm, credential scope,
  SignedHeaders) but not the access key id or the signature;
* the session token, access key ids and account ids (other than the
  documented example ``123456789012``) are replaced wherever they appear;
* the interpreter's version leaves the User-Agent, and the response's
  ``Server`` header (the recording machine's software) is dropped.

Replay matches a request on method, scheme, host, port, path, query,
``X-Amz-Target`` and the body compared as JSON; a request that matches no
recorded interaction raises ``CannotOverwriteExistingCassetteException``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import vcr
import vcr.request
import yaml

from .cases import Source

ROOT = Path(__file__).resolve().parents[2]
CASSETTE_DIR = ROOT / "cassettes" / "update_user_pool_domain"

LOCAL_ENDPOINT = "http://cognito-idp.recorded.invalid"
"""Where the emulator's and the fault server's requests are recorded as sent."""

SERIALIZER = "contract-yaml"
MATCH_ON = ("method", "scheme", "host", "port", "path", "query", "x_amz_target", "json_body")

ACCESS_KEY_PLACEHOLDER = "<access-key-id>"
REDACTED = "<redacted>"
EXAMPLE_ACCOUNT_ID = "123456789012"

ACCESS_KEY_ID = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
# Twelve digits on their own, as in an ARN or a JSON value; a hyphen next to them
# makes them part of something else (a UUID's last group).
ACCOUNT_ID = re.compile(r"(?<![A-Za-z0-9-])\d{12}(?![A-Za-z0-9-])")
SECRET_LIKE = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key_id>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)"
    r"/(?P<service>[^/]+)/(?P<terminator>[^,]+), SignedHeaders=(?P<signed>[^,]+), "
    r"Signature=(?P<signature>\S+)"
)
_PYTHON_VERSION = re.compile(r"Python/\S+")


def cassette_path(name: str, source: Source, folder: Path = CASSETTE_DIR) -> Path:
    """Where a case's cassette lives: live ones in their own subfolder."""
    return (folder / "live" if source is Source.LIVE else folder) / f"{name}.yaml"


def all_cassette_paths() -> list[Path]:
    return sorted(CASSETTE_DIR.rglob("*.yaml"))


def recorded_cassettes() -> list[RecordedCassette]:
    """Every cassette on disk, live ones included."""
    return [RecordedCassette(path) for path in all_cassette_paths()]


# --- scrubbing ----------------------------------------------------------------------------


def scrub_text(text: str) -> str:
    """Replace access key ids and account ids (except the documented example)."""
    text = ACCESS_KEY_ID.sub(ACCESS_KEY_PLACEHOLDER, text)
    return ACCOUNT_ID.sub(EXAMPLE_ACCOUNT_ID, text)


def redact_authorization(key: str, value: str, request: object) -> str:
    """Keep the SigV4 header's scope and SignedHeaders; drop the key id and the signature."""
    match = AUTHORIZATION.fullmatch(value)
    if match is None:
        return REDACTED
    scope = "/".join(match.group("date", "region", "service", "terminator"))
    return (
        f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY_PLACEHOLDER}/{scope}, "
        f"SignedHeaders={match['signed']}, Signature={REDACTED}"
    )


def without_python_version(key: str, value: str, request: object) -> str:
    return _PYTHON_VERSION.sub("Python/<version>", value)


FILTER_HEADERS: tuple[tuple[str, Any], ...] = (
    ("Authorization", redact_authorization),
    ("X-Amz-Security-Token", REDACTED),
    ("User-Agent", without_python_version),
)


def scrub_request(local_endpoint: str | None) -> Callable[[vcr.request.Request], Any]:
    """A before_record_request hook: LOCAL_ENDPOINT for ``local_endpoint``, scrubbed bodies."""

    def before_record_request(request: vcr.request.Request) -> vcr.request.Request:
        if local_endpoint and request.uri.startswith(local_endpoint):
            request.uri = LOCAL_ENDPOINT + request.uri[len(local_endpoint) :]
        if request.body:
            request.body = scrub_text(request.body.decode())
        return request

    return before_record_request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """A before_record_response hook: no Server header, no account ids or key ids."""
    headers = {
        name: [scrub_text(value) for value in values]
        for name, values in response["headers"].items()
        if name.lower() != "server"
    }
    body = response["body"]["string"]
    if body:
        body = scrub_text(body.decode()).encode()
    return {**response, "headers": headers, "body": {**response["body"], "string": body}}


# --- matching -----------------------------------------------------------------------------


def x_amz_target(r1: vcr.request.Request, r2: vcr.request.Request) -> None:
    """The operation a request calls, from its X-Amz-Target header."""
    first, second = r1.headers.get("X-Amz-Target"), r2.headers.get("X-Amz-Target")
    if first != second:
        raise AssertionError(f"X-Amz-Target {first!r} != {second!r}")


def json_body(r1: vcr.request.Request, r2: vcr.request.Request) -> None:
    """The bodies as JSON documents: key order and whitespace do not matter, values do."""
    first, second = _as_json(r1.body), _as_json(r2.body)
    if first != second:
        raise AssertionError(f"JSON body {first!r} != {second!r}")


def _as_json(body: bytes | None) -> object:
    return json.loads(body) if body else None


# --- the cassette file format -----------------------------------------------------------


class _ReadableDumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks; everything else as PyYAML's safe dumper does."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ReadableDumper.add_representer(str, _represent_str)


class ReadableYamlSerializer:
    """vcrpy's cassette dict as YAML a reviewer can read.

    A comment header says where the answers come from; the ``metadata`` (vcrpy's
    own top-level key) comes first, then the interactions. Keys are sorted and
    lines never wrap, so re-recording gives the smallest possible diff.
    """

    @staticmethod
    def serialize(cassette: Mapping[str, Any]) -> str:
        metadata = cassette.get("metadata", {})
        parts = [
            _header(metadata),
            _dump({"metadata": metadata}) if metadata else "",
            _dump({"interactions": cassette["interactions"]}),
            _dump({"version": cassette["version"]}),
        ]
        return "".join(parts)

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        loaded: dict[str, Any] = yaml.safe_load(text)
        return loaded


def _dump(part: Mapping[str, Any]) -> str:
    return str(
        yaml.dump(
            dict(part),
            Dumper=_ReadableDumper,
            sort_keys=True,
            allow_unicode=True,
            default_flow_style=False,
            width=1_000_000,
        )
    )


def _header(metadata: Mapping[str, Any]) -> str:
    source = metadata.get("recorded_from", "unknown")
    lines = [
        f"{metadata.get('operation', 'UpdateUserPoolDomain')} contract cassette:"
        f" {metadata.get('case', '?')}",
        f"Recorded from: {source} \N{EM DASH} {metadata.get('source_description', '')}.",
        f"Recorded on {metadata.get('recorded_on', '?')} by tests/contract/record.py"
        " (nox -s record). Never edit by hand: re-record.",
        "Scrubbed: access key id, signature, session token and account ids; see"
        " tests/contract/cassettes.py.",
    ]
    if source != Source.LIVE.value:
        lines.append(
            f"The local server's random port is recorded as {LOCAL_ENDPOINT}"
            " (never resolves); replay sends there."
        )
    return "".join(f"# {line}\n" for line in lines)


# --- VCR instances ------------------------------------------------------------------------


def _vcr(**options: Any) -> vcr.VCR:
    recorder = vcr.VCR(serializer=SERIALIZER, match_on=MATCH_ON, **options)
    recorder.register_serializer(SERIALIZER, ReadableYamlSerializer)
    recorder.register_matcher("x_amz_target", x_amz_target)
    recorder.register_matcher("json_body", json_body)
    return recorder


def recording_vcr(local_endpoint: str | None) -> vcr.VCR:
    """Records every request, scrubbed; ``local_endpoint`` is rewritten to LOCAL_ENDPOINT."""
    return _vcr(
        record_mode="all",
        filter_headers=FILTER_HEADERS,
        before_record_request=scrub_request(local_endpoint),
        before_record_response=scrub_response,
    )


def replaying_vcr() -> vcr.VCR:
    """Plays recorded answers only; any request not in the cassette raises."""
    return _vcr(record_mode="none")


# --- reading cassettes --------------------------------------------------------------------


class RecordedCassette:
    """A cassette file as data: its metadata and its interactions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text()
        data = ReadableYamlSerializer.deserialize(self.text)
        self.metadata: dict[str, Any] = data["metadata"]
        self.interactions: list[dict[str, Any]] = data["interactions"]

    def __repr__(self) -> str:
        return f"RecordedCassette({self.id})"

    @property
    def id(self) -> str:
        """The path below the cassette folder, without ``.yaml``: a test id."""
        return self.path.relative_to(CASSETTE_DIR).with_suffix("").as_posix()

    @property
    def succeeded(self) -> bool:
        return int(self.final_response["status"]["code"]) < 300

    @property
    def name(self) -> str:
        return str(self.metadata["case"])

    @property
    def source(self) -> Source:
        return Source(self.metadata["recorded_from"])

    @property
    def parameters(self) -> dict[str, Any]:
        parameters: dict[str, Any] = self.metadata["parameters"]
        return parameters

    @property
    def region(self) -> str:
        return str(self.metadata["region"])

    @property
    def max_attempts(self) -> int:
        return int(self.metadata["max_attempts"])

    @property
    def endpoint_url(self) -> str:
        """Where the recorded requests went: replay sends there too."""
        uri = str(self.interactions[0]["request"]["uri"])
        scheme, _, rest = uri.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"

    @property
    def final_response(self) -> dict[str, Any]:
        """The answer the call ends with (the last attempt's)."""
        response: dict[str, Any] = self.interactions[-1]["response"]
        return response


def header(message: Mapping[str, Any], name: str) -> str | None:
    """A recorded request's or response's header, looked up case-insensitively as HTTP does."""
    for key, values in message["headers"].items():
        if key.lower() == name.lower():
            return str(values[0])
    return None


def response_body(response: Mapping[str, Any]) -> bytes:
    body = response["body"]["string"]
    return body.encode() if isinstance(body, str) else bytes(body)


def response_headers(response: Mapping[str, Any]) -> dict[str, str]:
    return {name: str(values[0]) for name, values in response["headers"].items()}
