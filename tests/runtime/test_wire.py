"""Values on the wire and back, checked against botocore's serializer and parser.

codegen/runtime/_wire.py (blobs, text timestamps, idempotency tokens),
_parse.py (timestamps in every format, special floats, nulls in collections,
epoch seconds with microseconds) and _compression.py (when bodies are gzipped).
"""

from __future__ import annotations

import datetime
import json
import math
import uuid
from pathlib import Path

import pytest
from botocore.parsers import JSONParser
from botocore.serialize import JSONSerializer

from codegen.runtime import _wire
from codegen.runtime._compression import CompressionSettings, resolve_compression, settings_from
from codegen.runtime._exceptions import ConfigurationError, ResponseParseError
from codegen.runtime._parse import (
    MismatchError,
    as_float,
    as_timestamp,
    encode_wire_value,
    locate,
    without_special_floats,
)
from codegen.runtime._profile_files import Profile
from codegen.runtime._schema import ListOf, MapOf, Scalar

UTC = datetime.UTC
MOMENTS = [
    datetime.datetime(2000, 1, 2, 20, 34, 56, tzinfo=UTC),
    datetime.datetime(2027, 6, 26, 12, 30, 28, 800048, tzinfo=UTC),  # ssm's 1814013028.800048
    datetime.datetime(1999, 12, 31, 23, 59, 59, 1, tzinfo=UTC),
]


def _botocore_timestamp(moment: datetime.datetime, timestamp_format: str) -> object:
    return JSONSerializer()._convert_timestamp_to_str(moment, timestamp_format)  # pyright: ignore[reportPrivateUsage]


@pytest.mark.parametrize("moment", MOMENTS)
def test_epoch_seconds_keep_microseconds_as_botocore(moment: datetime.datetime) -> None:
    assert encode_wire_value(moment) == _botocore_timestamp(moment, "unixtimestamp")


def test_ssm_sub_second_timestamp_is_not_truncated() -> None:
    encoded = json.dumps(encode_wire_value(MOMENTS[1]))
    assert encoded == "1814013028.800048"


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize(("writer", "name"), [(_wire.iso8601, "iso8601"), (_wire.rfc822, "rfc822")])
def test_text_timestamps_are_written_as_botocore(
    moment: datetime.datetime, writer: object, name: str
) -> None:
    assert callable(writer)
    assert writer(moment) == _botocore_timestamp(moment, name)


def test_naive_and_offset_datetimes_are_written_in_utc() -> None:
    offset = datetime.datetime(
        2000, 1, 2, 21, 34, 56, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )
    assert (
        _wire.iso8601(offset)
        == _wire.iso8601(datetime.datetime(2000, 1, 2, 20, 34, 56))
        == ("2000-01-02T20:34:56Z")
    )


@pytest.mark.parametrize("value", [b"\x00\xffbinary", bytearray(b"abc"), "text as utf-8: é"])
def test_blobs_are_base64_as_botocore(value: bytes | bytearray | str) -> None:
    assert _wire.blob(value) == JSONSerializer()._get_base64(value)  # pyright: ignore[reportPrivateUsage]


def test_an_idempotency_token_is_a_fresh_uuid4() -> None:
    first, second = _wire.new_idempotency_token(), _wire.new_idempotency_token()
    assert uuid.UUID(first).version == 4
    assert first != second


@pytest.mark.parametrize(
    "raw",
    [
        1398796238,
        1398796238.123,
        "1398796238",
        "2014-04-29T18:30:38Z",
        "2014-04-29T18:30:38.123456Z",
        "2014-04-29T19:30:38+01:00",
        "2014-04-29T17:30:38-01:00",
        "2014-04-29T18:30:38",
        "Tue, 29 Apr 2014 18:30:38 GMT",
    ],
)
def test_timestamps_in_every_format_botocore_reads(raw: object) -> None:
    expected = JSONParser()._timestamp_parser(raw)  # pyright: ignore[reportPrivateUsage]
    parsed = as_timestamp(raw)
    assert parsed.tzinfo is UTC
    assert parsed.timestamp() == expected.timestamp()


@pytest.mark.parametrize("raw", ["yesterday", True, None, [1]])
def test_an_unreadable_timestamp_names_the_member(raw: object) -> None:
    with pytest.raises(MismatchError, match="timestamp"):
        as_timestamp(raw)
    error = locate(Scalar("When", "timestamp"), raw, "Out.When")
    assert str(error).startswith("Out.When: ")


@pytest.mark.parametrize(("raw", "check"), [("NaN", math.isnan), ("Infinity", math.isinf)])
def test_special_floats_arrive_as_strings(raw: str, check: object) -> None:
    assert callable(check)
    assert check(as_float(raw))
    assert as_float("-Infinity") == -math.inf


def test_other_strings_are_not_floats() -> None:
    with pytest.raises(ResponseParseError):
        as_float("1.5")


def test_special_floats_are_sent_as_strings() -> None:
    data = {"a": math.nan, "b": [math.inf, 1.5], "c": {"d": -math.inf}}
    assert without_special_floats(data) == {
        "a": "NaN",
        "b": ["Infinity", 1.5],
        "c": {"d": "-Infinity"},
    }


def test_a_mismatch_is_located_past_dropped_nulls() -> None:
    """``locate`` walks as the readers do: nulls skipped, indexes and keys kept."""
    strings = Scalar("S", "string")
    error = locate(ListOf("L", strings), ["a", None, 3], "Out.L")
    assert str(error) == "Out.L[2]: expected a string in the response, got int"
    error = locate(MapOf("M", strings, ListOf("L", strings)), {"a": None, "b": [1]}, "Out.M")
    assert str(error) == "Out.M.b[0]: expected a string in the response, got int"


# --------------------------------------------------------- request compression


def _profile(**values: str) -> Profile:
    return Profile(
        name="default",
        explicit=False,
        config_path="~/.aws/config",
        credentials_path="~/.aws/credentials",
        config_section={**values},
        credentials_section={},
        services={},
        sso_sessions={},
    )


def test_bodies_from_the_minimum_size_up_are_compressed() -> None:
    settings = CompressionSettings()
    assert settings.min_size == 10240
    assert not settings.applies(b"x" * 10239)
    assert settings.applies(b"x" * 10240)


def test_compression_settings_come_from_argument_then_environment_then_profile() -> None:
    env = {
        "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES": "100",
        "AWS_DISABLE_REQUEST_COMPRESSION": "TRUE",
    }
    profile = _profile(
        request_min_compression_size_bytes="200", disable_request_compression="false"
    )
    assert settings_from(50, False, env, profile) == CompressionSettings(50, False)
    assert settings_from(None, None, env, profile) == CompressionSettings(100, True)
    assert settings_from(None, None, {}, profile) == CompressionSettings(200, False)
    assert settings_from(None, None, {}, _profile()) == CompressionSettings()


def test_compression_settings_are_read_from_the_selected_profile(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[profile small]\nrequest_min_compression_size_bytes = 64\n")
    env = {"AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")}
    assert resolve_compression(None, None, "small", env) == CompressionSettings(64, False)


@pytest.mark.parametrize("value", ["0", "1048577", "ten", "-1"])
def test_an_invalid_minimum_size_is_a_configuration_error(value: str) -> None:
    with pytest.raises(ConfigurationError, match="AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES"):
        settings_from(None, None, {"AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES": value}, _profile())
