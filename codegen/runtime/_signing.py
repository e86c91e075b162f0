"""AWS Signature Version 4, built on aws-requests-auth.

aws-requests-auth signs only ``host`` and ``x-amz-date`` (plus the session
token).  botocore also signs ``content-type`` and ``x-amz-target``, so that a
request for one operation cannot be replayed as another; ``SigV4Auth`` does
the same, and takes fresh credentials from a provider for every request.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

import requests

from ._credential_types import CredentialsProvider
from ._rules import remove_dot_segments

if TYPE_CHECKING:
    # aws-requests-auth ships no type information: these declarations describe
    # the parts used here, so the checkers do not depend on its installed source.

    from requests.auth import AuthBase

    class AWSRequestsAuth(AuthBase):
        aws_host: str
        aws_region: str
        service: str

        def __init__(  # noqa: PLR0917 -- mirrors the library's signature
            self,
            aws_access_key: str,
            aws_secret_access_key: str,
            aws_host: str,
            aws_region: str,
            aws_service: str,
            aws_token: str | None = None,
        ) -> None: ...
        def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest: ...
        @classmethod
        def get_canonical_path(cls, r: requests.PreparedRequest) -> str: ...

    def getSignatureKey(  # noqa: N802
        key: str, date_stamp: str, region_name: str, service_name: str
    ) -> bytes: ...

else:
    from aws_requests_auth.aws_auth import AWSRequestsAuth, getSignatureKey

__all__ = ["SigV4Auth", "host_from_url", "signing_key"]

_ALGORITHM = "AWS4-HMAC-SHA256"
# Signed whenever the request carries them, in addition to host and x-amz-date
# (x-amz-api-version: only the endpoint-discovery operation sends it).
_SIGNED_REQUEST_HEADERS = ("content-type", "x-amz-api-version", "x-amz-target")
_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LOG = logging.getLogger(__name__)


@lru_cache(maxsize=32)
def signing_key(secret_access_key: str, datestamp: str, region: str, service: str) -> bytes:
    """The SigV4 signing key, derived once per secret, day, region and service.

    Deriving it takes four HMACs; a client signs many requests a day with the
    same key, so this is cached.
    """
    return getSignatureKey(secret_access_key, datestamp, region, service)


def host_from_url(url: str) -> str:
    """The ``Host`` header value HTTP clients send for ``url`` (default port omitted)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if parts.port is not None and parts.port != _DEFAULT_PORTS.get(parts.scheme):
        host = f"{host}:{parts.port}"
    return host


class SigV4Auth(AWSRequestsAuth):
    """A ``requests`` auth that signs each request with SigV4.

    ``credentials`` is called for every request, so rotated credentials are
    picked up and a retried attempt is signed afresh with a new date.
    ``host`` must be the ``Host`` header the request is sent with (see
    ``host_from_url``).

    Signed headers: ``content-type`` and ``x-amz-target`` (when present),
    ``host``, ``x-amz-date`` and, with a session token,
    ``x-amz-security-token``.  Unlike the base class, no
    ``x-amz-content-sha256`` header is sent: it is an S3 header that botocore
    does not send to JSON services, and the body hash is already part of the
    signature.
    """

    def __init__(
        self, credentials: CredentialsProvider, *, host: str, region: str, service: str
    ) -> None:
        # The base class stores static keys; ours come from the provider on
        # each request, so the instance never holds a secret.
        super().__init__(
            aws_access_key="",
            aws_secret_access_key="",
            aws_host=host,
            aws_region=region,
            aws_service=service,
        )
        self._credentials = credentials
        self._scope_suffix = f"/{region}/{service}/aws4_request"
        # (URL, canonical path, canonical query string) of the last URL signed.
        # A client sends every request to one URL: parse and quote it once.
        self._resource: tuple[str, str, str] | None = None

    def __repr__(self) -> str:
        return (
            f"SigV4Auth(host={self.aws_host!r}, region={self.aws_region!r}, "
            f"service={self.service!r})"
        )

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        headers = r.headers
        # A request signed before (a retry) may carry a token the current
        # credentials no longer have; the base class only adds headers.
        headers.pop("X-Amz-Security-Token", None)
        # What the base class does, without MutableMapping.update's generic path.
        for name, value in self.get_aws_request_headers_handler(r).items():
            headers[name] = value
        return r

    def get_aws_request_headers_handler(self, r: requests.PreparedRequest) -> dict[str, str]:
        """Sign with the provider's current credentials (the base class's hook for this)."""
        credentials = self._credentials()
        return self.get_aws_request_headers(
            r,
            credentials.access_key_id,
            credentials.secret_access_key,
            credentials.session_token,
        )

    def get_aws_request_headers(
        self,
        r: requests.PreparedRequest,
        aws_access_key: str,
        aws_secret_access_key: str,
        aws_token: str | None,
    ) -> dict[str, str]:
        """Return the ``Authorization``, ``X-Amz-Date`` and token headers for ``r``."""
        amz_date = _amz_date()
        datestamp = amz_date[:8]

        signed = {"host": self.aws_host, "x-amz-date": amz_date}
        request_headers = r.headers
        for name in _SIGNED_REQUEST_HEADERS:
            value = request_headers.get(name)
            if value is not None:
                signed[name] = _trim_all(value)
        if aws_token:
            # Signed trimmed (SigV4 Trimall), as botocore does: surrounding or
            # doubled spaces would otherwise break the signature.
            signed["x-amz-security-token"] = _trim_all(aws_token)
        names = sorted(signed)
        signed_headers = ";".join(names)
        path, query = self._canonical_resource(r)

        canonical_request = "\n".join(
            (
                (r.method or "").upper(),
                path,
                query,
                "".join([f"{name}:{signed[name]}\n" for name in names]),
                signed_headers,
                _payload_hash(r.body),
            )
        )
        scope = datestamp + self._scope_suffix
        string_to_sign = "\n".join(
            (_ALGORITHM, amz_date, scope, _sha256_hex(canonical_request.encode("utf-8")))
        )
        if _LOG.isEnabledFor(logging.DEBUG):
            # As botocore's debug log, with the (signed) session token hidden.
            shown = (
                canonical_request.replace(aws_token, "<redacted>")
                if aws_token
                else canonical_request
            )
            _LOG.debug("CanonicalRequest:\n%s", shown)
            _LOG.debug("StringToSign:\n%s", string_to_sign)
        key = signing_key(aws_secret_access_key, datestamp, self.aws_region, self.service)
        signature = hmac.digest(key, string_to_sign.encode("utf-8"), "sha256").hex()

        headers = {
            "Authorization": (
                f"{_ALGORITHM} Credential={aws_access_key}/{scope}, "
                f"SignedHeaders={signed_headers}, Signature={signature}"
            ),
            "X-Amz-Date": amz_date,
        }
        if aws_token:
            # requests refuses a header value with leading whitespace; AWS trims it.
            headers["X-Amz-Security-Token"] = aws_token.strip()
        return headers

    def _canonical_resource(self, r: requests.PreparedRequest) -> tuple[str, str]:
        """The canonical path and query string of ``r``, computed once per URL."""
        url = r.url or ""
        resource = self._resource
        if resource is None or resource[0] != url:
            resource = (url, self.get_canonical_path(r), self.get_canonical_querystring(r))
            # A single attribute store: threads racing here at worst compute it twice.
            self._resource = resource
        return resource[1], resource[2]

    @classmethod
    def get_canonical_path(cls, r: requests.PreparedRequest) -> str:
        """The canonical path as botocore computes it for services other than S3.

        Dot segments and empty segments (``//``) are removed (RFC 3986 5.2.4,
        plus AWS's rule for consecutive slashes), then the path is quoted once
        more, keeping ``/`` and ``~``. The base class quotes the raw path and
        drops ``;params`` (it uses ``urlparse``), so ``//stage//x/`` or
        ``/a;b`` would not verify.
        """
        path = urlsplit(r.url or "").path
        return quote(remove_dot_segments(path) if path else "/", safe="/~")

    @classmethod
    def get_canonical_querystring(cls, r: requests.PreparedRequest) -> str:
        """The canonical query string, sorted by name and then value, as botocore builds it.

        The base class sorts the raw ``name=value`` strings, which orders
        ``a-b=1`` before ``a=2``; SigV4 (and botocore) sort by name first.
        Empty pairs (``?a=1&``, ``?&a=1``) stay, as ``=``, as in botocore.
        Like the base class, this expects an already URL-encoded query.
        """
        query = urlsplit(r.url or "").query
        if not query:
            return ""
        pairs = [pair.partition("=")[::2] for pair in query.split("&")]
        return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def _amz_date() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())


def _trim_all(value: str | bytes) -> str:
    # SigV4 "Trimall": strip, and collapse runs of spaces into one.
    text = value.decode("utf-8") if isinstance(value, bytes) else value
    return " ".join(text.split())


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _payload_hash(body: object) -> str:
    # Hash exactly the bytes that go on the wire.  A str body would be encoded
    # later by http.client (as Latin-1), so it is refused rather than guessed.
    if body is None or body == b"":
        return _EMPTY_SHA256
    if isinstance(body, bytes | bytearray):
        return _sha256_hex(bytes(body))
    raise TypeError(f"SigV4Auth signs bytes bodies only, not {type(body).__name__}")
