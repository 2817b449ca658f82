"""One :class:`Pack` object per data directory: every GNAS fact, read once.

Loading a pack first checks every file against ``manifest.json`` (a dozen small
files: well under a millisecond to hash), so a table edited or damaged after
release is refused with exit 8 by every command, not only by ``data verify``.
Then the tables are parsed and cross-checked, and the result is kept for the
process, keyed by the resolved data directory: pointing ``GNAS_ANNOT_DATA``
elsewhere gives that pack, never a stale one.  An annotation run calls it once,
when it starts, and hands that pack to every step (``pack=`` arguments), so a
run never mixes two packs.

>>> pack = load_pack()
>>> pack.locus("GRCh38").transcript("NM_000516.7").protein
'NP_000507.1'
>>> load_pack() is pack
True
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from gnas_annot.errors import DataPackIntegrityError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Locus, Transcript
from gnas_annot.pack.derived import (
    check_references,
    natural_skips,
    place_critical_regions,
    place_hotspots,
)
from gnas_annot.pack.facts import (
    Condition,
    CriticalRegion,
    FrequencyThresholds,
    Hotspot,
    ImprintingControl,
    KnownVariant,
    MosaicSettings,
    ProductFamily,
    read_conditions,
    read_critical_regions,
    read_frequency_thresholds,
    read_hotspots,
    read_imprinting_control,
    read_known_variants,
    read_mosaic_settings,
    read_products,
)
from gnas_annot.pack.files import DATA_ENV, data_dir, read_manifest, verify_checksums
from gnas_annot.pack.locus_tables import read_loci

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


@dataclass(frozen=True, slots=True, eq=False)
class Pack:
    """Everything the data pack states, loaded and checked together."""

    directory: str
    version: str
    checksums: MappingProxyType[str, str]
    loci: MappingProxyType[GenomeBuild, Locus]
    conditions: MappingProxyType[str, Condition]
    known_variants: tuple[KnownVariant, ...]
    critical_regions: tuple[CriticalRegion, ...]
    mosaicism: MosaicSettings  # shared by origin and interpretation
    frequency: FrequencyThresholds  # BA1 / PM2_Supporting settings of known.evidence
    hotspots: MappingProxyType[GenomeBuild, tuple[Hotspot, ...]]
    products: MappingProxyType[str, ProductFamily]
    imprinting_control: tuple[ImprintingControl, ...]
    #: the accession HGVS reports on first (MANE Select: NM_000516.7), the same on both
    #: builds; found once at load, since interpretation asks for it per allele
    reference_accession: str
    #: per build, the transcript models by ``accession.version`` (the first one, should
    #: the pack list an accession twice): every allele looks its transcripts up here
    by_accession: MappingProxyType[GenomeBuild, MappingProxyType[str, Transcript]]

    def locus(self, build: GenomeBuild | str) -> Locus:
        """The validated locus model of ``build`` (GRCh38/hg38 or GRCh37/hg19)."""
        if not isinstance(build, GenomeBuild):
            build = GenomeBuild.parse(build)
        return self.loci[build]

    def hotspots_on(self, build: GenomeBuild | str) -> tuple[Hotspot, ...]:
        """The activating codons placed on ``build``."""
        if not isinstance(build, GenomeBuild):
            build = GenomeBuild.parse(build)
        return self.hotspots[build]

    def hotspot(self, residue: int) -> Hotspot | None:
        """The activating codon at Gs-alpha ``residue`` (positions of GRCh38), if any."""
        return next((h for h in self.hotspots[GenomeBuild.GRCh38] if h.residue == residue), None)

    def critical_exon(self, accession: str, exon: int) -> CriticalRegion | None:
        """The critical region that is exon ``exon`` of ``accession`` (any version)."""
        bare = accession.split(".")[0]
        return next(
            (
                r
                for r in self.critical_regions
                if r.transcript.split(".")[0] == bare and r.exon == exon
            ),
            None,
        )

    def natural_skips(self, tx: Transcript, exon: int) -> tuple[Transcript, ...]:
        """The isoforms of the pack that skip coding exon ``exon`` of ``tx``."""
        return natural_skips(self.locus(tx.build), tx, exon)

    def condition(self, key: str) -> Condition:
        try:
            return self.conditions[key]
        except KeyError:
            raise DataPackIntegrityError(
                f"conditions.tsv has no row {key!r}; restore the pack (reinstall gnas-annot)"
            ) from None

    def known_variant(self, hgvs_c: str | None) -> KnownVariant | None:
        """The curated row of an NM_000516.7 c. description (with or without the
        accession), if there is one."""
        if not hgvs_c:
            return None
        c = hgvs_c.split(":", 1)[-1]
        return next((k for k in self.known_variants if k.hgvs_c == c), None)


#: packs by resolved data directory
_PACKS: Final[dict[str, Pack]] = {}
#: each value of GNAS_ANNOT_DATA (None: unset) -> its pack (finding the packaged
#: folder costs ~100 us; callers outside a run ask for the pack again and again)
_BY_ENV: Final[dict[str | None, Pack]] = {}


def load_pack(directory: Traversable | str | os.PathLike[str] | None = None) -> Pack:
    """The pack in ``directory`` (default: ``GNAS_ANNOT_DATA`` or the shipped pack),
    verified against its manifest on first use in this process.

    A pack that fails its checks is never kept: every later call checks again
    and raises again.  A pack edited in place is seen by a new process."""
    if directory is None:
        env = os.environ.get(DATA_ENV) or None
        pack = _BY_ENV.get(env)
        if pack is None:
            pack = _BY_ENV[env] = _in(data_dir())
        return pack
    return _in(Path(directory) if isinstance(directory, str | os.PathLike) else directory)


def _in(folder: Traversable) -> Pack:
    where = str(folder.resolve()) if isinstance(folder, Path) else str(folder)
    pack = _PACKS.get(where)
    if pack is None:
        pack = _PACKS[where] = _load(folder)
    return pack


def _load(folder: Traversable) -> Pack:
    checksums = verify_checksums(folder)
    manifest = read_manifest(folder)
    loci = read_loci(folder)
    conditions = {c.key: c for c in read_conditions(folder)}
    known = read_known_variants(folder)
    products = {p.family: p for p in read_products(folder)}
    control = read_imprinting_control(folder)
    check_references(loci, products.values(), control, conditions)
    return Pack(
        directory=str(folder),
        version=str(manifest.get("pack_version", "unknown")),
        checksums=MappingProxyType(checksums),
        loci=MappingProxyType(loci),
        conditions=MappingProxyType(conditions),
        known_variants=known,
        critical_regions=place_critical_regions(
            read_critical_regions(folder), loci[GenomeBuild.GRCh38], conditions
        ),
        mosaicism=read_mosaic_settings(folder),
        frequency=read_frequency_thresholds(folder),
        hotspots=MappingProxyType(place_hotspots(read_hotspots(folder), known, loci)),
        products=MappingProxyType(products),
        imprinting_control=control,
        reference_accession=loci[GenomeBuild.GRCh38].reference_transcript.accession,
        by_accession=MappingProxyType(
            {build: _by_accession(locus) for build, locus in loci.items()}
        ),
    )


def _by_accession(locus: Locus) -> MappingProxyType[str, Transcript]:
    table: dict[str, Transcript] = {}
    for tx in locus.transcripts:
        table.setdefault(tx.accession, tx)
    return MappingProxyType(table)
