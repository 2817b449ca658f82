"""Custom annotation sources: ``--custom FILE,NAME,FIELDS[,exact|overlap]``,
``--clinvar FILE`` and ``--gnomad FILE``.

Each source is read once per run, only over the GNAS extraction region, with
the same :class:`~gnas_annot.extract.extractor.Extractor` that reads the input:
its records are split into one allele per ALT and left-aligned against the same
reference, so a ClinVar record written ``TGACT>T`` matches an input allele
written ``GCTGA>G``.  The build of each source is detected from its own header
(``##reference``, contig lengths, RefSeq names); a source on another build than
the input is refused, never lifted.

Matching, as in VEP's ``--custom``:

* ``exact`` (default): same normalized position, REF and ALT.  Symbolic SVs
  (``<DEL>``, ``<DUP>``, ``<CNV>``) match by **reciprocal overlap** of at least
  50 % and a compatible type (a ``<CNV>`` is compatible with both).
* ``overlap``: every source allele whose span overlaps the input allele's.

A field of a matched record appears as ``NAME_FIELD``; Number=A fields give the
value of the matching ALT.  Several matching records are joined with ``&``.

>>> CustomSpec.parse("clinvar.vcf.gz,ClinVar,CLNSIG,CLNREVSTAT").fields
('CLNSIG', 'CLNREVSTAT')
>>> CustomSpec.parse("gnomad.vcf.gz,gnomAD,AF%nhomalt,overlap").match.value
'overlap'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from gnas_annot.errors import BuildMismatchError, CustomAnnotationError
from gnas_annot.extract.extractor import Extractor
from gnas_annot.known.clinvar import Assertion, ClinVarIndex
from gnas_annot.known.evidence import Evidence, frequency_evidence
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.variant import Variant, VariantStatus
from gnas_annot.pack.store import Pack, load_pack
from gnas_annot.seq.reference import ReferenceGenome

#: fields of the presets, in output order (a field the file lacks is left out)
CLINVAR_FIELDS = ("CLNSIG", "CLNREVSTAT", "CLNDN", "ALLELEID")
GNOMAD_FIELDS = ("AF", "AF_grpmax", "AF_popmax", "nhomalt")
RECIPROCAL_OVERLAP = 0.5
SourceRole = Literal["clinvar", "gnomad"] | None
_MATCHABLE = frozenset({VariantStatus.OK, VariantStatus.REFERENCE_UNAVAILABLE})


class MatchMode(StrEnum):
    EXACT = "exact"
    OVERLAP = "overlap"


@dataclass(frozen=True, slots=True)
class CustomSpec:
    """One source: its file, the short name of its columns, the fields to copy."""

    path: str
    name: str
    fields: tuple[str, ...]
    match: MatchMode = MatchMode.EXACT
    required: bool = True  # False for presets: fields the file lacks are skipped
    role: SourceRole = None  # what evidence the source can give (presets set it)

    @classmethod
    def parse(cls, text: str) -> CustomSpec:
        """``FILE,NAME,FIELD[,FIELD...][,exact|overlap]`` (fields may also be joined by ``%``)."""
        parts = [p.strip() for p in text.split(",")]
        match = MatchMode.EXACT
        if parts and parts[-1].lower() in {m.value for m in MatchMode}:
            match = MatchMode(parts.pop().lower())
        if len(parts) < 3 or not all(parts):
            raise ValueError(
                f"--custom {text!r}: expected FILE,NAME,FIELD[,FIELD...][,exact|overlap]"
            )
        name = parts[1]
        if not name.replace("_", "").isalnum():
            raise ValueError(f"--custom {text!r}: NAME must be letters, digits and _ only")
        fields = tuple(f for chunk in parts[2:] for f in chunk.split("%") if f)
        return cls(parts[0], name, fields, match)

    @classmethod
    def clinvar(cls, path: str) -> CustomSpec:
        return cls(str(path), "ClinVar", CLINVAR_FIELDS, MatchMode.EXACT, False, "clinvar")

    @classmethod
    def gnomad(cls, path: str) -> CustomSpec:
        return cls(str(path), "gnomAD", GNOMAD_FIELDS, MatchMode.EXACT, False, "gnomad")


@dataclass(frozen=True, slots=True)
class _Entry:
    """One allele of a source record, normalized, with the requested values."""

    pos: int
    ref: str
    alt: str
    end: int
    sv_type: str | None
    values: tuple[tuple[str, str], ...]


class CustomSource:
    """The GNAS-region alleles of one source file, indexed for matching."""

    def __init__(
        self,
        spec: CustomSpec,
        build: GenomeBuild,
        reference: ReferenceGenome | None,
        region: str = "gnas+stx16",
    ) -> None:
        self.spec = spec
        if not Path(spec.path).exists():
            raise CustomAnnotationError(f"{spec.name}: {spec.path} not found")
        with Extractor(spec.path, reference=reference, region=region) as extractor:
            if extractor.build is not build:
                raise BuildMismatchError(
                    f"{spec.name} ({spec.path}) is {extractor.build} but the input is {build}: "
                    "give a file of the same build (never lifted over)"
                )
            if not extractor.source.indexed:
                raise CustomAnnotationError(
                    f"{spec.name}: {spec.path} has no index: bgzip it and run "
                    f"`tabix -p vcf {spec.path}` (a whole-genome file is read by region)"
                )
            header = extractor.source.header
            self.fields = self._fields(header)
            assertions: list[Assertion] = []
            self._exact: dict[tuple[int, str, str], list[_Entry]] = {}
            self._spans: list[_Entry] = []
            for item in extractor.records():
                for variant in item.variants:
                    if spec.role == "clinvar":  # by position: counted whatever the alleles
                        assertions.append(_assertion(variant, item.record, header))
                    entry = self._entry(variant, item.record, header)
                    if entry is None:
                        continue
                    self._spans.append(entry)
                    if entry.sv_type is None:
                        self._exact.setdefault((entry.pos, entry.ref, entry.alt), []).append(entry)
        self.clinvar = ClinVarIndex(spec.name, assertions) if spec.role == "clinvar" else None

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f"{self.spec.name}_{f}" for f in self.fields)

    def _fields(self, header: Any) -> tuple[str, ...]:
        known = set(header.info)
        missing = [f for f in self.spec.fields if f not in known]
        if missing and self.spec.required:
            raise CustomAnnotationError(
                f"{self.spec.name}: field(s) {', '.join(missing)} not in the INFO header of "
                f"{self.spec.path} (it has: {', '.join(sorted(known)) or 'none'})"
            )
        return tuple(f for f in self.spec.fields if f in known)

    def _entry(self, variant: Variant, record: Any, header: Any) -> _Entry | None:
        if variant.status not in _MATCHABLE and variant.sv_type is None:
            return None
        values = []
        for field in self.fields:
            value = _info_value(record, header, field, variant.allele_index)
            if value is not None and self.spec.role == "gnomad":
                _check_frequency(self.spec, record, field, value)
            if value is not None:
                values.append((f"{self.spec.name}_{field}", value))
        return _Entry(
            variant.pos, variant.ref, variant.alt, variant.end, variant.sv_type, tuple(values)
        )

    def matches(self, variant: Variant) -> list[_Entry]:
        if variant.sv_type is not None:
            return [e for e in self._spans if e.sv_type and _same_sv(variant, e)]
        if self.spec.match is MatchMode.OVERLAP:
            return [e for e in self._spans if e.pos <= variant.end and e.end >= variant.pos]
        if variant.status not in _MATCHABLE:
            return []
        return self._exact.get((variant.pos, variant.ref, variant.alt), [])

    def annotate(self, variant: Variant) -> tuple[tuple[str, str], ...]:
        """``(NAME_FIELD, value)`` pairs for the source records matching ``variant``."""
        found = self.matches(variant)
        if not found:
            return ()
        joined: dict[str, list[str]] = {}
        for entry in found:
            for key, value in entry.values:
                joined.setdefault(key, []).append(value)
        return tuple((key, "&".join(_unique(values))) for key, values in joined.items())


class KnownVariants:
    """Every custom source of a run, in the order given; the frequency thresholds are
    ``pack``'s (default: the current pack), read once for the run."""

    def __init__(
        self,
        specs: Sequence[CustomSpec],
        build: GenomeBuild,
        reference: ReferenceGenome | None,
        pack: Pack | None = None,
    ) -> None:
        self.frequency = (pack if pack is not None else load_pack()).frequency
        names = [s.name for s in specs]
        if len(set(names)) != len(names):
            raise CustomAnnotationError(f"two custom sources share a NAME: {', '.join(names)}")
        self.sources = tuple(CustomSource(s, build, reference) for s in specs)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c for s in self.sources for c in s.columns)

    @property
    def clinvar(self) -> ClinVarIndex | None:
        """The first ClinVar source (``--clinvar``), for the PVS1 branches that use it."""
        return next((s.clinvar for s in self.sources if s.clinvar is not None), None)

    def annotate(self, variant: Variant) -> tuple[tuple[str, str], ...]:
        return tuple(pair for s in self.sources for pair in s.annotate(variant))

    def evidence(self, variant: Variant, found: Mapping[str, str]) -> tuple[Evidence, ...]:
        """Frequency flags from the gnomAD sources; a symbolic SV gets none (gnomAD-SV
        frequencies are not allele frequencies of this allele)."""
        if variant.sv_type is not None:
            return ()
        return tuple(
            e
            for s in self.sources
            if s.spec.role == "gnomad"
            for e in frequency_evidence(found, s.spec.name, self.frequency)
        )


def _info_value(record: Any, header: Any, field: str, allele_index: int) -> str | None:
    if field not in record.info:
        return None
    value = record.info[field]
    number = header.info[field].number
    if isinstance(value, tuple):
        if number == "A" and 0 < allele_index <= len(value):
            value = value[allele_index - 1]
        elif number == "R" and allele_index < len(value):
            value = value[allele_index]
        else:
            return ",".join(_text(v) for v in value)
    if value is None:
        return None
    return _text(value)


def _check_frequency(spec: CustomSpec, record: Any, field: str, value: str) -> None:
    """A gnomAD frequency is a number from 0 to 1 and a count is not negative:
    anything else (nan, inf, -1, 1e308) would be read as BA1 or PM2 evidence, so
    the file is refused rather than trusted."""
    if field.startswith("AF"):
        low, high, what = 0.0, 1.0, "an allele frequency (0 to 1)"
    elif field.startswith(("nhomalt", "AC", "AN")):
        low, high, what = 0.0, math.inf, "a count (0 or more)"
    else:
        return
    for part in value.split(","):
        try:
            number = float(part)
        except ValueError:
            continue  # '.' inside a list: missing
        if not (low <= number <= high):  # also false for nan
            raise CustomAnnotationError(
                f"{spec.name}: {spec.path} at {record.chrom}:{record.pos} has "
                f"{field}={part}, not {what}: is it a gnomAD file?"
            )


def _assertion(variant: Variant, record: Any, header: Any) -> Assertion:
    def text(field: str) -> str:
        value = (
            _info_value(record, header, field, variant.allele_index)
            if field in header.info
            else None
        )
        return value or ""

    return Assertion(
        variant.pos,
        variant.end,
        variant.key,
        text("CLNSIG"),
        text("CLNREVSTAT"),
        text("MC"),
        text("ALLELEID") or None,
    )


def _text(value: object) -> str:
    if value is True:
        return "true"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _same_sv(variant: Variant, entry: _Entry) -> bool:
    a_type, b_type = (variant.sv_type or "").split(":")[0], (entry.sv_type or "").split(":")[0]
    if "CNV" not in (a_type, b_type) and a_type != b_type:
        return False
    overlap = min(variant.end, entry.end) - max(variant.pos, entry.pos) + 1
    if overlap <= 0:
        return False
    lengths = (variant.end - variant.pos + 1, entry.end - entry.pos + 1)
    return all(overlap / length >= RECIPROCAL_OVERLAP for length in lengths)


def _unique(values: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for v in values:
        if v not in seen:
            seen.add(v)
            yield v
