"""HTTP for the credential sources, with every secret behind a hidden ``repr``.

Error trackers and ``pytest --showlocals`` print the local variables of each
frame of a traceback. Tokens and response bodies are therefore held in types
whose ``repr`` hides them (:class:`Secret`, :class:`HiddenBytes`,
:class:`HiddenDict`), and headers that carry a token are set by an auth object
(:class:`SecretHeaders`) rather than passed as a dict: no frame of this
package shows them. (Frames inside requests, urllib3 and http.client still
can, as with boto3.)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import cast

import requests
import requests.auth

from ._credentials import check_secret
from ._exceptions import CredentialRetrievalError

__all__ = ["HiddenBytes", "HiddenDict", "Secret", "SecretHeaders", "parse_json_object", "send"]


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
        value = self.get(name)
        if not isinstance(value, str) or not value:
            raise CredentialRetrievalError(f"{where} has no {name}.", method=method)
        return check_secret(value, name, where)


class SecretHeaders(requests.auth.AuthBase):
    """Sets headers whose values are secrets on the request being sent."""

    def __init__(self, headers: Mapping[str, Secret]) -> None:
        self._headers = dict(headers)

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        for name, value in self._headers.items():
            r.headers[name] = value.reveal()
        return r

    def __repr__(self) -> str:
        return f"SecretHeaders({sorted(self._headers)!r})"


def send(
    method: str,
    url: str,
    *,
    what: str,
    source: str,
    timeout: float | tuple[float, float],
    headers: Mapping[str, str] | None = None,
    body: HiddenBytes | None = None,
    auth: requests.auth.AuthBase | None = None,
    use_proxies: bool = True,
) -> tuple[int, HiddenBytes]:
    """Send one request; return the status and the body. Never follows redirects.

    A failure to get a response raises ``CredentialRetrievalError`` naming
    ``what`` was asked of which ``url`` (``source`` is botocore's method name),
    with the requests exception's name (``ReadTimeout``, ...) as ``code``.
    """
    with requests.Session() as session:
        session.trust_env = use_proxies
        try:
            response = session.request(
                method,
                url,
                data=body,
                headers=dict(headers or {}),
                auth=auth,
                timeout=timeout,
                allow_redirects=False,
            )
        except requests.RequestException as error:
            kind = type(error).__name__
            raise CredentialRetrievalError(
                f"Could not get {what} from {url}: {kind}.", method=source, code=kind
            ) from None
        return response.status_code, HiddenBytes(response.content)


def parse_json_object(body: bytes, *, what: str, source: str) -> HiddenDict:
    """``body`` as a JSON object; the error never quotes the body."""
    try:
        parsed: object = json.loads(body)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise CredentialRetrievalError(f"{what} is not a JSON object.", method=source)
    return HiddenDict(cast("dict[str, object]", parsed))
