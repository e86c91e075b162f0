"""Shared fixtures: the pinned spec and its IR, built once per session."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from codegen.ir import Operation, Package, build_package
from codegen.load import ServiceSpec, load_spec

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
COMMITTED_OPERATIONS = ("UpdateUserPoolDomain",)


def operation_named(service: Package, name: str) -> Operation:
    return next(op for op in service.operations if op.name == name)


@contextlib.contextmanager
def imported_package(folder: Path, name: str = "cognito_idp") -> Iterator[ModuleType]:
    """Import the package generated into ``folder``; forget it afterwards.

    Other test modules generate other operation sets under the same package
    name, so it must not stay in ``sys.modules``.
    """
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
        for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
            del sys.modules[module]


@pytest.fixture(scope="session")
def spec() -> ServiceSpec:
    return load_spec(SPECS, "cognito-idp")


@pytest.fixture(scope="session")
def service(spec: ServiceSpec) -> Package:
    return build_package(spec, COMMITTED_OPERATIONS)


@pytest.fixture(scope="session")
def setup_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The generated ``cognito_idp_setup`` package: CreateUserPool and the other setup calls."""
    from .setup_client import setup_package

    with setup_package(tmp_path_factory.mktemp("setup")) as package:
        yield package


def clear_aws_environment(patch: pytest.MonkeyPatch, home: Path) -> Path:
    """Hide the machine's AWS settings: no ``AWS_*`` variable, IMDS off, ``HOME`` at ``home``.

    ``home`` gets an empty ``~/.aws``; returns it. The one place a test's
    environment is cleaned (``clean_env`` for every test; module-scoped fixtures
    call it with ``pytest.MonkeyPatch.context()``).
    """
    for name in [name for name in os.environ if name.startswith("AWS_")]:
        patch.delenv(name)
    # The credential chain's last source is the EC2 metadata service: off the network
    # (ours and botocore's, for the cross-checks).
    patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    (home / ".aws").mkdir(parents=True, exist_ok=True)
    patch.setenv("HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tests never see the developer's AWS settings or files: a temporary HOME, see above."""
    return clear_aws_environment(monkeypatch, tmp_path_factory.mktemp("home"))


@pytest.fixture
def home(clean_env: Path) -> Path:
    """The test's temporary HOME, with an empty ``~/.aws`` to write config files into."""
    return clean_env


@pytest.fixture
def backoff_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Make the generated client's retry backoff instant; return the delays it would sleep.

    The seam: ``RetryPolicy`` (``_retries.py``) takes ``sleep`` and ``random``
    so that tests can control the backoff, and ``ClientCore`` builds one per
    client from the resolved ``max_attempts``. Patching the name it is built
    from in ``generated.cognito_idp._client`` gives every client created during
    the test a policy that records its delays instead of sleeping, with the
    jitter pinned to its maximum (``random() == 1.0``): transient failures then
    record botocore's 0.05, 0.1, ... and throttling 1.0, 2.0, ...
    """
    import functools

    from generated.cognito_idp import _client, _retries

    delays: list[float] = []
    policy = functools.partial(_retries.RetryPolicy, sleep=delays.append, random=lambda: 1.0)
    monkeypatch.setattr(_client, "RetryPolicy", policy)
    return delays
