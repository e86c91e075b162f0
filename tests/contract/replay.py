"""Driving the generated client: the same call when recording and when replaying."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping
from typing import Any
from unittest import mock

import attrs
import vcr.cassette
from vcr.errors import CannotOverwriteExistingCassetteException

from generated.cognito_idp import (
    CognitoIdentityProviderClient,
    Credentials,
    UpdateUserPoolDomainRequest,
    UpdateUserPoolDomainResponse,
    _client,
    errors,
)
from generated.cognito_idp._transport import RetryPolicy

from .cassettes import RecordedCassette, replaying_vcr

# Any credentials will do on replay: recorded signatures are redacted and not matched.
REPLAY_CREDENTIALS = Credentials("AKIDREPLAYEXAMPLE", "replay-secret-not-a-real-one")


def call_update_user_pool_domain(
    client: CognitoIdentityProviderClient, parameters: Mapping[str, Any]
) -> UpdateUserPoolDomainResponse:
    """Call UpdateUserPoolDomain with ``parameters`` given in boto3's dict shape."""
    request = UpdateUserPoolDomainRequest.from_dict(parameters)
    return client.update_user_pool_domain(**attrs.asdict(request, recurse=False))


def replay_client(cassette: RecordedCassette) -> CognitoIdentityProviderClient:
    """A client set up as the recording one was: same endpoint, region and attempts."""
    return CognitoIdentityProviderClient(
        region=cassette.region,
        credentials=REPLAY_CREDENTIALS,
        endpoint_url=cassette.endpoint_url,
        max_attempts=cassette.max_attempts,
    )


@contextlib.contextmanager
def replaying(cassette: RecordedCassette) -> Iterator[vcr.cassette.Cassette]:
    """Serve the cassette's answers; a request it does not hold raises vcrpy's error."""
    with replaying_vcr().use_cassette(str(cassette.path)) as played, unmatched_requests_raise():
        yield played


@contextlib.contextmanager
def unmatched_requests_raise() -> Iterator[None]:
    """Surface vcrpy's refusal to play an unknown request, instead of a transport error.

    The transport turns every failure to get an answer into a (retried)
    ``TransportError``, as botocore does, and vcrpy refusing to play a request
    is such a failure. Re-raise vcrpy's exception so that the test fails with
    vcrpy's account of which matcher disagreed.
    """
    try:
        yield
    except errors.TransportError as error:
        if isinstance(error.__cause__, CannotOverwriteExistingCassetteException):
            raise error.__cause__ from None
        raise


@contextlib.contextmanager
def backoff_without_sleeping() -> Iterator[list[float]]:
    """Collect the client's retry delays instead of sleeping them.

    The generated client offers no way to pass a RetryPolicy, so its module's
    name is patched; clients must be created inside the block. The jitter is
    fixed at its maximum, so each delay is botocore's backoff ceiling.
    """
    delays: list[float] = []
    policy = functools.partial(RetryPolicy, random=lambda: 1.0, sleep=delays.append)
    with mock.patch.object(_client, "RetryPolicy", policy):
        yield delays
