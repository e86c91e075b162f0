"""Each pinned awsJson service, generated whole once per session into a temporary folder.

cloudwatch lists ``smithy-rpc-v2-cbor`` first, then ``json``: botocore, and so the
generator, speak awsJson to it (``codegen.load.resolved_protocol``).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import attrs
import botocore.session
import pytest
from botocore.model import ServiceModel

from codegen.ir import Package, build_package
from codegen.load import load_spec
from codegen.render import render_package

from ..conftest import SPECS

SERVICES = (
    "acm",
    "cloudwatch",
    "cognito-identity",
    "dynamodb",
    "ecs",
    "events",
    "glue",
    "kinesis",
    "kms",
    "logs",
    "secretsmanager",
    "sqs",
    "ssm",
    "stepfunctions",
)


@attrs.frozen(repr=False, eq=False)
class GeneratedService:
    name: str
    package: Package
    module: ModuleType
    botocore_model: ServiceModel
    seconds: float
    """CPU seconds to build the IR and render the package, ruff's formatting included.

    CPU rather than wall time: the test must not fail because other work shares the cores."""

    def __repr__(self) -> str:
        # Short: hypothesis prints the arguments of a failing case.
        return f"GeneratedService({self.name!r})"

    @property
    def client_class(self) -> type:
        module = importlib.import_module(f"{self.module.__name__}.client")
        client_class: type = getattr(module, self.package.client_name)
        return client_class


def _cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (ruff)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def package_name(service: str) -> str:
    return "svc_" + service.replace("-", "_")


def generate(service: str, out: Path) -> GeneratedService:
    start = _cpu_seconds()
    package = build_package(load_spec(SPECS, service), package_name=package_name(service))
    render_package(package, out)
    seconds = _cpu_seconds() - start
    model = botocore.session.get_session().get_service_model(service)
    return GeneratedService(
        service, package, importlib.import_module(package.package), model, seconds
    )


@pytest.fixture(scope="session")
def services_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("services")
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))


_generated: dict[str, GeneratedService | Exception] = {}


def generate_once(service: str, out: Path) -> GeneratedService | Exception:
    """The service generated into ``out`` once, or why it could not be."""
    if service not in _generated:
        try:
            _generated[service] = generate(service, out)
        except Exception as exc:  # kept so each test of the service reports it
            _generated[service] = exc
    return _generated[service]


def generated(service: str, out: Path) -> GeneratedService:
    """The service generated into ``out``, once; a failure fails each test using it."""
    result = generate_once(service, out)
    if isinstance(result, Exception):
        # A fresh, short failure each time: re-raising the one exception would
        # grow its traceback with every test of the service.
        pytest.fail(
            f"{service} cannot be generated: {type(result).__name__}: {result}", pytrace=False
        )
    return result


_BASE_SETTINGS: dict[object, object] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Give each parametrized hypothesis test its own settings back before every case.

    Hypothesis's pytest plugin wraps a parametrized test's settings in new
    settings at each case, each the parent of the next: after about 950 cases of
    one test (there are over a thousand operations) reading them overflows the
    stack. Starting every case from the original settings keeps the chain short.
    """
    function = getattr(getattr(item, "obj", None), "__func__", getattr(item, "obj", None))
    settings = getattr(function, "_hypothesis_internal_use_settings", None)
    if settings is not None:
        base = _BASE_SETTINGS.setdefault(function, settings)
        function._hypothesis_internal_use_settings = base  # type: ignore[union-attr]
