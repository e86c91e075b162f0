"""botocore's JSON protocol test vectors as cases, and one generated package per distinct model.

Each suite of a vector file holds service metadata, shapes and cases; each case
names its operation in ``given``. A case's service model is the suite's
metadata and shapes plus that one operation. Cases whose models are identical
(every case of most suites) share one generated package, so the whole corpus
needs a few dozen generations instead of one per case.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

from codegen.ir import Package, build_package
from codegen.load import ServiceSpec, load_service_json
from codegen.render import render_package

VECTORS = Path(__file__).parent / "vectors"
FILES = (
    "input/json.json",
    "input/json_1_0.json",
    "input/json_1_0-query-compatible.json",
    "legacy/input/json.json",
    "output/json.json",
    "output/json_1_0.json",
    "output/json_1_0-query-compatible.json",
    "legacy/output/json.json",
)
# Any valid rule set will do: every call goes to the local server's endpoint_url.
_SPECS = Path(__file__).resolve().parents[2] / "specs" / "cognito-idp"
# What the legacy suites leave out of their metadata.
_METADATA_DEFAULTS = {
    "apiVersion": "2014-01-01",
    "endpointPrefix": "protocoltest",
    "jsonVersion": "1.1",
    "targetPrefix": "ProtocolTest",
    "serviceId": "Protocol Test",
    "signatureVersion": "v4",
}


@attrs.frozen
class Case:
    """One test case of a vector file."""

    file: str
    suite: int
    index: int
    description: str
    """The suite's description."""
    data: Mapping[str, Any]
    """The case as the vector file has it: ``given``, ``params``/``serialized`` or ``response``."""
    model: Mapping[str, Any]
    """The service model of this case: metadata, shapes, and the case's operation."""
    client_endpoint: str | None = None
    """The endpoint URL the suite's client is configured with, when it names one."""

    @property
    def id(self) -> str:
        name = self.data.get("id") or f"{self.suite}:{self.index}"
        return f"{self.file.removesuffix('.json')}:{name}"

    @property
    def is_input(self) -> bool:
        return "params" in self.data

    @property
    def operation(self) -> Mapping[str, Any]:
        given: Mapping[str, Any] = self.data["given"]
        return given

    @property
    def model_key(self) -> str:
        """Digest of the model: equal for cases that can share a generated package."""
        text = json.dumps(self.model, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for file in FILES:
        # A vector file is a JSON list of suites, not the object load_service_json promises.
        suites: list[dict[str, Any]] = json.loads((VECTORS / file).read_text())
        for suite_index, suite in enumerate(suites):
            metadata = {**_METADATA_DEFAULTS, **suite["metadata"]}
            for index, data in enumerate(suite["cases"]):
                operation = {"http": {"method": "POST", "requestUri": "/"}, **data["given"]}
                model = {
                    "version": "2.0",
                    "metadata": metadata,
                    "shapes": suite["shapes"],
                    "operations": {operation["name"]: operation},
                }
                cases.append(
                    Case(
                        file,
                        suite_index,
                        index,
                        suite["description"],
                        data,
                        model,
                        suite.get("clientEndpoint"),
                    )
                )
    return cases


@attrs.frozen
class Generated:
    """A generated, imported package and the IR it was rendered from."""

    ir: Package
    module: ModuleType

    def client_class(self) -> type[Any]:
        cls: type[Any] = getattr(
            importlib.import_module(f"{self.module.__name__}.client"), self.ir.client_name
        )
        return cls

    def models(self) -> ModuleType:
        return importlib.import_module(f"{self.module.__name__}.models")

    def errors(self) -> ModuleType:
        return importlib.import_module(f"{self.module.__name__}.errors")


class PackageCache:
    """Generates each distinct model once into ``out`` and imports it."""

    def __init__(self, out: Path) -> None:
        self._out = out
        self._packages: dict[str, Generated] = {}
        self._rules = load_service_json(_SPECS / "endpoint-rule-set-1.json")
        self._partitions = load_service_json(_SPECS / "partitions.json")
        sys.path.insert(0, str(out))

    def get(self, case: Case) -> Generated:
        key = case.model_key
        if key not in self._packages:
            self._packages[key] = self._generate(case, f"protocol_{key}")
        return self._packages[key]

    def _generate(self, case: Case, name: str) -> Generated:
        spec = ServiceSpec(
            name="protocol-test",
            model=dict(case.model),
            endpoint_rules=self._rules,
            partitions=self._partitions,
            provenance={"botocore_version": "1.44.18"},
            sha256=case.model_key,
        )
        ir = build_package(spec, package_name=name)
        render_package(ir, self._out)
        return Generated(ir, importlib.import_module(name))
