"""The extraction stage: read -> locate -> normalize; every in-region record comes out, with
its status.

``gnas_annot.extract`` was a module before the layered layout; its names still
resolve here for one release, with a DeprecationWarning.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    from gnas_annot._deprecated import forward

    return forward("extract", name)
