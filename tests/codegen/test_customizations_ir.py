"""Where the IR decides to mirror botocore's customizations (``codegen/ir/customizations.py``)."""

from __future__ import annotations

import botocore.session
import pytest

from codegen.ir import Package, build_package
from codegen.ir.customizations import hyphenized
from codegen.load import load_spec

from ..conftest import SPECS

PINNED = sorted(p.parent.name for p in SPECS.glob("*/PROVENANCE.json"))


def _package(service: str, *, whole: bool = False) -> Package:
    """The IR of ``service``: whole, or its first operation alone (enough for service flags)."""
    spec = load_spec(SPECS, service)
    return build_package(spec, None if whole else [min(spec.model["operations"])])


@pytest.mark.parametrize("service", PINNED)
def test_hyphenized_service_id_is_botocores_event_name(service: str) -> None:
    """botocore registers its handlers under ``ServiceId.hyphenize()``: ours must agree."""
    model = botocore.session.get_session().get_service_model(service)
    service_id = load_spec(SPECS, service).model["metadata"]["serviceId"]
    assert hyphenized(service_id) == model.service_id.hyphenize()


def test_only_sqs_looks_its_error_classes_up_by_type() -> None:
    """``after-call.sqs.*``: ``_handle_sqs_compatible_error`` is registered for SQS alone."""
    flagged = {service for service in PINNED if _package(service).error_class_from_type}
    assert flagged == {"sqs"}


def test_cloudwatch_otel_operations_get_boto3s_second_name() -> None:
    """``getattr.cloudwatch.get_o_tel_enrichment``: ``ClientMethodAlias('get_otel_enrichment')``."""
    package = _package("cloudwatch", whole=True)
    aliases = {op.method_name: op.method_alias for op in package.operations if op.method_alias}
    assert aliases == {
        "get_o_tel_enrichment": "get_otel_enrichment",
        "start_o_tel_enrichment": "start_otel_enrichment",
        "stop_o_tel_enrichment": "stop_otel_enrichment",
        "update_o_tel_enrichment": "update_otel_enrichment",
    }
