"""HTTP for the credential sources: the one place that sends their requests.

Every request of a credential source (STS, the SSO portal and OIDC, the
container endpoint, IMDS) goes through :func:`send`, which

* sends only to the host decided when the URL was read (:func:`decide_host`):
  the URL is read as the code that sends it reads it (requests prepares it
  with urllib3's ``parse_url``, then its adapter takes the connection's host
  from ``urllib.parse.urlparse`` of the prepared URL), compared with the
  allowed hosts after that, and refused when the URL as given reads
  differently (a backslash, a user name, an odd port);
* maps every failure, not only requests' exceptions (a header value requests
  or http.client refuses, an encoding error, an over-long answer), to a
  ``CredentialRetrievalError`` naming what was asked of which host and the
  exception's class, never its message (which may quote a token);
* never follows redirects and reads at most :data:`MAX_ANSWER_BYTES`.

Tokens and response bodies are held in types whose ``repr`` hides them
(:class:`Secret`, :class:`HiddenBytes`, :class:`HiddenDict`), and headers that
carry a token are set by an auth object (:class:`SecretHeaders`) rather than
passed as a dict: error trackers and ``pytest --showlocals`` print the local
variables of each frame of a traceback, and no frame of this package shows
them. (Frames inside requests, urllib3 and http.client still can, as with
boto3.)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import TypeAlias, cast
from urllib.parse import urlsplit

import attrs
import requests
import requests.auth

from ._credential_types import secret_problem, trimmed
from ._exceptions import ConfigurationError, CredentialRetrievalError, SdkError

__all__ = [
    "MAX_ANSWER_BYTES",
    "HiddenBytes",
    "HiddenDict",
    "HostRule",
    "Secret",
    "SecretHeaders",
    "answer_secret",
    "decide_host",
    "header_secret",
    "parse_json_object",
    "send",
]

MAX_ANSWER_BYTES = 1024 * 1024
"""The largest answer a credential source reads (theirs are a few kilobytes)."""

HostRule: TypeAlias = Callable[[str, str], str | None]
"""``(scheme, host) -> None`` if a source may call that host, else why not."""

# A network location without user info: a host (bracketed IPv6 or a name) and
# an optional port of digits only.
_NETLOC = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[^:@\[\]]+)(:[0-9]{1,5})?")


class Secret:
    """A secret string; ``repr`` and ``str`` hide it, ``reveal()`` gives it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('<hidden>')"

    __str__ = __repr__


class HiddenBytes(bytes):
    """A request or response body that may hold secrets."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes hidden>"

    __str__ = __repr__


class HiddenDict(dict[str, object]):
    """A parsed response that may hold secrets."""

    def __repr__(self) -> str:
        return f"<response with keys {sorted(self)!r}>"

    __str__ = __repr__

    def secret(self, name: str, *, where: str, method: str) -> str:
        """The non-empty string under ``name``, checked for control characters."""
        # Not bound to a local: a refused value's traceback shows this frame's locals.
        if not isinstance(self.get(name), str) or not self.get(name):
            raise CredentialRetrievalError(f"{where} has no {name}.", method=method)
        return answer_secret(str(self[name]), name, where, method=method)


class SecretHeaders(requests.auth.AuthBase):
    """Sets headers whose values are secrets on the request being sent."""

    def __init__(self, headers: Mapping[str, Secret]) -> None:
        self._headers = dict(headers)

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        for name, value in self._headers.items():
            # Checked where each token is read; this guards the header itself
            # (send() turns the error into a CredentialRetrievalError).
            if secret_problem(value.reveal()) is not None:
                raise ValueError(f"The {name} header was not sent: not a valid header value.")
            r.headers[name] = value.reveal()
        return r

    def __repr__(self) -> str:
        return f"SecretHeaders({sorted(self._headers)!r})"


def header_secret(value: str, key: str, where: str, *, method: str) -> Secret:
    """A token read from outside (a variable, a file, a cache, an answer) to be sent in a
    header, trimmed; ``CredentialRetrievalError`` naming ``key`` and ``where`` if it cannot be.
    """
    value = trimmed(value)
    problem = secret_problem(value)
    if problem is not None:
        del value  # not in this frame's locals when the traceback is captured
        message = f"{key} in {where} {problem}; it was not sent."
        raise CredentialRetrievalError(message, method=method)
    return Secret(value)


def answer_secret(value: str, key: str, where: str, *, method: str) -> str:
    """:func:`check_secret` for a value a source answered (or cached): the error is a
    ``CredentialRetrievalError`` of ``method``, naming ``key`` and ``where``, never the value."""
    value = trimmed(value)
    problem = secret_problem(value)
    if problem is not None:
        del value  # not in this frame's locals when the traceback is captured
        message = f"{key} in {where} {problem}; it was not used."
        raise CredentialRetrievalError(message, method=method)
    return value


def decide_host(url: str, where: str, rule: HostRule | None = None) -> str:
    """The host ``url`` will be sent to, as the sending code reads it; checked against ``rule``.

    ``ConfigurationError`` naming ``where`` (never the URL, which may hold a
    user name or a token) if the URL is not a plain ``http(s)://host[:port]/...``
    that every parser reads alike, or if ``rule`` refuses its host.
    """
    problem = _url_problem(url)
    if problem is None:
        scheme, host = _scheme_and_host(url)
        problem = None if rule is None else rule(scheme, host)
        if problem is None:
            return host
    raise ConfigurationError(f"The URL in {where} is refused: {problem}.")


def _url_problem(url: str) -> str | None:
    if not url.isascii() or any(char.isspace() or not char.isprintable() for char in url):
        return "it contains whitespace, control characters or characters that are not ASCII"
    if "\\" in url:
        return "it contains a backslash, which URL parsers read differently"
    try:
        split = urlsplit(url)
        split_port = split.port
        parsed = _Parsed.of(_prepared_url(url))
    except Exception:  # any parser's refusal is the same refusal
        return "it cannot be parsed as a URL"
    if split.scheme.lower() not in ("http", "https"):
        return "the scheme is not http or https"
    if "@" in split.netloc or parsed.auth is not None:
        return "it contains a user name or password"
    if not parsed.host or _NETLOC.fullmatch(split.netloc) is None:
        return "it has no host, or an odd port"
    if parsed.host != (split.hostname or "") or parsed.port != split_port:
        return "URL parsers read its host or port differently"
    if split_port is not None and not 0 < split_port < 65536:
        return "its port is out of range"
    return None


def _prepared_url(url: str) -> str:
    # requests' own preparation (IDNA, quoting), as the request will be sent.
    return cast("str", requests.Request("GET", url).prepare().url)


def _scheme_and_host(url: str) -> tuple[str, str]:
    parsed = _Parsed.of(_prepared_url(url))
    return parsed.scheme, parsed.host


@attrs.frozen
class _Parsed:
    """A prepared URL as requests' adapter reads it to pick the connection: since
    requests 2.32 (our floor is 2.34), ``urllib.parse.urlparse(prepared.url)``'s
    scheme, host and port. The host is lower-case, without IPv6 brackets."""

    scheme: str
    host: str
    port: int | None
    auth: str | None

    @classmethod
    def of(cls, prepared_url: str) -> _Parsed:
        split = urlsplit(prepared_url)
        auth = None if split.username is None else split.netloc.rpartition("@")[0]
        return cls(split.scheme.lower(), _bare(split.hostname or ""), split.port, auth)


def _bare(host: str) -> str:
    return host.lower().removeprefix("[").removesuffix("]")


def send(
    method: str,
    url: str,
    *,
    host: str,
    what: str,
    source: str,
    timeout: float | tuple[float, float],
    headers: Mapping[str, str] | None = None,
    body: HiddenBytes | None = None,
    auth: requests.auth.AuthBase | None = None,
    use_proxies: bool = True,
) -> tuple[int, HiddenBytes]:
    """Send one request to ``host`` (from :func:`decide_host`); return the status and body.

    The URL is prepared first and sent only if the prepared URL's host is
    ``host``. Any failure to get a whole answer raises
    ``CredentialRetrievalError`` naming ``what`` was asked of ``host``
    (``source`` is botocore's method name), with the exception's class name
    (``ReadTimeout``, ``InvalidHeader``, ``UnicodeEncodeError``, ...) as
    ``code``; the exception itself is dropped, since its message may quote a
    header value. Redirects are not followed.
    """
    try:
        with requests.Session() as session:
            session.trust_env = use_proxies
            prepared = session.prepare_request(
                requests.Request(method, url, data=body, headers=dict(headers or {}), auth=auth)
            )
            prepared_url = cast("str", prepared.url)
            sent_to = _Parsed.of(prepared_url).host
            if sent_to != host:
                raise CredentialRetrievalError(
                    f"The request for {what} was not sent: its URL does not go to {host}.",
                    method=source,
                )
            settings = session.merge_environment_settings(prepared_url, {}, True, None, None)
            settings["stream"] = True
            with session.send(
                prepared, timeout=timeout, allow_redirects=False, **settings
            ) as response:
                return response.status_code, _read(response, what=what, host=host, source=source)
    except SdkError:
        raise
    except Exception as error:  # every failure becomes the typed one
        kind = type(error).__name__
        raise CredentialRetrievalError(
            f"Could not get {what} from {host}: {kind}.", method=source, code=kind
        ) from None


def _read(response: requests.Response, *, what: str, host: str, source: str) -> HiddenBytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise CredentialRetrievalError(
                f"The answer to {what} from {host} is larger than {MAX_ANSWER_BYTES} bytes; "
                "it was not read.",
                method=source,
            )
        chunks.append(chunk)
    return HiddenBytes(b"".join(chunks))


def parse_json_object(body: bytes, *, what: str, source: str) -> HiddenDict:
    """``body`` as a JSON object; the error never quotes the body."""
    try:
        parsed: object = json.loads(body)
    except (ValueError, RecursionError):
        parsed = None
    if not isinstance(parsed, dict):
        raise CredentialRetrievalError(f"{what} is not a JSON object.", method=source)
    return HiddenDict(cast("dict[str, object]", parsed))
