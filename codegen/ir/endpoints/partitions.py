"""partitions.json reduced to the literal table ``aws.partition`` reads.

The generated module holds one ``_Partition`` constant per partition, a dict of
the explicitly listed regions and the partitions' region patterns in botocore's
order (``PartitionTable``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .errors import EndpointCompileError
from .parameters import local_name
from .values import python_value, regex_literal, string_literal

# Module-level names of the generated module that a partition constant must not take.
PARTITION_TABLE = ("_PARTITION_BY_REGION", "_PARTITION_BY_PATTERN", "_DEFAULT_PARTITION")
_MODULE_NAMES = frozenset(PARTITION_TABLE)


@attrs.frozen
class PartitionField:
    """One output of ``aws.partition`` (``dnsSuffix`` ...), a field of ``_Partition``."""

    key: str
    """The output's name in partitions.json and in the rule set's ``getAttr``."""
    name: str
    annotation: str


@attrs.frozen
class PartitionConstant:
    """One partition, written as ``constant = _Partition(name=value, ...)``."""

    constant: str
    values: tuple[tuple[str, str], ...]
    """(field name, Python literal) in field order."""


@attrs.frozen
class PartitionTable:
    """partitions.json reduced to what ``aws.partition`` needs, as Python literals."""

    fields: tuple[PartitionField, ...]
    partitions: tuple[PartitionConstant, ...]
    default: str
    """Constant of the partition botocore falls back to: the first one ("aws")."""
    regions: tuple[tuple[str, str], ...]
    """(region literal, partition constant) for every explicitly listed region."""
    patterns: tuple[tuple[str, str], ...]
    """(regionRegex literal, partition constant), in the order botocore tries them."""


def partition_list(partitions: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = list(partitions.get("partitions", []))
    if not found:
        raise EndpointCompileError("partitions.json lists no partitions")
    _check_explicit_regions_win_as_in_botocore(found)
    return found


def _check_explicit_regions_win_as_in_botocore(partitions: Sequence[Mapping[str, Any]]) -> None:
    """The generated lookup tries every explicit region before any regionRegex.

    botocore instead goes partition by partition, trying each one's regions
    then its regex. The two agree unless a region listed by one partition
    matches the regex of an earlier one; refuse that rather than differ.
    """
    for index, partition in enumerate(partitions):
        for region in partition.get("regions", {}):
            for earlier in partitions[:index]:
                if re.match(earlier["regionRegex"], region):
                    raise EndpointCompileError(
                        f"region {region!r} is listed by partition {partition['id']!r} but "
                        f"matches the regionRegex of the earlier {earlier['id']!r}; botocore "
                        "would pick the earlier one, the generated lookup the listing one"
                    )


def _partition_outputs(partition: Mapping[str, Any]) -> dict[str, Any]:
    # botocore's aws.partition returns the outputs with "name" set to the id.
    return {**partition.get("outputs", {}), "name": partition["id"]}


def partition_fields(partitions: Sequence[Mapping[str, Any]]) -> tuple[PartitionField, ...]:
    keys = list(_partition_outputs(partitions[0]))
    fields: list[PartitionField] = []
    for key in keys:
        values = [_partition_outputs(p).get(key) for p in partitions]
        if all(isinstance(value, bool) for value in values):
            annotation = "bool"
        elif all(isinstance(value, str) for value in values):
            annotation = "str"
        else:
            raise EndpointCompileError(
                f"partition output {key!r} must be a string or a boolean in every partition"
            )
        fields.append(PartitionField(key=key, name=local_name(key), annotation=annotation))
    for partition in partitions:
        if set(_partition_outputs(partition)) != set(keys):
            raise EndpointCompileError(
                f"partition {partition['id']!r} has outputs {sorted(_partition_outputs(partition))}"
                f", expected {sorted(keys)} as in {partitions[0]['id']!r}"
            )
    return tuple(fields)


def partition_table(
    partitions: Sequence[Mapping[str, Any]], fields: Sequence[PartitionField]
) -> PartitionTable:
    constants = [_partition_constant_name(p["id"]) for p in partitions]
    if len(set(constants)) != len(constants) or _MODULE_NAMES & set(constants):
        raise EndpointCompileError(f"partition ids give clashing Python names: {constants}")
    regions: dict[str, str] = {}
    for partition, constant in zip(partitions, constants, strict=True):
        for region in partition.get("regions", {}):
            regions.setdefault(region, constant)  # botocore: the first partition listing it
    return PartitionTable(
        fields=tuple(fields),
        partitions=tuple(
            PartitionConstant(
                constant=constant,
                values=tuple(
                    (field.name, python_value(_partition_outputs(partition)[field.key]))
                    for field in fields
                ),
            )
            for partition, constant in zip(partitions, constants, strict=True)
        ),
        default=constants[0],
        regions=tuple((string_literal(region), constant) for region, constant in regions.items()),
        patterns=tuple(
            (regex_literal(partition["regionRegex"]), constant)
            for partition, constant in zip(partitions, constants, strict=True)
        ),
    )


def _partition_constant_name(partition_id: str) -> str:
    return "_" + re.sub(r"\W", "_", partition_id).upper()
