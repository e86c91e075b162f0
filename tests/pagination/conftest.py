"""A package with the paginated operations, generated at test time, and clients of it and boto3.

The committed package has no paginated operation: ``cognito_idp_pages`` holds
four of them, with what makes state for them in moto, and the command line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
import pytest

from codegen.ir import build_package
from codegen.render import render_package

from ..conftest import imported_package
from ..emulator import FAKE_ACCESS_KEY, FAKE_SECRET_KEY, REGION

PACKAGE = "cognito_idp_pages"
OPERATIONS = (
    "AdminAddUserToGroup",
    "AdminCreateUser",
    "AdminListGroupsForUser",
    "CreateGroup",
    "CreateUserPool",
    "ListGroups",
    "ListUserPools",
    "ListUsers",
)


@pytest.fixture(scope="session")
def pages(spec: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The generated ``cognito_idp_pages`` package."""
    folder = tmp_path_factory.mktemp("pages")
    render_package(build_package(spec, OPERATIONS, with_cli=True, package_name=PACKAGE), folder)
    with imported_package(folder, PACKAGE) as package:
        yield package


def make_client(pages: ModuleType, endpoint_url: str) -> Any:
    credentials = pages.Credentials(FAKE_ACCESS_KEY, FAKE_SECRET_KEY)
    return pages.CognitoIdentityProviderClient(
        region=REGION, endpoint_url=endpoint_url, credentials=credentials, max_attempts=1
    )


def make_boto3_client(endpoint_url: str) -> Any:
    return boto3.client(
        "cognito-idp",
        region_name=REGION,
        endpoint_url=endpoint_url,
        aws_access_key_id=FAKE_ACCESS_KEY,
        aws_secret_access_key=FAKE_SECRET_KEY,
    )


def package_folder(pages: ModuleType) -> Path:
    file = pages.__file__
    assert file is not None  # imported from a source file
    return Path(file).parent.parent
