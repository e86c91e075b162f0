"""Vendored size of a generated package: bytes and lines of its Python sources.

The package folder is walked (every ``*.py`` below it, ``__pycache__``
excluded), so the figures do not depend on the package's internal layout.
The command line is every file under a ``cli/`` subpackage plus
``__main__.py`` or, in the flat layout, the top-level ``cli.py``, ``_cli.py``
and ``__main__.py``; the rest is the client.
"""

from __future__ import annotations

from pathlib import Path

CLI_MODULES = frozenset({"cli.py", "_cli.py", "__main__.py"})
CLI_PACKAGES = frozenset({"cli", "_cli"})


def is_cli(relative: Path) -> bool:
    """Whether a source file, relative to the package folder, belongs to the command line."""
    if len(relative.parts) == 1:
        return relative.name in CLI_MODULES
    return relative.parts[0] in CLI_PACKAGES


def sources(package: Path) -> list[Path]:
    """Every ``*.py`` below ``package``, outside ``__pycache__``, sorted."""
    return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)


def _lines(data: bytes) -> int:
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def package_size(package: Path) -> dict[str, dict[str, int]]:
    """Files, bytes and lines of the whole package, of its CLI and of the rest."""
    if not (package / "__init__.py").is_file():
        raise FileNotFoundError(f"{package} is not a package")
    totals = {part: {"files": 0, "bytes": 0, "lines": 0} for part in ("total", "cli", "no_cli")}
    for path in sources(package):
        data = path.read_bytes()
        part = "cli" if is_cli(path.relative_to(package)) else "no_cli"
        for key in ("total", part):
            totals[key]["files"] += 1
            totals[key]["bytes"] += len(data)
            totals[key]["lines"] += _lines(data)
    return totals
