"""Project tasks. `nox` runs the default sessions: the README's test command."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True
nox.options.sessions = [
    "lint",
    "typecheck",
    "check_generated",
    "tests",
    "contract",
    "services",
    "protocol_typecheck",
]

SERVICE = "cognito-idp"
# The committed client is the mission. The demo generates the operations it needs
# to make state at run time (tests/setup_client.py).
OPERATIONS = ("UpdateUserPoolDomain",)
PACKAGE_DIR = Path("generated") / "cognito_idp"
CONTRACT_SUITE = Path("tests") / "contract"
# The contract suites committed as examples (tests/contract_examples/); nox -s record records them.
CONTRACT_EXAMPLES = ("dynamodb", "sqs", "secretsmanager")
CONSTRAINTS = ("-c", "requirements/constraints.txt")


def _install(session: nox.Session, *requirement_files: str) -> None:
    args: list[str] = []
    for name in requirement_files:
        args += ["-r", f"requirements/{name}.txt"]
    session.install(*args, *CONSTRAINTS)


def _generate(session: nox.Session, out: Path, *extra: str) -> None:
    session.run(
        "python", "-m", "codegen",
        "--service", SERVICE,
        "--operations", ",".join(OPERATIONS),
        "--out", str(out),
        "--with-cli",
        *extra,
    )  # fmt: skip


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over everything."""
    session.install("ruff", *CONSTRAINTS)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over codegen/, generated/ and tests/; pyright strict over the first two."""
    _install(session, "test")
    session.run("mypy", "codegen", "generated", "tests")
    session.run("pyright", "codegen", "generated")


@nox.session
def protocol_typecheck(session: nox.Session) -> None:
    """mypy --strict and pyright strict over the client of every protocol-vector model (~1 min)."""
    _install(session, "test")
    with tempfile.TemporaryDirectory() as folder:
        session.run("python", "-m", "tests.protocol.generate_all", folder)
        names = (Path(folder) / "packages.txt").read_text().split()
        (Path(folder) / "pyrightconfig.json").write_text('{"typeCheckingMode": "strict"}')
        session.chdir(folder)
        session.run("mypy", "--strict", *names)
        session.run("pyright", ".")


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate generated/, its contract suite (tests/contract/) and the example suites."""
    _install(session, "codegen")
    _generate(session, Path("generated"), "--with-contract-tests", str(CONTRACT_SUITE), "--force")
    with tempfile.TemporaryDirectory() as clients:
        # The example suites' clients are not committed: generated here, thrown away.
        session.run("python", "-m", "tests.contract_examples.generate", clients, "--suites")


@nox.session
def check_generated(session: nox.Session) -> None:
    """Regenerate into a temporary folder and fail on any difference with generated/."""
    _install(session, "codegen")
    with tempfile.TemporaryDirectory() as tmp:
        _generate(session, Path(tmp))
        session.run(
            "diff",
            "-r",
            "-u",
            "--exclude=__pycache__",
            str(PACKAGE_DIR),
            str(Path(tmp) / PACKAGE_DIR.name),
            external=True,
        )


def _pinned_version(package: str) -> str:
    """The version ``requirements/constraints.txt`` pins for ``package``."""
    for line in Path("requirements/constraints.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        if name.strip().lower() == package:
            return version.strip()
    raise ValueError(f"{package} is not pinned in requirements/constraints.txt")


def _split_botocore_option(args: Sequence[str]) -> tuple[str, list[str]]:
    """Take ``--botocore VERSION`` (or ``--botocore=VERSION``) out of ``args``."""
    version, rest = _pinned_version("botocore"), list(args)
    for index, arg in enumerate(rest):
        if arg == "--botocore" and index + 1 < len(rest):
            version = rest[index + 1]
            del rest[index : index + 2]
            break
        if arg.startswith("--botocore="):
            version = arg.partition("=")[2]
            del rest[index]
            break
    return version, rest


@nox.session
def update_specs(session: nox.Session) -> None:
    """Re-pin specs/ from botocore and print what changed, service by service.

    `nox -s update_specs -- [--botocore VERSION] [SERVICE ...]`: the version defaults to the
    one constraints.txt pins, the services to every one pinned under specs/. Then run
    `nox -s generate` and review the diff, as the session says when it ends.
    """
    version, args = _split_botocore_option(session.posargs)
    session.install(f"botocore=={version}", "jinja2", "attrs")
    session.run("python", "-m", "codegen.update_specs", *args)


@nox.session
def tests(session: nox.Session) -> None:
    """Unit and integration tests (offline; local servers only)."""
    _install(session, "test")
    session.run(
        "pytest",
        "--ignore=tests/contract",
        "--ignore=tests/contract_examples",
        "--ignore=tests/services",
        *session.posargs,
    )


@nox.session
def services(session: nox.Session) -> None:
    """Fourteen pinned awsJson services generated whole, every operation compared with botocore."""
    _install(session, "test")
    session.run("pytest", "tests/services", *session.posargs)


@nox.session
def contract(session: nox.Session) -> None:
    """Contract tests: replay every committed suite's cassettes, and the mutation test (offline)."""
    _install(session, "test")
    session.run("pytest", "tests/contract", "tests/contract_examples", *session.posargs)


@nox.session
def aws_cli_oracle(session: nox.Session) -> None:
    """The command line's pagination and waiters against AWS CLI v1 itself (151 MB: not default)."""
    _install(session, "test")
    session.install("awscli", *CONSTRAINTS)
    session.run(
        "pytest",
        "tests/pagination/test_aws_cli_oracle.py",
        "tests/waiters/test_aws_cli_oracle.py",
        *session.posargs,
    )


@nox.session
def record(session: nox.Session) -> None:
    """Re-record every contract suite's cassettes (moto's server, the fault server).

    `nox -s record -- SUITE [ARGS]` records one suite (`tests.contract`, or
    `tests.contract_examples.dynamodb`, ...) with its recorder's arguments:
    `--operation`, `--case`, `--live` (real AWS, never in CI).
    """
    _install(session, "test")
    suites = [str(CONTRACT_SUITE).replace("/", ".")]
    suites += [f"tests.contract_examples.{name}" for name in CONTRACT_EXAMPLES]
    args = list(session.posargs)
    if args and not args[0].startswith("-"):
        suites = [args.pop(0)]
    with tempfile.TemporaryDirectory() as clients:
        # The example suites' clients are generated here, not committed.
        session.run("python", "-m", "tests.contract_examples.generate", clients)
        for suite in suites:
            session.run("python", "-m", f"{suite}.record", *args, env={"PYTHONPATH": clients})


@nox.session
def demo(session: nox.Session) -> None:
    """Run the demo against moto's server on 127.0.0.1 (no AWS account needed)."""
    _install(session, "runtime", "codegen")
    session.install("moto[server]", *CONSTRAINTS)
    session.run("python", "-m", "tests.demo", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against boto3 and a raw http.client floor; `-- --quick` for tiny counts.

    Not a default session. Writes benchmarks/results.{md,json,svg}; see docs/BENCHMARKS.md.
    """
    _install(session, "bench")
    session.run("python", "-m", "benchmarks.run", *session.posargs)
