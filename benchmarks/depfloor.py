"""The dependency floor: one SigV4-signed awsJson 1.1 call with our runtime dependencies.

The process imports ``requests``, ``attrs`` and ``aws_requests_auth`` (what
the generated client needs at run time, ``requirements/runtime.txt``), and
sends the call through a ``requests.Session`` (keep-alive) signed by
``aws_requests_auth.AWSRequestsAuth``. No validation, no typed models, no
retries, no configuration files: what is left of the generated client's cold
start and memory once its own code is taken away. ``attrs`` is imported and
not used, as the generated models are the code that would use it.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import attrs  # noqa: F401 -- imported for its cost, see the module docstring
import requests
from aws_requests_auth.aws_auth import AWSRequestsAuth

CONTENT_TYPE = "application/x-amz-json-1.1"


class DependencyFloorClient:
    """Calls one awsJson 1.1 service through a ``requests.Session``."""

    def __init__(  # noqa: PLR0917 -- the same plain signature as the raw floor's
        self,
        endpoint_url: str,
        access_key_id: str,
        secret_access_key: str,
        region: str,
        service: str = "cognito-idp",
        target_prefix: str = "AWSCognitoIdentityProviderService",
    ) -> None:
        parts = urlsplit(endpoint_url)
        if parts.hostname is None:
            raise ValueError(f"no host in {endpoint_url!r}")
        self._url = endpoint_url.rstrip("/") + "/"
        self._session = requests.Session()
        self._session.auth = AWSRequestsAuth(
            aws_access_key=access_key_id,
            aws_secret_access_key=secret_access_key,
            aws_host=parts.netloc,
            aws_region=region,
            aws_service=service,
        )
        self._target_prefix = target_prefix

    def call(self, operation: str, params: dict[str, object]) -> dict[str, object]:
        """POST ``params`` as ``operation`` and return the decoded JSON answer."""
        body = json.dumps(params, separators=(",", ":")).encode("utf-8")
        headers = {
            "Content-Type": CONTENT_TYPE,
            "X-Amz-Target": f"{self._target_prefix}.{operation}",
        }
        response = self._session.post(self._url, data=body, headers=headers, timeout=60)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.content[:200]!r}")
        result: dict[str, object] = response.json()
        return result

    def close(self) -> None:
        self._session.close()
