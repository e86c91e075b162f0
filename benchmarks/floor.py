"""The floor: one awsJson 1.1 call signed by hand with ``hmac``, over ``http.client``.

This is the least a Python client can do for a call: encode the body, sign it
with SigV4 (the same signed headers as botocore and the generated client:
``content-type;host;x-amz-date;x-amz-target``), send it on one persistent
connection and decode the JSON answer. No validation, no retries, no typed
models. Only the standard library is used.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
import time
from urllib.parse import urlsplit

ALGORITHM = "AWS4-HMAC-SHA256"
CONTENT_TYPE = "application/x-amz-json-1.1"
SIGNED_HEADERS = "content-type;host;x-amz-date;x-amz-target"


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


class FloorClient:
    """Calls one awsJson 1.1 service over a single keep-alive ``HTTPConnection``."""

    def __init__(  # noqa: PLR0917 -- a plain positional signature keeps the floor minimal
        self,
        endpoint_url: str,
        access_key_id: str,
        secret_access_key: str,
        region: str,
        service: str = "cognito-idp",
        target_prefix: str = "AWSCognitoIdentityProviderService",
    ) -> None:
        parts = urlsplit(endpoint_url)
        if parts.scheme != "http" or parts.hostname is None:
            raise ValueError(f"the floor speaks plain http only, not {endpoint_url!r}")
        self._connection = http.client.HTTPConnection(parts.hostname, parts.port or 80)
        # What http.client sends as Host: the port only when it is not the default.
        self._host = parts.netloc if parts.port not in (None, 80) else parts.hostname
        self._access_key_id = access_key_id
        self._secret_access_key = secret_access_key
        self._scope_suffix = f"/{region}/{service}/aws4_request"
        self._region = region
        self._service = service
        self._target_prefix = target_prefix
        self._key_date = ""
        self._key = b""

    def call(self, operation: str, params: dict[str, object]) -> dict[str, object]:
        """POST ``params`` as ``operation`` and return the decoded JSON answer."""
        body = json.dumps(params, separators=(",", ":")).encode("utf-8")
        headers = self.sign(body, f"{self._target_prefix}.{operation}", time.gmtime())
        self._connection.request("POST", "/", body, headers)
        response = self._connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {data[:200]!r}")
        result: dict[str, object] = json.loads(data)
        return result

    def sign(self, body: bytes, target: str, now: time.struct_time) -> dict[str, str]:
        """The headers of a SigV4-signed POST of ``body`` to ``/`` at ``now`` (UTC)."""
        amz_date = time.strftime("%Y%m%dT%H%M%SZ", now)
        datestamp = amz_date[:8]
        canonical_request = (
            "POST\n/\n\n"
            f"content-type:{CONTENT_TYPE}\nhost:{self._host}\n"
            f"x-amz-date:{amz_date}\nx-amz-target:{target}\n\n"
            f"{SIGNED_HEADERS}\n{hashlib.sha256(body).hexdigest()}"
        )
        scope = datestamp + self._scope_suffix
        string_to_sign = (
            f"{ALGORITHM}\n{amz_date}\n{scope}\n"
            f"{hashlib.sha256(canonical_request.encode('utf-8')).hexdigest()}"
        )
        signature = hmac.new(
            self._signing_key(datestamp), string_to_sign.encode("utf-8"), hashlib.sha256
        ).hexdigest()
        return {
            "Content-Type": CONTENT_TYPE,
            "X-Amz-Date": amz_date,
            "X-Amz-Target": target,
            "Authorization": (
                f"{ALGORITHM} Credential={self._access_key_id}/{scope}, "
                f"SignedHeaders={SIGNED_HEADERS}, Signature={signature}"
            ),
        }

    def _signing_key(self, datestamp: str) -> bytes:
        # Derived once per day, as every SDK does.
        if datestamp != self._key_date:
            key = _hmac(f"AWS4{self._secret_access_key}".encode(), datestamp)
            for part in (self._region, self._service, "aws4_request"):
                key = _hmac(key, part)
            self._key_date, self._key = datestamp, key
        return self._key

    def close(self) -> None:
        self._connection.close()
