"""The sdist and the wheel, built as a frontend builds them, and the wheel installed in a venv.

The build runs on a copy of the checkout (setuptools writes ``build/`` and
``*.egg-info`` next to the sources) through the PEP 517 hooks of the setuptools
installed here, and pip installs the wheel from a file: no network.
"""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

import codegen

from ..conftest import COMMITTED_OPERATIONS, ROOT

PACKAGE = "cognito_idp"
DIST_INFO = f"cognito_idp_lite-{codegen.__version__}.dist-info"
SKIPPED = (
    ".git", ".nox", ".venv", ".ci-venv", "build", "dist", "*.egg-info", "__pycache__",
    ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", "node_modules",
)  # fmt: skip
BUILD_HOOK = (
    "import sys; from setuptools import build_meta; getattr(build_meta, sys.argv[1])(sys.argv[2])"
)


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=True, timeout=120
    )


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(sdist, wheel): the sdist built from a copy of the checkout, the wheel from the sdist."""
    work = tmp_path_factory.mktemp("dists")
    shutil.copytree(ROOT, work / "checkout", ignore=shutil.ignore_patterns(*SKIPPED))
    _run(sys.executable, "-c", BUILD_HOOK, "build_sdist", work, cwd=work / "checkout")
    (sdist,) = work.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(work / "unpacked", filter="data")
    (unpacked,) = (work / "unpacked").iterdir()
    _run(sys.executable, "-c", BUILD_HOOK, "build_wheel", work, cwd=unpacked)
    (wheel,) = work.glob("*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def venv(dists: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; its dependencies are this environment's."""
    env = tmp_path_factory.mktemp("venv") / "env"
    _run(sys.executable, "-m", "venv", "--without-pip", env, cwd=env.parent)
    python = env / "bin" / "python"
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=env)
    # Read after the venv's own site-packages, so the installed wheel is what imports.
    Path(site.stdout.strip(), "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--quiet", dists[1], cwd=env.parent,
    )  # fmt: skip
    return env


def test_wheel_holds_the_import_package_its_marker_and_licenses(
    dists: tuple[Path, Path],
) -> None:
    wheel = zipfile.ZipFile(dists[1])
    names = set(wheel.namelist())
    assert {n.split("/")[0] for n in names} == {PACKAGE, DIST_INFO}
    assert {
        f"{PACKAGE}/py.typed",
        f"{PACKAGE}/cli/__init__.py",
        f"{PACKAGE}/models/__init__.py",
        f"{DIST_INFO}/licenses/LICENSE",
        f"{DIST_INFO}/licenses/NOTICE",
    } <= names
    metadata = wheel.read(f"{DIST_INFO}/METADATA").decode()
    assert "License-Expression: Apache-2.0" in metadata
    assert f"Version: {codegen.__version__}" in metadata


def test_sdist_regenerates_the_committed_package(dists: tuple[Path, Path], tmp_path: Path) -> None:
    with tarfile.open(dists[0]) as archive:
        archive.extractall(tmp_path, filter="data")
    (source,) = tmp_path.iterdir()
    needed = (
        "noxfile.py", "LICENSE", "CHANGELOG.md", "requirements/constraints.txt",
        "tests/conftest.py", "cassettes", "specs/cognito-idp/PROVENANCE.json",
    )  # fmt: skip
    assert [name for name in needed if not (source / name).exists()] == []
    _run(
        sys.executable, "-m", "codegen", "--service", "cognito-idp",
        "--operations", ",".join(COMMITTED_OPERATIONS), "--with-cli", "--out", tmp_path / "out",
        cwd=source,
    )  # fmt: skip
    committed = source / "generated" / PACKAGE
    comparison = filecmp.dircmp(committed, tmp_path / "out" / PACKAGE)
    assert _differences(comparison) == []
    assert _differences(filecmp.dircmp(ROOT / "generated" / PACKAGE, committed)) == []


def _differences(comparison: filecmp.dircmp[str]) -> list[str]:
    found = [*comparison.left_only, *comparison.right_only, *comparison.diff_files]
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return [name for name in found if name != "__pycache__"]


def test_installed_package_imports_by_its_own_name(venv: Path) -> None:
    check = (
        "import importlib.metadata, pathlib, sys, cognito_idp; "
        "print(cognito_idp.__version__, importlib.metadata.version('cognito-idp-lite')); "
        "print(pathlib.Path(cognito_idp.__file__).is_relative_to(sys.prefix)); "
        "print(cognito_idp.CognitoIdentityProviderClient.__module__)"
    )
    lines = _run(venv / "bin" / "python", "-c", check, cwd=venv.parent).stdout.splitlines()
    assert lines == [
        f"{codegen.__version__} {codegen.__version__}",
        "True",
        "cognito_idp.client",
    ]


@pytest.mark.parametrize(
    "command",
    [["bin/cognito-idp-lite"], ["bin/python", "-m", PACKAGE]],
    ids=["console-script", "python-m"],
)
def test_installed_command_line_runs(venv: Path, command: list[str]) -> None:
    result = _run(venv / command[0], *command[1:], "help", cwd=venv.parent)
    assert "update-user-pool-domain" in result.stdout
    version = _run(venv / command[0], *command[1:], "--version", cwd=venv.parent)
    assert version.stdout.startswith(f"cognito-idp-lite/{codegen.__version__} Python/")
