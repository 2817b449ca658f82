"""The curated GNAS facts of the pack (beyond the locus model), as typed values.

Each class is one row kind of one table in ``data/``; each table says where
its facts come from (its header comments, a ``sources`` column and
``data/PROVENANCE.md``).  Nothing here is typed in code: a fact that is
wrong is corrected in its table, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from gnas_annot.errors import DataPackIntegrityError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.files import read_table

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

T = TypeVar("T")


def optional(value: str) -> str | None:
    """'.' and 'unknown' mean "not stated by a source": the code sees None."""
    return None if value in (".", "unknown", "") else value


@dataclass(frozen=True, slots=True)
class Condition:
    """A GNAS-related condition the interpretation may name (conditions.tsv)."""

    key: str
    name: str
    omim: str | None
    mondo: str | None


@dataclass(frozen=True, slots=True)
class KnownVariant:
    """A curated recurrent or hotspot variant on NM_000516.7 (known_variants.tsv)."""

    hgvs_c: str  # c.601C>T
    protein: str  # p.(Arg201Cys)
    mechanism: str  # loss_of_function | activating
    setting: str  # germline | somatic_mosaic
    phenotypes: str
    sources: str
    note: str


@dataclass(frozen=True, slots=True)
class CriticalRegion:
    """An exon whose loss is known to matter (critical_regions.tsv); its c. range
    is derived from the transcript model when the pack is loaded."""

    transcript: str
    exon: int
    name: str
    maternal_condition: str | None  # conditions.tsv key of a maternal loss of function here
    evidence: str
    sources: str
    c_start: int = 0  # derived: first coding base of the exon
    c_end: int = 0  # derived: last coding base of the exon (the stop codon included)


@dataclass(frozen=True, slots=True)
class Hotspot:
    """An activating Gs-alpha codon placed on one build (hotspots.tsv, with the
    activating substitutions of known_variants.tsv and the codon's genomic bases
    from the transcript model)."""

    transcript: str  # NM_000516.7
    residue: int
    ref: str  # three-letter amino acid, 'Arg'
    activating: frozenset[str]  # three-letter amino acids that activate
    build: GenomeBuild
    start: int  # genomic span of the codon on ``build``
    end: int
    sources: str
    note: str

    @property
    def name(self) -> str:
        return f"p.{self.ref}{self.residue}"


@dataclass(frozen=True, slots=True)
class HotspotRow:
    """One row of hotspots.tsv, before it is placed on a build."""

    transcript: str
    residue: int
    other_substitutions: tuple[str, ...]
    sources: str
    note: str


@dataclass(frozen=True, slots=True)
class ProductFamily:
    """A GNAS product family and the parental allele it is expressed from (products.tsv)."""

    family: str
    expressed_from: str
    sources: str


@dataclass(frozen=True, slots=True)
class ImprintingControl:
    """A region whose maternal deletion is a possible imprinting-control lesion
    (imprinting_control.tsv)."""

    region: str  # a region name of regions.tsv
    condition: str  # conditions.tsv key
    evidence: str
    sources: str


@dataclass(frozen=True, slots=True)
class MosaicSettings:
    """Thresholds of the allele-fraction flags (mosaicism.tsv): engineering choices
    (domain brief 5.5), not from a guideline.  The pack's values are
    ``load_pack().mosaicism``; origin and interpretation share them."""

    max_vaf: float
    alpha: float
    min_dp: int
    min_dp_non_hotspot: int
    loh_min_vaf: float


@dataclass(frozen=True, slots=True)
class FrequencyThresholds:
    """Allele-frequency settings of the population flags (population_frequency.tsv),
    read as ``load_pack().frequency``."""

    ba1: float  # allele frequency above which BA1 applies
    pm2: float  # allele frequency at or below which PM2_Supporting applies (0: absent only)


def rows(name: str, directory: Traversable, make: Callable[[dict[str, str]], T]) -> Iterator[T]:
    """Each row of table ``name`` turned into a value; a missing column or a
    malformed number is a pack integrity error naming the table and row."""
    for line_no, row in enumerate(read_table(name, directory), start=1):
        try:
            yield make(row)
        except (KeyError, ValueError) as exc:
            raise DataPackIntegrityError(
                f"{name}: data row {line_no} is malformed ({exc!r}); restore the pack "
                "(reinstall gnas-annot) or fix the row and run `make manifest`"
            ) from exc


def read_conditions(directory: Traversable) -> tuple[Condition, ...]:
    return tuple(
        rows(
            "conditions.tsv",
            directory,
            lambda r: Condition(r["key"], r["name"], optional(r["omim"]), optional(r["mondo"])),
        )
    )


def read_known_variants(directory: Traversable) -> tuple[KnownVariant, ...]:
    return tuple(
        rows(
            "known_variants.tsv",
            directory,
            lambda r: KnownVariant(
                r["hgvs_c"],
                r["protein"],
                r["mechanism"],
                r["setting"],
                r["phenotypes"],
                r["sources"],
                r["note"],
            ),
        )
    )


def read_mosaic_settings(directory: Traversable) -> MosaicSettings:
    values = {
        key: value
        for key, value in rows("mosaicism.tsv", directory, lambda r: (r["setting"], r["value"]))
    }
    unknown = values.keys() - set(MosaicSettings.__dataclass_fields__)
    if unknown:
        raise DataPackIntegrityError(
            f"mosaicism.tsv: unknown setting(s) {', '.join(sorted(unknown))}; restore the pack"
        )
    try:
        return MosaicSettings(
            max_vaf=float(values["max_vaf"]),
            alpha=float(values["alpha"]),
            min_dp=int(values["min_dp"]),
            min_dp_non_hotspot=int(values["min_dp_non_hotspot"]),
            loh_min_vaf=float(values["loh_min_vaf"]),
        )
    except (KeyError, ValueError) as exc:
        raise DataPackIntegrityError(
            f"mosaicism.tsv: setting {exc} is missing or not a number; restore the pack"
        ) from exc


def read_frequency_thresholds(directory: Traversable) -> FrequencyThresholds:
    values = dict(rows("population_frequency.tsv", directory, lambda r: (r["setting"], r["value"])))
    try:
        ba1, pm2 = float(values.pop("ba1")), float(values.pop("pm2"))
    except (KeyError, ValueError) as exc:
        raise DataPackIntegrityError(
            f"population_frequency.tsv: setting {exc} is missing or not a number; restore the pack"
        ) from exc
    if values or not (0.0 <= pm2 < ba1 <= 1.0):
        raise DataPackIntegrityError(
            "population_frequency.tsv: expected settings ba1 and pm2 with 0 <= pm2 < ba1 <= 1; "
            "restore the pack"
        )
    return FrequencyThresholds(ba1=ba1, pm2=pm2)


def read_critical_regions(directory: Traversable) -> tuple[CriticalRegion, ...]:
    return tuple(
        rows(
            "critical_regions.tsv",
            directory,
            lambda r: CriticalRegion(
                r["transcript"],
                int(r["exon"]),
                r["name"],
                optional(r["maternal_condition"]),
                r["evidence"],
                r["sources"],
            ),
        )
    )


def read_hotspots(directory: Traversable) -> tuple[HotspotRow, ...]:
    return tuple(
        rows(
            "hotspots.tsv",
            directory,
            lambda r: HotspotRow(
                r["transcript"],
                int(r["residue"]),
                tuple(a for a in r["other_substitutions"].split(";") if optional(a)),
                r["sources"],
                r["note"],
            ),
        )
    )


def read_products(directory: Traversable) -> tuple[ProductFamily, ...]:
    return tuple(
        rows(
            "products.tsv",
            directory,
            lambda r: ProductFamily(r["family"], r["expressed_from"], r["sources"]),
        )
    )


def read_imprinting_control(directory: Traversable) -> tuple[ImprintingControl, ...]:
    return tuple(
        rows(
            "imprinting_control.tsv",
            directory,
            lambda r: ImprintingControl(r["region"], r["condition"], r["evidence"], r["sources"]),
        )
    )
