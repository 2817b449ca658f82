"""Parent of origin: pedigree, trio genotypes, phased genotypes, read-backed
phasing, mosaicism, assignment.

``gnas_annot.origin`` was a module before the layered layout; its names still
resolve here for one release, with a DeprecationWarning.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from gnas_annot._deprecated import forward

    return forward("origin", name)
