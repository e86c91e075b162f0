"""The hand-written modules of the command line, copied into a generated package's ``cli/``.

Copied only when the package is generated with ``--with-cli``. The generated
package's own ``cli/__init__.py``, ``_commands.py`` and ``_docs.py`` come from
templates; this file is not copied.
"""
