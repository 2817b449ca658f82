"""Scale-out: annotate_many on Dask into a partitioned Parquet dataset.

``gnas_annot.scale`` was a module before the layered layout; its names still
resolve here for one release, with a DeprecationWarning.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from gnas_annot._deprecated import forward

    return forward("scale", name)
