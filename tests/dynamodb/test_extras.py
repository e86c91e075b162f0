"""The service-extras registry (IR) and the extras' typing (mypy --strict, pyright strict)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from codegen.ir import build_package
from codegen.ir.extras import SERVICE_EXTRAS
from codegen.load import load_spec

from ..conftest import SPECS
from .conftest import PACKAGE


def test_dynamodb_packages_holding_attribute_values_get_the_extras() -> None:
    package = build_package(load_spec(SPECS, "dynamodb"), ["GetItem"])
    assert [extra.path for extra in package.extras] == ["types.py", "conditions.py"]
    assert {"types.py", "conditions.py"} <= {file.path for file in package.files}


def test_a_package_without_attribute_values_goes_without() -> None:
    package = build_package(load_spec(SPECS, "dynamodb"), ["ListTables"])
    assert package.extras == ()
    assert not {"types.py", "conditions.py"} & {file.path for file in package.files}


def test_other_services_have_none() -> None:
    package = build_package(load_spec(SPECS, "sqs"), ["SendMessage"])
    assert package.extras == ()
    assert set(SERVICE_EXTRAS) == {"dynamodb"}


USAGE = f"""
from decimal import Decimal

from {PACKAGE}.client import DynamoDBClient
from {PACKAGE}.conditions import Attr, Key, build_expressions
from {PACKAGE}.types import deserialize_item, serialize_item


def use(client: DynamoDBClient) -> Decimal:
    client.put_item(table_name="t", item=serialize_item({{"pk": "a", "n": 1, "s": {{"x"}}}}))
    e = build_expressions(
        key_condition_expression=Key("pk").eq("a"), filter_expression=Attr("n").size().gt(2)
    )
    page = client.query(
        table_name="t",
        key_condition_expression=e.key_condition_expression,
        filter_expression=e.filter_expression,
        expression_attribute_names=e.expression_attribute_names,
        expression_attribute_values=e.expression_attribute_values,
    )
    total = Decimal(0)
    for item in page.items or []:
        value = deserialize_item(item)["n"]
        assert isinstance(value, Decimal)
        total += value
    return total
"""


def test_the_extras_and_their_use_type_check_strictly(dynamodb_folder: Path) -> None:
    (dynamodb_folder / "usage.py").write_text(USAGE)
    (dynamodb_folder / "pyrightconfig.json").write_text(
        json.dumps({"typeCheckingMode": "strict", "include": [f"{PACKAGE}/types.py",
                    f"{PACKAGE}/conditions.py", "usage.py"]})
    )  # fmt: skip
    files = [f"{PACKAGE}/types.py", f"{PACKAGE}/conditions.py", "usage.py"]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *files],
        cwd=dynamodb_folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout
    pyright = shutil.which("pyright", path=str(Path(sys.executable).parent))
    assert pyright is not None
    result = subprocess.run(
        [pyright], cwd=dynamodb_folder, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
