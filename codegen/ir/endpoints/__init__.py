"""Model layer for endpoint resolution: the endpoint rule set compiled into Python.

An endpoint rule set (``endpoint-rule-set-1.json``) is a tree of rules. Each rule
has conditions (calls of a small set of functions over the parameters) and ends
in a URL, an error, or more rules; the first rule whose conditions hold decides.
botocore walks that tree on every client creation. We walk it once, here, and
write the walk down as nested if-statements, so the generated module needs
neither JSON nor an interpreter. The rule-set functions (``aws.partition``,
``substring`` ...) are the runtime module ``_rules.py``, imported by the generated
module; ``aws.partition`` reads a literal table that is built from ``partitions.json``.

Anything this compiler does not understand raises ``EndpointCompileError``,
naming it, rather than emitting code that could resolve differently from botocore.

Usage: ``build_endpoint_source(ruleset, partitions, bindings)`` returns an
``EndpointModel``, which ``templates/endpoints.py.jinja`` lays out as the variable
``endpoints``. ``bindings`` (``service_bindings(model, operations)``) says what each
operation of the service model feeds the rule set.

The modules, by concern:

- ``bindings.py``: what each operation feeds the rule set, read from the service model;
- ``paths.py``: the JMESPath subset of ``operationContextParams``, compiled to Python;
- ``values.py``: the static types of compiled values, and Python literals;
- ``parameters.py``: the rule set's parameters, built-ins and client options;
- ``partitions.py``: partitions.json as the literal table ``aws.partition`` reads;
- ``rules.py``: the rules and their functions, compiled into ``_evaluate_rules``;
- ``call.py``: ``endpoint_for_call``, the operation's bindings then the resolution;
- ``model.py``: ``EndpointModel`` and ``build_endpoint_source``, which ties them together.
"""

from .bindings import ClientContextParameter, OperationBindings, ServiceBindings, service_bindings
from .errors import EndpointCompileError
from .model import EndpointModel, build_endpoint_source
from .parameters import ClientOption
from .partitions import PartitionConstant, PartitionField, PartitionTable
from .paths import compile_path

__all__ = [
    "ClientContextParameter",
    "ClientOption",
    "EndpointCompileError",
    "EndpointModel",
    "OperationBindings",
    "PartitionConstant",
    "PartitionField",
    "PartitionTable",
    "ServiceBindings",
    "build_endpoint_source",
    "compile_path",
    "service_bindings",
]
