"""Record the UpdateUserPoolDomain cassettes by driving the generated client through vcrpy.

    nox -s record                  # every case of cases.py: emulator + fault server
    nox -s record -- --case NAME   # only these cases (repeatable)
    nox -s record -- --live        # the live cases, against real AWS (never in CI)

Emulator cases run against moto's server on 127.0.0.1; the pool and domains
they need are created first, outside the cassette, by the setup operations
(CreateUserPool, ...) of the ``cognito_idp_setup`` package generated at run
time (tests/setup_client.py), as the committed package holds
UpdateUserPoolDomain only. Fault-server cases run against
tests/fault_server.py on 127.0.0.1. Both are reproducible: moto is reset and
seeded, names and credentials are fixed, so re-recording changes only dates
and timestamps.

``--live`` creates a user pool and a prefix domain in the account's region,
records the live cases into cassettes/update_user_pool_domain/live/, and
deletes what it created. It refuses to run when CI=true or when the client
finds no credentials or no region.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.metadata
import json
import os
import secrets
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import requests

from generated.cognito_idp import CognitoIdentityProviderClient, Credentials, errors
from generated.cognito_idp import __version__ as client_version

from ..emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, moto_server
from ..fault_server import fault_server
from ..setup_client import setup_package
from .cases import (
    CERTIFICATE_ARN,
    CUSTOM_DOMAIN,
    EMULATOR_CASES,
    FAULT_SERVER_CASES,
    OPERATION,
    POOL_NAME,
    PREFIX_DOMAIN,
    REGION,
    Case,
    Source,
)
from .cassettes import CASSETTE_DIR, ROOT, cassette_path, recording_vcr, scrub_text
from .replay import backoff_without_sleeping, call_update_user_pool_domain

RECORDING_CREDENTIALS = Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY)
MOTO_SEED = 20160418  # the service's API version: any fixed number will do
SUCCESS = "success"
LIVE_POLL_INTERVAL = 2.0  # seconds between DescribeUserPoolDomain calls
LIVE_CUSTOM_DOMAIN_TIMEOUT = 3600.0  # a custom domain's distribution can take up to an hour


class RecordingError(Exception):
    """A recording did not turn out as its case expects; no cassette was written."""


@attrs.frozen
class Recording:
    """One call to record, and where its answers come from."""

    name: str
    source: Source
    summary: str
    parameters: Mapping[str, Any]
    endpoint_url: str | None
    """None: the endpoint the client resolves for the region (live)."""
    region: str = REGION
    max_attempts: int = 1
    expected_outcome: str | None = None
    """An error code or SUCCESS; None records whatever the service answers (live)."""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    try:
        if args.live:
            return record_live(args)
        record_local(selected_cases(args.case))
    except RecordingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="record", description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", help="record only this local case (repeatable)")
    parser.add_argument("--live", action="store_true", help="record against real AWS")
    parser.add_argument("--region", help="live: the region (default: as the AWS CLI resolves it)")
    parser.add_argument("--custom-domain", help="live: a custom domain you own")
    parser.add_argument(
        "--certificate-arn", help="live: an ACM certificate (us-east-1) for --custom-domain"
    )
    return parser.parse_args(argv)


def selected_cases(names: list[str] | None) -> tuple[Case, ...]:
    cases = EMULATOR_CASES + FAULT_SERVER_CASES
    if not names:
        return cases
    unknown = sorted(set(names) - {case.name for case in cases})
    if unknown:
        raise RecordingError(f"no such case: {', '.join(unknown)}")
    return tuple(case for case in cases if case.name in names)


# --- local sources: the emulator and the fault server ---------------------------------


def record_local(
    cases: Sequence[Case], folder: Path = CASSETTE_DIR, *, setup: ModuleType | None = None
) -> None:
    """Record ``cases`` into ``folder``; retries back off without sleeping.

    ``setup`` is the imported ``cognito_idp_setup`` package that creates the
    emulator's state; generated here (into a temporary folder) when not given
    and an emulator case needs it.
    """
    with backoff_without_sleeping(), contextlib.ExitStack() as stack:
        for case in cases:
            if case.source is Source.FAULT_SERVER:
                with fault_server(*case.replies) as server:
                    record(_local_recording(case, case.parameters, server.url), folder)
        emulator_cases = [case for case in cases if case.source is Source.EMULATOR]
        if emulator_cases:
            if setup is None:
                setup = stack.enter_context(setup_package())
            with moto_server() as url:
                pool_id = prepare_emulator(url, setup)
                for case in emulator_cases:
                    record(_local_recording(case, case.parameters_for(pool_id), url), folder)


def _local_recording(case: Case, parameters: Mapping[str, Any], url: str) -> Recording:
    return Recording(
        name=case.name,
        source=case.source,
        summary=case.summary,
        parameters=parameters,
        endpoint_url=url,
        max_attempts=case.max_attempts,
        expected_outcome=case.expected_error or SUCCESS,
    )


def prepare_emulator(url: str, setup: ModuleType) -> str:
    """Reset and seed moto, then create the pool and domains the cases use; return the pool id.

    ``setup`` is the imported ``cognito_idp_setup`` package (tests/setup_client.py).
    """
    for path in ("/moto-api/reset", f"/moto-api/seed?a={MOTO_SEED}"):
        requests.post(f"{url}{path}", timeout=10).raise_for_status()
    with setup.CognitoIdentityProviderClient(
        region=REGION,
        credentials=setup.Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY),
        endpoint_url=url,
    ) as client:
        pool = client.create_user_pool(pool_name=POOL_NAME).user_pool
        assert pool is not None and pool.id is not None
        client.create_user_pool_domain(
            domain=CUSTOM_DOMAIN,
            user_pool_id=pool.id,
            custom_domain_config=setup.CustomDomainConfig(certificate_arn=CERTIFICATE_ARN),
        )
        client.create_user_pool_domain(domain=PREFIX_DOMAIN, user_pool_id=pool.id)
        pool_id: str = pool.id
        return pool_id


# --- recording one call -------------------------------------------------------------------


def record(recording: Recording, folder: Path = CASSETTE_DIR) -> Path:
    """Record one call into its cassette; the old cassette is replaced only on success.

    Local sources get fixed fake credentials; live ones whatever the client
    finds, as the AWS CLI would.
    """
    path = cassette_path(recording.name, recording.source, folder)
    partial = path.with_name(path.name + ".partial")
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.unlink(missing_ok=True)
    live = recording.source is Source.LIVE
    local_endpoint = None if live else recording.endpoint_url
    with recording_vcr(local_endpoint).use_cassette(str(partial)) as cassette:
        for key, value in _metadata(recording).items():
            cassette.get_metadata(key, value)
        with CognitoIdentityProviderClient(
            region=recording.region,
            credentials=None if live else RECORDING_CREDENTIALS,
            endpoint_url=recording.endpoint_url,
            max_attempts=recording.max_attempts,
        ) as client:
            outcome = _outcome(client, recording.parameters)
    expected = recording.expected_outcome
    if expected is not None and outcome != expected:
        partial.unlink(missing_ok=True)
        raise RecordingError(f"{recording.name}: expected {expected}, the call gave {outcome}")
    partial.replace(path)
    print(f"recorded {_shown(path)}: {outcome}")
    return path


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _outcome(client: CognitoIdentityProviderClient, parameters: Mapping[str, Any]) -> str:
    try:
        call_update_user_pool_domain(client, parameters)
    except errors.CognitoIdentityProviderError as error:
        return error.code
    return SUCCESS


def _metadata(recording: Recording) -> dict[str, Any]:
    return {
        "case": recording.name,
        "operation": OPERATION,
        "summary": recording.summary,
        "recorded_from": recording.source.value,
        "source_description": recording.source.description,
        "recorded_on": datetime.datetime.now(datetime.UTC).date().isoformat(),
        "region": recording.region,
        "max_attempts": recording.max_attempts,
        "parameters": json.loads(scrub_text(json.dumps(recording.parameters))),
        "versions": _versions(recording.source),
    }


def _versions(source: Source) -> dict[str, str]:
    provenance = json.loads((ROOT / "specs" / "cognito-idp" / "PROVENANCE.json").read_text())
    versions = {
        "botocore": importlib.metadata.version("botocore"),
        "cognito_idp_client": client_version,
        "model_botocore": provenance["botocore_version"],
        "model_sha256": provenance["files"]["service-2.json"]["sha256"],
        "vcrpy": importlib.metadata.version("vcrpy"),
    }
    if source is Source.EMULATOR:
        versions["moto"] = importlib.metadata.version("moto")
    return versions


# --- live ---------------------------------------------------------------------------------


def live_refusal(environ: Mapping[str, str], client: CognitoIdentityProviderClient) -> str | None:
    """Why a live recording must not run here, or None."""
    if environ.get("CI", "").lower() in ("true", "1"):
        return "refusing to record against AWS in CI (CI=true): live recordings are made by hand"
    if client.region is None:
        return "no region: pass --region, or set AWS_REGION or a profile's region"
    try:
        client._core.config.credentials()  # what the client will sign with; no public accessor
    except errors.NoCredentialsError as error:
        return f"no AWS credentials: {error}"
    return None


def record_live(args: argparse.Namespace) -> int:
    client = CognitoIdentityProviderClient(region=args.region)
    refusal = live_refusal(os.environ, client)
    if refusal is not None:
        print(f"record --live: {refusal}", file=sys.stderr)
        return 2
    region = str(client.region)
    suffix = secrets.token_hex(4)
    print(f"recording live in {region}; creating a user pool and domain (suffix {suffix})")
    with (
        client,
        setup_package() as setup,
        setup.CognitoIdentityProviderClient(region=region) as admin,
        live_pool(admin, suffix) as (pool_id, prefix_domain),
    ):
        for recording in live_recordings(region, pool_id, prefix_domain):
            record(recording)
        if args.custom_domain and args.certificate_arn:
            with live_custom_domain(
                admin, setup, pool_id, args.custom_domain, args.certificate_arn
            ):
                record(
                    Recording(
                        name="success_custom_domain",
                        source=Source.LIVE,
                        summary="a custom domain gets its certificate again",
                        parameters={
                            "Domain": args.custom_domain,
                            "UserPoolId": pool_id,
                            "CustomDomainConfig": {"CertificateArn": args.certificate_arn},
                        },
                        endpoint_url=None,
                        region=region,
                        max_attempts=3,
                    )
                )
        else:
            print("skipping live success_custom_domain: pass --custom-domain and --certificate-arn")
    return 0


def live_recordings(region: str, pool_id: str, prefix_domain: str) -> list[Recording]:
    """The live calls; what the service answers is the contract, whatever it is."""

    def live(name: str, summary: str, **parameters: Any) -> Recording:
        return Recording(
            name=name,
            source=Source.LIVE,
            summary=summary,
            parameters={"UserPoolId": pool_id, **parameters},
            endpoint_url=None,
            region=region,
            max_attempts=3,
        )

    return [
        live(
            "success_managed_login_version",
            "a prefix domain switches to managed login",
            Domain=prefix_domain,
            ManagedLoginVersion=2,
        ),
        live(
            "missing_domain",
            "the domain does not exist",
            Domain=f"{prefix_domain}-missing",
            ManagedLoginVersion=2,
        ),
        live(
            "certificate_for_prefix_domain",
            "a certificate for a prefix domain (which cannot have one)",
            Domain=prefix_domain,
            CustomDomainConfig={"CertificateArn": CERTIFICATE_ARN},
        ),
    ]


@contextlib.contextmanager
def live_pool(client: Any, suffix: str) -> Iterator[tuple[str, str]]:
    """A fresh user pool with a prefix domain, deleted afterwards whatever happens.

    ``client`` is a ``cognito_idp_setup`` client (the setup operations).
    """
    pool = client.create_user_pool(pool_name=f"cognito-idp-lite-contract-{suffix}").user_pool
    assert pool is not None and pool.id is not None
    prefix_domain = f"cognito-idp-lite-contract-{suffix}"
    try:
        client.create_user_pool_domain(domain=prefix_domain, user_pool_id=pool.id)
        try:
            wait_until_active(client, prefix_domain)
            yield pool.id, prefix_domain
        finally:
            client.delete_user_pool_domain(domain=prefix_domain, user_pool_id=pool.id)
    finally:
        client.delete_user_pool(user_pool_id=pool.id)
        print(f"deleted user pool {pool.id}")


def wait_until_active(client: Any, domain: str, timeout: float = 120.0) -> None:
    """Poll DescribeUserPoolDomain until the new domain is ACTIVE (a few seconds for a prefix).

    ``client`` is a ``cognito_idp_setup`` client (the setup operations).
    """
    print(f"waiting up to {timeout:.0f} s for {domain} to become ACTIVE")
    deadline = time.monotonic() + timeout
    while True:
        description = client.describe_user_pool_domain(domain=domain).domain_description
        status = description.status if description else None
        if status == "ACTIVE":
            return
        if time.monotonic() > deadline:
            raise RecordingError(f"domain {domain} is still {status} after {timeout:.0f} s")
        time.sleep(LIVE_POLL_INTERVAL)


@contextlib.contextmanager
def live_custom_domain(
    client: Any, setup: ModuleType, pool_id: str, domain: str, certificate_arn: str
) -> Iterator[None]:
    """A custom domain for ``pool_id``, deleted afterwards; ``client`` is a ``setup`` client."""
    client.create_user_pool_domain(
        domain=domain,
        user_pool_id=pool_id,
        custom_domain_config=setup.CustomDomainConfig(certificate_arn=certificate_arn),
    )
    try:
        wait_until_active(client, domain, timeout=LIVE_CUSTOM_DOMAIN_TIMEOUT)
        yield
    finally:
        client.delete_user_pool_domain(domain=domain, user_pool_id=pool_id)


if __name__ == "__main__":
    sys.exit(main())
