"""Deep import paths of release 0.x, kept working for one release.

Until the layered layout, every module sat directly under ``gnas_annot``
(``gnas_annot.hgvs_names``, ``gnas_annot.writers`` ...).  Importing one of
those names still works: it yields a proxy module that forwards attribute
access to the module's new home and emits a :class:`DeprecationWarning`
naming it.  New code imports from ``gnas_annot`` itself (the public API) or
from the new subpackage.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

#: old module -> new modules that hold its names (searched in order)
MOVED: dict[str, tuple[str, ...]] = {
    "builds": ("model.builds",),
    "variant": ("model.variant",),
    "locus": ("model.locus", "pack.locus"),
    "reference": ("seq.reference",),
    "normalize": ("seq.normalize",),
    "shift": ("seq.shift",),
    "pack.fetch": ("remote.fetch",),
    "remote": ("remote.client",),
    "vcf": ("io.vcf",),
    "vcf_header": ("io.header",),
    "vcf_scan": ("io.scan",),
    "extract": ("extract.extractor",),
    "hgvs_provider": ("naming.provider",),
    "hgvs_names": ("naming.names",),
    "hgvs_parse": ("naming.parse",),
    "protein": ("naming.protein",),
    "consequence": ("effect.consequence",),
    "lof": ("effect.lof",),
    "pvs1": ("effect.pvs1",),
    "products": ("effect.products",),
    "origin": ("origin.model",),
    "pedigree": ("origin.pedigree",),
    "read_phasing": ("origin.reads",),
    "mosaicism": ("origin.mosaicism",),
    "origin_assign": ("origin.assign",),
    "interpret": ("interpret.reading",),
    "annotate": ("annotate.results", "annotate.pipeline", "annotate.run"),
    "writers": ("annotate.results", "output.tables", "output.annotated_vcf"),
    "parquet_io": ("output.parquet",),
    "vcf_writer": ("output.normalized_vcf",),
    "output": ("output.atomic",),
    "scale": ("scale.many",),
    "annotate_cli": ("cli.annotate",),
    "hgvs_cli": ("cli.hgvs",),
    "origin_cli": ("cli.origin",),
    "demo": ("cli.demo",),
}


def forward(old: str, name: str) -> Any:
    """``gnas_annot.<old>.<name>`` from its new home, with a DeprecationWarning."""
    for new in MOVED[old]:
        module = importlib.import_module(f"gnas_annot.{new}")
        if hasattr(module, name):
            warnings.warn(
                f"gnas_annot.{old}.{name} moved to gnas_annot.{new}.{name}"
                " (or import it from gnas_annot); the old path goes in the next release",
                DeprecationWarning,
                stacklevel=3,
            )
            return getattr(module, name)
    raise AttributeError(f"module 'gnas_annot.{old}' has no attribute {name!r}")


class _Proxy(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return forward(self.__name__.removeprefix("gnas_annot."), name)


class _Finder:
    # a meta path finder and loader by protocol: deriving from importlib.abc's
    # classes would import importlib.resources (tempfile, shutil ...) at start-up

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        old = fullname.removeprefix("gnas_annot.")
        if not fullname.startswith("gnas_annot.") or old not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, cast("Loader", self))

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _Proxy(spec.name, f"deprecated alias of gnas_annot.{MOVED[spec.name[11:]][0]}")

    def exec_module(self, module: types.ModuleType) -> None:
        return None


def install() -> None:
    """Serve the old flat module names.  Appended last to ``sys.meta_path``, so
    a real package of the same name (``gnas_annot.origin`` ...) always wins."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder())
