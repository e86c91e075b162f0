"""Service extras: hand-written modules a service's package gains on top of its model.

Most of a package follows from the model; a few services have Python helpers
boto3 users rely on that no model describes (DynamoDB's ``TypeSerializer``
and its condition builders). Each is a template under ``templates/extras/``
registered here by service, with the model classes it needs: a package that
does not hold them (a DynamoDB package of ``ListTables`` alone) goes without
the extra instead of importing a class it lacks. Templates stay free of
service branches: they only see that the package lists the extra.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import attrs


@attrs.frozen
class ServiceExtra:
    """One extra module of a service's package."""

    module: str
    """Its module in the package, without ``.py``: ``types``."""
    template: str
    """Its template, relative to ``templates/``."""
    summary: str
    """What it offers, one line (for the package's documentation)."""
    needs: tuple[str, ...]
    """Model classes it imports; the package must generate them all."""

    @property
    def path(self) -> str:
        return f"{self.module}.py"


SERVICE_EXTRAS: Mapping[str, tuple[ServiceExtra, ...]] = {
    "dynamodb": (
        ServiceExtra(
            module="types",
            template="extras/dynamodb/types.py.jinja",
            summary="plain Python values <-> AttributeValue, as boto3.dynamodb.types",
            needs=("AttributeValue",),
        ),
        ServiceExtra(
            module="conditions",
            template="extras/dynamodb/conditions.py.jinja",
            summary="Key and Attr expression builders, as boto3.dynamodb.conditions",
            needs=("AttributeValue",),
        ),
    ),
}


def service_extras(service: str, class_names: Collection[str]) -> tuple[ServiceExtra, ...]:
    """The extras of ``service`` whose model classes are all among ``class_names``."""
    return tuple(
        extra
        for extra in SERVICE_EXTRAS.get(service, ())
        if all(name in class_names for name in extra.needs)
    )
