"""Render layer: one Jinja2 template per generated file, then a pinned formatter.

Templates receive the package IR and only lay it out; the filters here only
format text (wrapping docstrings). Runtime modules are copied verbatim: those
of ``runtime/`` always, those of ``runtime/cli/`` only with the command line.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2

from .docs import docstring_lines
from .ir import CLI_PACKAGE, Package
from .ir.strings import string_body

TEMPLATES_DIR = Path(__file__).parent / "templates"
RUNTIME_DIR = Path(__file__).parent / "runtime"
LINE_LENGTH = 100
TARGET_VERSION = "py311"
RUFF_VERSION = "0.17.6"
"""The formatter the committed output is made with (pinned in requirements/codegen.txt)."""
MARKER = ".codegen.json"
"""Written into every generated package: the options it was generated with."""


def formatter_problem() -> str | None:
    """Why the pinned ruff cannot format the output, or None when it can."""
    if importlib.util.find_spec("ruff") is None:
        return (
            f"ruff is not installed, and the generated code is formatted with it: "
            f"pip install ruff=={RUFF_VERSION} (or pip install -r requirements/codegen.txt)"
        )
    return None


def formatter_warning() -> str | None:
    """A note when the installed ruff is not the pinned one: the output may differ."""
    installed = importlib.metadata.version("ruff")
    if installed == RUFF_VERSION:
        return None
    return (
        f"ruff {installed} is installed, the committed output is formatted with "
        f"ruff {RUFF_VERSION}: the result may differ from it"
    )


def generation_options(package: Package) -> dict[str, object]:
    """What the marker records: the options that decide which package is generated."""
    return {
        "service": package.name,
        "operations": [op.name for op in package.operations],
        "with_cli": package.with_cli,
    }


def recorded_options(package_dir: Path) -> dict[str, object] | None:
    """The options ``package_dir`` was generated with; None when it has no marker."""
    marker = package_dir / MARKER
    if not marker.is_file():
        return None
    recorded: dict[str, object] = json.loads(marker.read_text())
    return recorded


def template_environment() -> jinja2.Environment:
    """The templates with the settings and filters the generator renders them with."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["docstring"] = _docstring_filter
    return env


def _docstring_filter(text: str, indent: int = 4, first_column: int | None = None) -> str:
    """Wrap ``text`` for a docstring body indented by ``indent`` spaces.

    The first line continues a line the template already started, at
    ``first_column`` (just after the opening quotes by default).
    """
    start = indent + 3 if first_column is None else first_column
    lines = docstring_lines(
        string_body(text), width=LINE_LENGTH - 4, indent=" " * indent, first_indent=" " * start
    )
    return "\n".join(lines).lstrip()


def render_package(package: Package, out_root: Path) -> Path:
    """Write ``out_root/<package>/`` and return its path; stale files are removed."""
    package_dir = out_root / package.package
    env = template_environment()
    written: set[Path] = set()
    for file in package.files:
        text = env.get_template(file.template).render(package=package, file=file)
        written.add(_write(package_dir / file.path, text))
    runtime = [(RUNTIME_DIR, package_dir)]
    if package.with_cli:
        runtime.append((RUNTIME_DIR / CLI_PACKAGE, package_dir / CLI_PACKAGE))
    for source_dir, target_dir in runtime:
        for source in sorted(source_dir.glob("_*.py")):
            if source.name != "__init__.py" and source.name not in package.omitted_runtime_modules:
                text = f"{package.header}\n{source.read_text()}"
                written.add(_write(target_dir / source.name, text))
    written.add(_write(package_dir / "py.typed", ""))
    options = json.dumps(generation_options(package), indent=2)
    written.add(_write(package_dir / MARKER, f"{options}\n"))
    _remove_stale(package_dir, written)
    format_tree(package_dir)
    return package_dir


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _remove_stale(package_dir: Path, keep: set[Path]) -> None:
    """Delete every file (and emptied folder) of ``package_dir`` not in ``keep``."""
    for path in sorted(package_dir.rglob("*"), reverse=True):
        if path.is_dir():
            if path.name == "__pycache__" or not any(path.iterdir()):
                shutil.rmtree(path)
        elif path not in keep:
            path.unlink()


class FormatError(Exception):
    """The formatter refused the generated code: a bug of the generator, named by file."""


def format_tree(package_dir: Path) -> None:
    """Format with the pinned ruff, isolated from any project configuration."""
    result = subprocess.run(
        [
            sys.executable, "-m", "ruff", "format", "--isolated", "--quiet",
            f"--line-length={LINE_LENGTH}", f"--target-version={TARGET_VERSION}",
            str(package_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise FormatError(_format_failure(package_dir, result.stdout + result.stderr))


def _format_failure(package_dir: Path, output: str) -> str:
    """What went wrong, naming each generated file that is not valid Python."""
    problems: list[str] = []
    for path in sorted(package_dir.rglob("*.py")):
        try:
            ast.parse(path.read_text(), filename=str(path))
        except SyntaxError as exc:
            problems.append(f"{path}:{exc.lineno}:{exc.offset}: {exc.msg}")
    if not problems:
        problems.append(output.strip() or "ruff gave no reason")
    return (
        f"ruff could not format the generated package {package_dir}; this is a bug in "
        "codegen (please report it with the service and operations):\n  " + "\n  ".join(problems)
    )
