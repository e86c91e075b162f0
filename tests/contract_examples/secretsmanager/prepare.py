"""The state the emulator cases need: yours to extend; the generator never overwrites this file.

``CASES`` are recorded from moto's server (and with ``--live`` from AWS),
after ``prepare`` made the state they need: a parameter written
``"{name}"`` is replaced by the value ``prepare`` returns for ``name``.
Make state with ``env.botocore_client()``; register clean-up with
``env.cleanup.callback(...)``: it runs whatever happens (a live recording
must leave nothing behind).

Secrets Manager: one secret to read; the secret CreateSecret makes is deleted afterwards.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Mapping

from ._contract import Case, Environment

SECRET = "contract-test/existing"
CREATED = "contract-test/created"

CASES: tuple[Case, ...] = (
    Case(
        operation="CreateSecret",
        name="emulator_create_secret",
        summary="moto creates a secret; the client fills the idempotency token",
        parameters={"Name": "{created}", "SecretString": "not-a-real-secret"},
    ),
    Case(
        operation="GetSecretValue",
        name="emulator_get_secret_value",
        summary="moto returns the secret's current value",
        parameters={"SecretId": "{existing}"},
    ),
    Case(
        operation="GetSecretValue",
        name="emulator_missing_secret",
        summary="the secret does not exist",
        parameters={"SecretId": "contract-test/no-such-secret"},
        expected="ResourceNotFoundException",
    ),
)


def prepare(env: Environment) -> Mapping[str, str]:
    suffix = f"-{secrets.token_hex(4)}" if env.live else ""
    client = env.botocore_client()
    existing, created = SECRET + suffix, CREATED + suffix
    client.create_secret(Name=existing, SecretString="the value to read")
    env.cleanup.callback(client.delete_secret, SecretId=existing, ForceDeleteWithoutRecovery=True)

    def delete_created() -> None:
        # The case may have failed before creating it.
        with contextlib.suppress(client.exceptions.ResourceNotFoundException):
            client.delete_secret(SecretId=created, ForceDeleteWithoutRecovery=True)

    env.cleanup.callback(delete_created)
    return {"existing": existing, "created": created}
