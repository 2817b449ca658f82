"""Writers: the annotated VCF, tables (TSV, JSON Lines, Parquet), the normalized
VCF, atomic writes of file and index.

``gnas_annot.output`` was a module before the layered layout; its names still
resolve here for one release, with a DeprecationWarning.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from gnas_annot._deprecated import forward

    return forward("output", name)
