"""``credential_process``: credentials printed by a command, as botocore's ``ProcessProvider``.

The command is split like a shell would (no shell runs it) and must print
JSON ``{"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ...}`` with
optional ``SessionToken``, ``Expiration`` (ISO 8601: the command runs again
before then) and ``AccountId`` (else the profile's ``aws_account_id``).
"""

from __future__ import annotations

import shlex
import subprocess

from ._credential_types import (
    ChainContext,
    Credentials,
    FoundCredentials,
    StaticCredentials,
)
from ._exceptions import CredentialRetrievalError
from ._refresh import Expiring, RefreshableCredentials, parse_expiration
from ._secret_http import HiddenBytes, answer_secret, parse_json_object

__all__ = ["process_credentials"]

_METHOD = "custom-process"


def process_credentials(context: ChainContext, command: str) -> FoundCredentials:
    """Run ``command`` now; refresh by running it again if its credentials expire."""
    account = context.profile.get("aws_account_id")
    default_account = None if account is None else account.value
    first = run_credential_process(command, default_account)
    if first.expires_at is None:
        return StaticCredentials(first.credentials, _METHOD)
    return RefreshableCredentials(
        lambda: run_credential_process(command, default_account), _METHOD, initial=first
    )


def run_credential_process(command: str, default_account: str | None) -> Expiring:
    """Run the command once and read the credentials it prints."""
    try:
        argv = shlex.split(command)
    except ValueError:
        raise CredentialRetrievalError(
            "credential_process is not a valid command line (unbalanced quotes?).",
            method=_METHOD,
        ) from None
    try:
        completed = subprocess.run(argv, capture_output=True, check=False)
    except OSError as error:
        raise CredentialRetrievalError(
            f"credential_process {argv[0] if argv else ''!r} could not be run: "
            f"{type(error).__name__}.",
            method=_METHOD,
        ) from None
    if completed.returncode != 0:
        stderr = completed.stderr.decode("utf-8", "replace").strip()[-500:]
        raise CredentialRetrievalError(
            f"credential_process exited with status {completed.returncode}: {stderr}",
            method=_METHOD,
        )
    payload = parse_json_object(
        HiddenBytes(completed.stdout), what="The output of credential_process", source=_METHOD
    )
    version = payload.get("Version", "<Version key not provided>")
    if version != 1:
        raise CredentialRetrievalError(
            f"credential_process printed Version {version!r}; only Version 1 is supported.",
            method=_METHOD,
        )
    where = "the output of credential_process"

    def field(name: str, *, required: bool) -> str | None:
        # Not bound to a local: a refused value's traceback shows this frame's locals.
        if payload.get(name) is None and not required:
            return None
        if not isinstance(payload.get(name), str) or not payload.get(name):
            raise CredentialRetrievalError(
                f"{where} has no {name} (or it is not a string).", method=_METHOD
            )
        return answer_secret(str(payload[name]), name, where, method=_METHOD)

    key_id = field("AccessKeyId", required=True)
    secret = field("SecretAccessKey", required=True)
    assert key_id is not None and secret is not None
    expiration = field("Expiration", required=False)
    return Expiring(
        Credentials(
            key_id,
            secret,
            field("SessionToken", required=False),
            field("AccountId", required=False) or default_account,
        ),
        None if expiration is None else parse_expiration(expiration, _METHOD),
    )
