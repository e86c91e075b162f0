"""What a generated module imports, it uses: pyright strict reports any unused import."""

from __future__ import annotations

import re

import pytest

from codegen.ir import build_package
from codegen.load import load_spec

from ..conftest import SPECS


@pytest.mark.parametrize("service", ["sqs", "dynamodb"])
def test_a_model_imports_only_the_literals_its_annotations_name(service: str) -> None:
    """sqs's ``Message.attributes`` is keyed by an enum, yet annotated ``dict[str, str]``."""
    package = build_package(load_spec(SPECS, service), with_cli=True)
    for structure in package.structures:
        named = {
            word
            for m in structure.members
            for word in re.findall(r"\w+", f"{m.type.annotation} {m.type.dict_annotation}")
        }
        assert set(structure.literal_imports) <= named, structure.name


def test_an_input_two_commands_share_is_imported_once() -> None:
    """dynamodb's Enable- and DisableKinesisStreamingDestination take the same input."""
    package = build_package(load_spec(SPECS, "dynamodb"), with_cli=True)
    assert package.cli is not None
    classes = package.cli.request_classes
    assert len(classes) == len(set(classes))
    assert "KinesisStreamingDestinationInput" in classes
