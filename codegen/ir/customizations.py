"""What botocore does for a service beyond its model, where the generated client mirrors it.

botocore registers such customizations in ``botocore/handlers.py``
(``BUILTIN_HANDLERS``), each on an event named after the service's
hyphenated ``serviceId``. The README's "botocore's customizations" table lists
every registration that touches a pinned service, mirrored or not, and why.
"""

from __future__ import annotations

# ('after-call.sqs.*', _handle_sqs_compatible_error): SQS moved from the query
# protocol to awsJson before its error shapes could carry the query codes
# (``error.code``), so botocore looks the exception class up by the code the
# parser read from ``__type`` (the shape's name), while the error's code stays
# the one the ``x-amzn-query-error`` header gives.
_ERROR_CLASS_FROM_TYPE = frozenset({"sqs"})


# ('getattr.cloudwatch.get_o_tel_enrichment', ClientMethodAlias('get_otel_enrichment')) and
# the like: botocore's snake_case splits "OTel" (get_o_tel_enrichment), and boto3 answers
# to the readable name too. Keyed by (hyphenated serviceId, method name).
_METHOD_ALIASES = {
    ("cloudwatch", "get_o_tel_enrichment"): "get_otel_enrichment",
    ("cloudwatch", "start_o_tel_enrichment"): "start_otel_enrichment",
    ("cloudwatch", "stop_o_tel_enrichment"): "stop_otel_enrichment",
    ("cloudwatch", "update_o_tel_enrichment"): "update_otel_enrichment",
}


def hyphenized(service_id: str) -> str:
    """botocore's ``ServiceId.hyphenize()``: the name its event handlers are registered under."""
    return service_id.replace(" ", "-").lower()


def error_class_from_type(service_id: str) -> bool:
    """Whether botocore picks the exception class by ``__type`` instead of the error code."""
    return hyphenized(service_id) in _ERROR_CLASS_FROM_TYPE


def method_alias(service_id: str, method_name: str) -> str | None:
    """The second name boto3 gives the client method ``method_name``, if any."""
    return _METHOD_ALIASES.get((hyphenized(service_id), method_name))
