"""Generator of small, typed clients from botocore service models."""

__version__ = "0.1.0"
