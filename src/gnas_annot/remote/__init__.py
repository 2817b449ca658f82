"""Opt-in network look-ups (NCBI, Ensembl, VariantValidator) and the reference
download; never used unless asked.

``gnas_annot.remote`` was a module before the layered layout; its names still
resolve here for one release, with a DeprecationWarning.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from gnas_annot._deprecated import forward

    return forward("remote", name)
