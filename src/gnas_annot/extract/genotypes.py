"""The sample calls of a record, decoded only for the samples that matter.

In a joint-called cohort almost every call is ``0/0`` and building one object per
sample per record was most of the run time.  :class:`RecordGenotypes` reads the
GT column of every sample in bulk, as text, with one regular-expression scan of
the record's sample columns in C (GT is the first FORMAT field by the VCF
specification): the scan returns only the calls that are not plain reference or
missing (``0/0``, ``0|0``, ``0``, ``./.``, ``.|.``, ``.``), so finding the
carriers of an allele costs the number of non-reference calls, not the number of
samples.  A full :class:`~gnas_annot.model.variant.Genotype` (GT, AD, DP, GQ, PS
through pysam, exactly as before) is built only for a sample asked for -- a
carrier, a carrier's parent, a sample of the pedigree -- and only once.

Without GT (somatic callers such as Strelka write none) a carrier is a sample
with reads for the allele in AD; every sample is then decoded (such files have a
handful of samples).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, overload

import pysam

from gnas_annot.model.variant import Genotype

# a sample column's GT (after the tab before it) that is not hom-ref or missing
_NOT_PLAIN = re.compile(r"\t(?!(?:0[/|]0|\.[/|]\.|0|\.)(?=[:\t]|$))([^\t:]*)")
_SPLIT = re.compile(r"[/|]")


class RecordGenotypes(Sequence[Genotype]):
    """The genotypes of one record, in header sample order, decoded on demand."""

    __slots__ = ("_calls", "_decoded", "_names", "_present", "_record")

    def __init__(self, record: pysam.VariantRecord, names: Sequence[str]) -> None:
        self._record = record
        self._names = names
        self._decoded: dict[int, Genotype] = {}
        self._present = frozenset(record.format.keys())
        #: sample index -> GT text, for the calls that are not plain reference/missing;
        #: None when GT cannot be read in bulk (no GT, or GT not the first field)
        self._calls: dict[int, tuple[str, ...]] | None = _non_reference(record, self._present)

    def __len__(self) -> int:
        return len(self._names)

    @overload
    def __getitem__(self, index: int) -> Genotype: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Genotype]: ...

    def __getitem__(self, index: int | slice) -> Genotype | Sequence[Genotype]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self._names)
        if not 0 <= index < len(self._names):
            raise IndexError(index)
        call = self._decoded.get(index)
        if call is None:
            call = self._decoded[index] = _decode(self._record, index, self._present)
        return call

    def __iter__(self) -> Iterator[Genotype]:
        return (self[i] for i in range(len(self._names)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))

    def carriers(self, allele_index: int) -> list[int]:
        """Indices (in sample order) of the samples that carry ``allele_index``: by GT,
        or without GT by reads for it in AD."""
        if self._calls is None or allele_index == 0:  # REF (a reference-call record)
            return [i for i, g in enumerate(self) if carries(g, allele_index)]
        wanted = str(allele_index)
        return [i for i, alleles in self._calls.items() if wanted in alleles]


def carriers(genotypes: Sequence[Genotype], allele_index: int) -> list[int]:
    """Indices of the samples of ``genotypes`` that carry ``allele_index``."""
    if isinstance(genotypes, RecordGenotypes):
        return genotypes.carriers(allele_index)
    return [i for i, g in enumerate(genotypes) if carries(g, allele_index)]


def carries(g: Genotype, allele_index: int) -> bool:
    """A carrier by GT; without GT, by reads supporting the allele in AD."""
    if g.alleles:
        return g.carries(allele_index)
    return (g.depth_of(allele_index) or 0) > 0


def _non_reference(
    record: pysam.VariantRecord, present: frozenset[str]
) -> dict[int, tuple[str, ...]] | None:
    if "GT" not in present or next(iter(record.format.keys())) != "GT":
        return None
    line = str(record)
    columns = _nth_tab(line, 9)
    if columns < 0:
        return {}
    text = line[columns:].rstrip("\n")
    found: dict[int, tuple[str, ...]] = {}
    sample, last = -1, 0
    for match in _NOT_PLAIN.finditer(text):
        start = match.start()
        sample += text.count("\t", last, start) + 1
        last = start + 1
        found[sample] = tuple(_SPLIT.split(match.group(1)))
    return found


def _nth_tab(line: str, n: int) -> int:
    """Position of the ``n``-th tab of ``line`` (1-based), or -1."""
    at = -1
    for _ in range(n):
        at = line.find("\t", at + 1)
        if at < 0:
            return -1
    return at


def _field(sample: Any, key: str, present: frozenset[str]) -> Any:
    return sample[key] if key in present else None


def _decode(record: pysam.VariantRecord, index: int, present: frozenset[str]) -> Genotype:
    sample = record.samples[index]
    gt = _field(sample, "GT", present)
    ad = _field(sample, "AD", present)
    return Genotype(
        sample=str(sample.name),
        alleles=tuple(gt) if gt is not None else (),
        phased=bool(sample.phased) if gt is not None else False,
        phase_set=_field(sample, "PS", present),
        allele_depths=tuple(ad) if isinstance(ad, tuple) else None,
        depth=_field(sample, "DP", present),
        quality=_field(sample, "GQ", present),
    )
