"""A fake of every endpoint the credential chain calls, on 127.0.0.1: IMDS, container, STS, SSO.

One server answers them all, by path: ``/latest/...`` is the EC2 instance
metadata service (IMDSv2 tokens required unless ``imds_v1`` is set),
``/container/credentials`` the ECS / EKS Pod Identity endpoint, ``POST /``
STS (AssumeRole, AssumeRoleWithWebIdentity), ``/federation/credentials`` the
SSO portal and ``POST /token`` SSO OIDC. The credentials it hands out are a
function of the request and of ``generation`` (bump it to make a refresh
visible), so botocore and the client under test, asking the same thing, get
the same answer. ``replies`` scripts other answers for one route; every
request is recorded in ``requests``.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import threading
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import attrs

from ..servers import Received, Reply, scripted_server

IMDS_TOKEN = "FAKE-IMDS-SESSION-TOKEN-must-never-appear"
ROLE_NAME = "fake-instance-role"
STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"


@attrs.frozen
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    form: dict[str, str]
    body: bytes


@attrs.define
class FakeAws:
    url: str = ""
    generation: int = 0
    lifetime: float = 3600.0
    """Seconds until the credentials handed out expire."""
    imds_v1: bool = False
    """Whether the IMDS answers without a session token (IMDSv1)."""
    replies: dict[str, list[tuple[int, bytes]]] = attrs.field(factory=dict)
    """Scripted answers by route ("PUT /latest/api/token"); the last one repeats."""
    requests: list[Seen] = attrs.field(factory=list)
    lock: threading.Lock = attrs.field(factory=threading.Lock)

    def seen(self, route: str) -> list[Seen]:
        method, path = route.split(" ", 1)
        return [r for r in self.requests if r.method == method and r.path == path]

    def keys(self, source: str, *parts: str) -> tuple[str, str, str]:
        """The (key id, secret, token) this fake hands out for ``source`` and ``parts``."""
        digest = hashlib.sha256("|".join((source, *parts, str(self.generation))).encode())
        tag = digest.hexdigest()[:12].upper()
        return f"ASIA{source[:4].upper()}{tag}", f"secret-{source}-{tag}", f"token-{source}-{tag}"

    def expiration(self) -> datetime.datetime:
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        return now + datetime.timedelta(seconds=self.lifetime)

    def answer(self, seen: Seen) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.requests.append(seen)
            scripted = self.replies.get(f"{seen.method} {seen.path}")
            if scripted:
                status, body = scripted.pop(0) if len(scripted) > 1 else scripted[0]
                return status, {}, body
        route = (seen.method, seen.path)
        if route == ("PUT", "/latest/api/token"):
            return 200, {}, IMDS_TOKEN.encode()
        if seen.path.startswith("/latest/meta-data/iam/security-credentials/"):
            if not self.imds_v1 and seen.headers.get("x-aws-ec2-metadata-token") != IMDS_TOKEN:
                return 401, {}, b""
            role = seen.path.rsplit("/", 1)[1]
            if not role:
                return 200, {}, ROLE_NAME.encode()
            return 200, {}, self._json_credentials("imds", role, token_key="Token")
        if seen.path == "/container/credentials":
            return (
                200,
                {},
                self._json_credentials(
                    "container", seen.headers.get("authorization", ""), token_key="Token"
                ),
            )
        if route == ("POST", "/"):
            return self._sts(seen)
        if seen.path == "/federation/credentials":
            return self._sso(seen)
        if route == ("POST", "/token"):
            return 200, {}, json.dumps(
                {"accessToken": f"refreshed-access-{self.generation}", "expiresIn": 3600,
                 "refreshToken": "new-refresh-token", "tokenType": "Bearer"}
            ).encode()  # fmt: skip
        return 404, {}, b"not found"

    def _json_credentials(self, source: str, *parts: str, token_key: str) -> bytes:
        key_id, secret, token = self.keys(source, *parts)
        payload = {
            "Code": "Success",
            "AccessKeyId": key_id,
            "SecretAccessKey": secret,
            token_key: token,
            "Expiration": self.expiration().strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if source == "container":
            payload["AccountId"] = "444455556666"
        return json.dumps(payload).encode()

    def _sts(self, seen: Seen) -> tuple[int, dict[str, str], bytes]:
        action = seen.form.get("Action", "")
        role_arn = seen.form.get("RoleArn", "")
        session = seen.form.get("RoleSessionName", "")
        parts: tuple[str, ...]
        if action == "AssumeRole":
            authorization = seen.headers.get("authorization", "")
            caller = authorization.split("Credential=", 1)[-1].split("/", 1)[0]
            parts = (role_arn, caller, seen.form.get("ExternalId", ""))
        elif action == "AssumeRoleWithWebIdentity":
            parts = (role_arn, seen.form.get("WebIdentityToken", ""))
        else:
            return 400, {}, b"unknown action"
        key_id, secret, token = self.keys(action, *parts)
        account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else "000000000000"
        role = role_arn.rsplit("/", 1)[-1]
        body = f"""<{action}Response xmlns="{STS_NAMESPACE}">
  <{action}Result>
    <AssumedRoleUser>
      <AssumedRoleId>AROAFAKE:{session}</AssumedRoleId>
      <Arn>arn:aws:sts::{account}:assumed-role/{role}/{session}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>{key_id}</AccessKeyId>
      <SecretAccessKey>{secret}</SecretAccessKey>
      <SessionToken>{token}</SessionToken>
      <Expiration>{self.expiration().strftime("%Y-%m-%dT%H:%M:%SZ")}</Expiration>
    </Credentials>
  </{action}Result>
  <ResponseMetadata><RequestId>fake-request-id</RequestId></ResponseMetadata>
</{action}Response>"""
        return 200, {"Content-Type": "text/xml"}, body.encode()

    def _sso(self, seen: Seen) -> tuple[int, dict[str, str], bytes]:
        access_token = seen.headers.get("x-amz-sso_bearer_token", "")
        if not access_token.startswith(("cached-access", "refreshed-access")):
            body = json.dumps({"message": "Session token not found or invalid"}).encode()
            return 401, {"x-amzn-ErrorType": "UnauthorizedException"}, body
        key_id, secret, token = self.keys(
            "sso", seen.query.get("role_name", ""), seen.query.get("account_id", ""), access_token
        )
        expiration_ms = int(self.expiration().timestamp() * 1000)
        payload = {
            "roleCredentials": {
                "accessKeyId": key_id,
                "secretAccessKey": secret,
                "sessionToken": token,
                "expiration": expiration_ms,
            }
        }
        return 200, {"Content-Type": "application/json"}, json.dumps(payload).encode()


def sts_error(code: str, message: str, status: int = 403) -> tuple[int, bytes]:
    """An STS error answer in the query protocol's XML."""
    body = f"""<ErrorResponse xmlns="{STS_NAMESPACE}">
  <Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>
  <RequestId>fake-request-id</RequestId>
</ErrorResponse>"""
    return status, body.encode()


def _seen(request: Received) -> Seen:
    parts = urlsplit(request.path)
    form = {}
    if request.method == "POST" and b"=" in request.body and not request.body.startswith(b"{"):
        form = {k: v[0] for k, v in parse_qs(request.body.decode(), keep_blank_values=True).items()}
    return Seen(
        method=request.method,
        path=parts.path,
        query={k: v[0] for k, v in parse_qs(parts.query).items()},
        headers={k.lower(): v for k, v in request.headers.items()},
        form=form,
        body=request.body,
    )


@contextlib.contextmanager
def fake_aws() -> Iterator[FakeAws]:
    """The fake, served by the tests' local server (``tests/servers.py``)."""
    fake = FakeAws()

    def respond(request: Received) -> Reply:
        status, headers, payload = fake.answer(_seen(request))
        return Reply(status, payload, headers)

    with scripted_server(respond, record=False) as server:
        fake.url = server.url
        yield fake
