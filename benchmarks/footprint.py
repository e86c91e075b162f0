"""Install footprint: the bytes each contender's runtime packages add to a fresh venv.

For each requirement set, a virtualenv is created with ``python -m venv``, the
names in its ``site-packages`` are recorded (pip and setuptools), the
requirements are installed with pip, and the footprint is the apparent size
of everything pip added to ``site-packages`` (bytecode included, as pip
compiles it). The venvs are cached under a key of the requirements, the
constraints and the Python version, so reruns reuse them; a missing or
half-built venv is rebuilt.

The generated client is vendored, so its own files count on top of its
dependencies: the sources plus the bytecode Python writes for them.
"""

from __future__ import annotations

import hashlib
import json
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_BASELINE = "bench-baseline.json"
_COMPLETE = "bench-complete"


def tree_bytes(path: Path) -> int:
    """Apparent size of a file, or of every file below a folder."""
    if path.is_file() or path.is_symlink():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def vendored_bytes(package: Path) -> int:
    """Sources of a vendored package plus the bytecode its first import writes."""
    sources = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    total = sum(p.stat().st_size for p in sources)
    with tempfile.TemporaryDirectory() as tmp:
        for index, source in enumerate(p for p in sources if p.suffix == ".py"):
            compiled = Path(tmp) / f"{index}.pyc"
            py_compile.compile(str(source), cfile=str(compiled), doraise=True)
            total += compiled.stat().st_size
    return total


def pinned_version(constraints: Path, name: str) -> str:
    """The ``name==X`` version pinned in a constraints file."""
    match = re.search(rf"^{re.escape(name)}==(\S+)", constraints.read_text(), re.MULTILINE)
    if match is None:
        raise ValueError(f"{constraints} pins no version of {name}")
    return match.group(1)


def _site_packages(venv: Path) -> Path:
    if sys.platform == "win32":
        return venv / "Lib" / "site-packages"
    (found,) = (venv / "lib").glob("python*/site-packages")
    return found


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def _cache_key(pip_args: list[str], inputs: list[Path]) -> str:
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    digest.update("\0".join(pip_args).encode())
    for path in inputs:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def installed_bytes(label: str, pip_args: list[str], inputs: list[Path], cache: Path) -> int:
    """Bytes that ``pip install *pip_args`` adds to a fresh venv's site-packages.

    ``inputs`` are the files the arguments refer to (requirements, constraints):
    their content is part of the cache key.
    """
    venv = cache / f"{label}-{_cache_key(pip_args, inputs)}"
    if not (venv / _COMPLETE).exists():
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        fresh = sorted(p.name for p in _site_packages(venv).iterdir())
        (venv / _BASELINE).write_text(json.dumps(fresh))
        subprocess.run(
            [str(_venv_python(venv)), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", *pip_args],
            check=True,
        )  # fmt: skip
        (venv / _COMPLETE).write_text("")
    baseline = set(json.loads((venv / _BASELINE).read_text()))
    site = _site_packages(venv)
    return sum(tree_bytes(p) for p in site.iterdir() if p.name not in baseline)


def measure(root: Path, cache: Path) -> dict[str, int]:
    """Install footprint in bytes per contender.

    The dependency floor is the runtime requirements alone; the generated
    client adds its vendored package; the raw floor is the standard library: 0.
    """
    requirements = root / "requirements"
    runtime, constraints = requirements / "runtime.txt", requirements / "constraints.txt"
    boto3 = f"boto3=={pinned_version(constraints, 'boto3')}"
    ours = installed_bytes(
        "runtime", ["-r", str(runtime), "-c", str(constraints)], [runtime, constraints], cache
    )
    theirs = installed_bytes("boto3", [boto3, "-c", str(constraints)], [constraints], cache)
    return {
        "ours": ours + vendored_bytes(root / "generated" / "cognito_idp"),
        "boto3": theirs,
        "deps": ours,
        "floor": 0,
    }
