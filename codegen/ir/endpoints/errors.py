"""The one error of the endpoint compiler."""


class EndpointCompileError(Exception):
    """The rule set or the partition data needs something this compiler does not support."""
