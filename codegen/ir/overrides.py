"""Where the model's constraint contradicts what the service documents and accepts.

The service wins: each entry replaces constraints of one shape and says why.
Also the services whose errors botocore reads otherwise than the model says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_DNS_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"

CONSTRAINT_OVERRIDES: Mapping[str, Mapping[str, Any]] = {
    # The model allows one DNS label (no dots, at most 63 characters), yet the
    # service documents custom domains such as "auth.example.com" for the same
    # member. Accept any lowercase DNS name of up to 253 characters instead.
    "DomainType": {
        "pattern": _DNS_LABEL.join(("^", r"(?:\.", ")*$")),
        "max": 253,
        "note": "The model allows a single label; the service also accepts custom domains "
        "such as auth.example.com, so dots are allowed.",
    },
}
