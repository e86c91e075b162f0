"""Shared fixtures: the pinned spec and its IR, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.load import ServiceSpec, load_spec
from codegen.model import Service, build_service

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
COMMITTED_OPERATIONS = (
    "UpdateUserPoolDomain",
    "CreateUserPool",
    "CreateUserPoolDomain",
    "DescribeUserPoolDomain",
    "DeleteUserPoolDomain",
    "DeleteUserPool",
)


@pytest.fixture(scope="session")
def spec() -> ServiceSpec:
    return load_spec(SPECS, "cognito-idp")


@pytest.fixture(scope="session")
def service(spec: ServiceSpec) -> Service:
    return build_service(spec, COMMITTED_OPERATIONS)


@pytest.fixture(autouse=True)
def _no_ambient_aws(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never see the developer's AWS settings or files."""
    import os

    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
