"""The README's examples, run: each block marked ``<!-- readme-example: NAME -->``.

The ``generate`` block's commands generate the dynamodb and sqs packages
(into a temporary folder instead of ``src``); the Python blocks run with them
importable, against moto's ``mock_aws`` where they talk to AWS, or as they
are where they bring their own (``mock-aws``, ``stubber``). Nothing leaves
the machine: moto intercepts every request in-process.
"""

from __future__ import annotations

import importlib
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from moto import mock_aws

from .conftest import ROOT

README = ROOT / "README.md"
EXAMPLE = re.compile(
    r"^<!-- readme-example: (?P<name>[\w-]+) -->\n```(?P<language>\w+)\n(?P<code>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
NAMES = ("generate", "dynamodb-table", "dynamodb-items", "sqs", "mock-aws", "stubber")
PACKAGES = ("dynamodb", "sqs")


def examples() -> dict[str, str]:
    """The marked blocks of the README, by name."""
    found = {m["name"]: m["code"] for m in EXAMPLE.finditer(README.read_text())}
    return found


def test_every_marked_example_is_run_here() -> None:
    assert sorted(examples()) == sorted(NAMES)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The README's ``generate`` commands, run with ``--out`` a temporary folder."""
    folder = tmp_path_factory.mktemp("readme")
    for line in examples()["generate"].splitlines():
        args = shlex.split(line)
        assert args[:3] == ["python", "-m", "codegen"], line
        args[args.index("--out") + 1] = str(folder)
        subprocess.run([sys.executable, *args[1:]], cwd=ROOT, check=True, capture_output=True)
    assert sorted(path.name for path in folder.iterdir()) == sorted(PACKAGES)
    assert all((folder / name / "client.py").is_file() for name in PACKAGES)
    _forget_packages()  # a package of the same name imported by another test is not ours
    sys.path.insert(0, str(folder))
    try:
        yield folder
    finally:
        sys.path.remove(str(folder))
        _forget_packages()


def _forget_packages() -> None:
    for name in [m for m in sys.modules if m.split(".")[0] in PACKAGES]:
        del sys.modules[name]


def run(name: str) -> None:
    code = compile(examples()[name], f"README.md example {name}", "exec")
    exec(code, {"__name__": f"readme_{name.replace('-', '_')}"})


def _dynamodb() -> ModuleType:
    """The generated ``dynamodb`` package (importable once ``packages`` made it)."""
    return importlib.import_module("dynamodb")


def test_dynamodb_table(packages: Path) -> None:
    with mock_aws():
        run("dynamodb-table")
        tables = _dynamodb().DynamoDBClient(region="us-east-1").list_tables().table_names
        assert tables == ["orders"]


def _create_orders_table() -> None:
    """What the ``dynamodb-table`` example makes, without its waiter (moto's tables are ACTIVE)."""
    ddb = _dynamodb()
    ddb.DynamoDBClient(region="us-east-1").create_table(
        table_name="orders",
        attribute_definitions=[
            ddb.AttributeDefinition(attribute_name="customer", attribute_type="S"),
            ddb.AttributeDefinition(attribute_name="order_id", attribute_type="S"),
        ],
        key_schema=[
            ddb.KeySchemaElement(attribute_name="customer", key_type="HASH"),
            ddb.KeySchemaElement(attribute_name="order_id", key_type="RANGE"),
        ],
        billing_mode="PAY_PER_REQUEST",
    )


def test_dynamodb_items(packages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with mock_aws():
        _create_orders_table()
        run("dynamodb-items")
    assert capsys.readouterr().out == "ConditionalCheckFailedException 400\n"


def test_sqs(packages: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with mock_aws():
        run("sqs")
    assert capsys.readouterr().out == '{"job": 1}\nAWS.SimpleQueueService.NonExistentQueue\n'


def test_mock_aws(packages: Path) -> None:
    """The example decorates its test with ``mock_aws`` itself; no credentials are set here."""
    run("mock-aws")


def test_stubber(packages: Path) -> None:
    """Runs as written: no moto, no endpoint, nothing sent."""
    run("stubber")


def test_the_python_examples_type_check_strictly(packages: Path) -> None:
    """mypy --strict over each Python example, with the generated packages it imports."""
    names = [name for name in NAMES if name != "generate"]
    files = []
    for name in names:
        path = packages / f"readme_{name.replace('-', '_')}.py"
        path.write_text(examples()[name])
        files.append(path.name)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *files],
        cwd=packages,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
