"""The annotate pipeline: one pass over the records, allele-level facts on the allele, sample-
level facts on the sample; the row schema of the outputs.

``gnas_annot.annotate`` was a module before the layered layout; its names still
resolve here for one release, with a DeprecationWarning.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from gnas_annot._deprecated import forward

    return forward("annotate", name)
