"""codegen/runtime/_rules.py: the rule-set functions, against botocore's RuleSetStandardLibrary."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.endpoint_provider import RuleSetStandardLibrary

from codegen.runtime._rules import aws_partition, is_valid_host_label, substring, uri_encode
from codegen.runtime._rules_extra import aws_parse_arn, index, parse_url

from ..conftest import SPECS

PARTITIONS: dict[str, Any] = json.loads((SPECS / "cognito-idp" / "partitions.json").read_text())
BOTOCORE = RuleSetStandardLibrary(PARTITIONS)

HOST_LABELS = [
    "us-east-1",
    "a",
    "a" * 63,
    "a" * 64,
    "-lead",
    "trail-",
    "mid-dle",
    "UPPER",
    "123",
    "a.b",
    "a..b",
    ".a",
    "a.",
    "a.-b",
    "ab cd",
    "ümlaut",
    "under_score",
    "",
]


def partition_tables() -> tuple[dict[str, str], list[tuple[str, str]], str]:
    """partitions.json as the generator lays it out, with partition names as the values."""
    by_region: dict[str, str] = {}
    for partition in PARTITIONS["partitions"]:
        for region in partition["regions"]:
            by_region.setdefault(region, partition["id"])
    by_pattern = [(p["regionRegex"], p["id"]) for p in PARTITIONS["partitions"]]
    return by_region, by_pattern, PARTITIONS["partitions"][0]["id"]


# ----------------------------------------------------------------- aws.partition


def test_a_listed_region_wins_over_an_earlier_pattern() -> None:
    by_region = {"lab-1": "second"}
    by_pattern = [(r"^lab-\d$", "first"), (r"^lab", "second")]
    assert aws_partition("lab-1", by_region, by_pattern, "default") == "second"
    assert aws_partition("lab-2", by_region, by_pattern, "default") == "first"


def test_the_first_matching_pattern_wins() -> None:
    by_pattern = [(r"^cn-", "china"), (r"^\w+-", "any"), (r"^cn-", "never")]
    assert aws_partition("cn-north-9", {}, by_pattern, "default") == "china"
    assert aws_partition("xx-north-9", {}, by_pattern, "default") == "any"


def test_an_unclaimed_region_gets_the_default() -> None:
    assert aws_partition("mars", {"us-east-1": "aws"}, [(r"^us-", "aws")], "fallback") == "fallback"


REGIONS = [
    *("us-east-1", "us-east-99", "cn-north-1", "cn-north-9", "us-gov-west-9", "us-isob-east-9"),
    *("eusc-de-west-9", "eu-isoe-west-9", "aws-global", "mars-1", "", "US-EAST-1"),
]


@pytest.mark.parametrize("region", REGIONS)
def test_partition_matches_botocore_on_the_pinned_partitions(region: str) -> None:
    assert aws_partition(region, *partition_tables()) == BOTOCORE.aws_partition(region)["name"]


# ------------------------------------------------------------- isValidHostLabel


@pytest.mark.parametrize("value", HOST_LABELS)
@pytest.mark.parametrize("allow_subdomains", [False, True])
def test_host_labels_are_judged_like_botocore(value: str, allow_subdomains: bool) -> None:
    expected = BOTOCORE.is_valid_host_label(value, allow_subdomains)
    assert is_valid_host_label(value, allow_subdomains) is expected


def test_dots_need_allow_subdomains() -> None:
    assert not is_valid_host_label("svc.us-east-1", False)
    assert is_valid_host_label("svc.us-east-1", True)
    assert not is_valid_host_label("svc..us-east-1", True)


# ----------------------------------------------------------------------- substring


@pytest.mark.parametrize("value", ["abcdef", "abc", "", "ümlaut", "a-b-c-d"])
@pytest.mark.parametrize(("start", "stop"), [(0, 1), (0, 4), (1, 3), (2, 2), (3, 1), (0, 6)])
@pytest.mark.parametrize("reverse", [False, True])
def test_substring_matches_botocore(value: str, start: int, stop: int, reverse: bool) -> None:
    assert substring(value, start, stop, reverse) == BOTOCORE.substring(value, start, stop, reverse)


def test_substring_counts_from_the_end_when_reversed() -> None:
    assert substring("abcdef", 0, 2, False) == "ab"
    assert substring("abcdef", 0, 2, True) == "ef"
    assert substring("abcdef", 1, 3, True) == "de"


def test_substring_out_of_range_or_not_ascii_is_none() -> None:
    assert substring("abc", 0, 4, False) is None
    assert substring("abc", 2, 2, False) is None
    assert substring("äbc", 0, 1, False) is None


# ----------------------------------------------------------------------- uriEncode


@pytest.mark.parametrize(
    "value",
    ["plain", "a b", "a/b?c=d&e", "-._~", "ümlaut", "100%", "+", "!*'()", "", "a\nb", "日本"],
)
def test_uri_encode_matches_botocore(value: str) -> None:
    assert uri_encode(value) == BOTOCORE.uri_encode(value)


def test_uri_encode_keeps_only_unreserved_characters() -> None:
    assert uri_encode("a-b_c.d~e/f g") == "a-b_c.d~e%2Ff%20g"


# --- _rules_extra.py: ARNs, URLs, indexing --------------------------------------------

ARNS = [
    "arn:aws:kinesis:us-east-1:123456789012:stream/orders",
    "arn:aws:dynamodb:us-west-2:1:table/t/index/i",
    "arn:aws-cn:s3:::bucket",
    "arn:aws:iam::123:role/a:b/c",
    "arn:aws:sns:us-east-1:1:topic:with:colons",
    "arn::svc:r:a:res",
    "arn:aws::r:a:res",
    "arn:aws:svc:r:a:",
    "arn:aws:svc:r:a",
    "not-an-arn",
    "ARN:aws:svc:r:a:res",
    "",
]
URLS = [
    "https://example.com",
    "http://example.com:8080/path/to/../x/",
    "https://example.com/a//b/./c",
    "https://127.0.0.1:8443",
    "http://[::1]:80/x",
    "http://[fe80::1%25eth0]/",
    "https://example.com?query=1",
    "ftp://example.com",
    "https://example.com:notaport",
    "https://user@example.com/",
    "https://999.999.999.999",
    "example.com",
]


@pytest.mark.parametrize("arn", ARNS)
def test_parse_arn_matches_botocore(arn: str) -> None:
    expected = BOTOCORE.aws_parse_arn(arn)
    ours = aws_parse_arn(arn)
    if expected is None:
        assert ours is None
    else:
        assert ours is not None
        assert {
            "partition": ours.partition,
            "service": ours.service,
            "region": ours.region,
            "accountId": ours.account_id,
            "resourceId": ours.resource_id,
        } == expected


@pytest.mark.parametrize("url", URLS)
def test_parse_url_matches_botocore(url: str) -> None:
    expected = BOTOCORE.parse_url(url)
    ours = parse_url(url)
    if expected is None:
        assert ours is None
    else:
        assert ours is not None
        assert {
            "scheme": ours.scheme,
            "authority": ours.authority,
            "path": ours.path,
            "normalizedPath": ours.normalized_path,
            "isIp": ours.is_ip,
        } == expected


@pytest.mark.parametrize("position", [0, 1, 2])
def test_index_matches_botocore_get_attr(position: int) -> None:
    values = ["a", "b"]
    assert index(values, position) == BOTOCORE.get_attr({"v": values}, f"v[{position}]")
    assert index(None, position) is None
