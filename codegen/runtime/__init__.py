"""Hand-written runtime shared by every generated client.

Each module here is copied verbatim (plus a header) into the generated package,
so it may only import the standard library, ``requests``, ``attrs``,
``aws_requests_auth`` and its siblings, with relative imports.
"""
