"""Model layer: our own small, frozen intermediate representation of a package.

``build_package`` is the single entry point; the render layer sees only the
``Package`` it returns.
"""

from .package import CLI_PACKAGE, GeneratedFile, Operation, Package, build_package
from .shapes import ErrorShape, Kind, Member, ModelError, Structure, TypeRef

__all__ = [
    "CLI_PACKAGE",
    "ErrorShape",
    "GeneratedFile",
    "Kind",
    "Member",
    "ModelError",
    "Operation",
    "Package",
    "Structure",
    "TypeRef",
    "build_package",
]
