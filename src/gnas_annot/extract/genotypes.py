"""The sample calls of a record, decoded only for the samples that matter.

In a joint-called cohort almost every call is ``0/0`` and building one object per
sample per record was most of the run time.  :class:`RecordGenotypes` reads the
GT column of every sample in bulk, from the record's text (GT is the first FORMAT
field by the VCF specification): with NumPy over the bytes for a cohort, with one
regular-expression scan for a few samples.  The scan keeps only the calls that are
not plain reference or missing (``0/0``, ``0|0``, ``0``, ``./.``, ``.|.``, ``.``),
so finding the carriers of an allele costs the number of non-reference calls, not
the number of samples.

A full :class:`~gnas_annot.model.variant.Genotype` (GT, AD, DP, GQ, PS through
pysam) is built only for a sample asked for -- a carrier, a carrier's parent, a
sample of the pedigree -- and pysam decodes each distinct sample column of a record
once: the columns are htslib's own formatting of the values, so two samples with
the same text have the same values (in a cohort most carriers share a handful of
columns).  :meth:`RecordGenotypes.column` gives that text to callers that cache
per-call work the same way.

Without GT (somatic callers such as Strelka write none) a carrier is a sample
with reads for the allele in AD; every sample is then decoded (such files have a
handful of samples).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from typing import Any, overload

import pysam

from gnas_annot.model.variant import Genotype

# a sample column's GT (after the tab before it) that is not hom-ref or missing
_NOT_PLAIN = re.compile(r"\t(?!(?:0[/|]0|\.[/|]\.|0|\.)(?=[:\t]|$))([^\t:]*)")
_SPLIT = re.compile(r"[/|]")
_NO_FIELDS: frozenset[str] = frozenset()
#: from this many samples the GT columns are scanned with NumPy (imported then only)
BULK_SAMPLES = 64


class RecordGenotypes(Sequence[Genotype]):
    """The genotypes of one record, in header sample order, decoded on demand.

    ``line`` is the record's text (``str(record)``) when the caller has it already.
    """

    __slots__ = (
        "_columns",
        "_decoded",
        "_names",
        "_present",
        "_record",
        "_scan",
        "_seen",
        "_text",
    )

    def __init__(
        self, record: pysam.VariantRecord, names: Sequence[str], line: str | None = None
    ) -> None:
        self._record = record
        self._names = names
        self._decoded: dict[int, Genotype] = {}
        self._seen: dict[str, Genotype] = {}  # sample column text -> its decoded call
        # a sites-only record has no FORMAT to look at (and no sample to decode)
        self._present = frozenset(record.format.keys()) if names else _NO_FIELDS
        #: the sample columns (from the tab before the first), when GT leads FORMAT
        self._text: str | None = None
        self._columns: list[str] | None = None
        #: the calls that are not plain reference/missing, column by column; None when
        #: GT cannot be read in bulk
        self._scan: _Scan | None = None
        if names and "GT" in self._present and next(iter(record.format.keys())) == "GT":
            text = _sample_text(str(record) if line is None else line)
            self._text = text
            self._scan = _non_reference(text, len(names))

    @property
    def names(self) -> Sequence[str]:
        """The sample names, in header order."""
        return self._names

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
            call = self._decoded[index] = self._decode(index)
        return call

    def _decode(self, index: int) -> Genotype:
        text = self.column(index)
        if text is None:
            return _decode(self._record, index, self._present)
        same = self._seen.get(text)
        if same is None:
            same = self._seen[text] = _decode(self._record, index, self._present)
            return same
        return Genotype(
            self._names[index],
            same.alleles,
            same.phased,
            same.phase_set,
            same.allele_depths,
            same.depth,
            same.quality,
        )

    def column(self, index: int) -> str | None:
        """Sample ``index``'s column as htslib formats it (None when the record's
        text is not read: no GT first in FORMAT): equal columns, equal calls."""
        scan = self._scan
        if scan is None:
            return None
        at = bisect_left(scan.indices, index)
        if at < len(scan.indices) and scan.indices[at] == index:
            return scan.texts[at]
        if self._columns is None:
            assert self._text is not None
            self._columns = self._text[1:].split("\t")
        return self._columns[index] if index < len(self._columns) else None

    def all_columns(self) -> list[str] | None:
        """Every sample column as text (None when the record's text is not read)."""
        if self._scan is None:
            return None
        if self._columns is None:
            assert self._text is not None
            self._columns = self._text[1:].split("\t")
        return self._columns

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
        found = self.carrier_table(allele_index)
        if found is None:  # REF (a reference-call record), or no GT read in bulk
            return [i for i, g in enumerate(self) if carries(g, allele_index)]
        return found[0]

    def carrier_table(self, allele_index: int) -> tuple[list[int], list[str]] | None:
        """The carriers of ``allele_index`` by GT as two columns: their indices (in sample
        order) and their sample columns' text; None when GT is not read in bulk."""
        scan = self._scan
        if scan is None or allele_index == 0:
            return None
        wanted = str(allele_index)
        gts = scan.gts
        # decided once per distinct call, not per sample (a cohort has a handful)
        carrying = {text for text, alleles in gts.items() if wanted in alleles}
        if len(carrying) == len(gts):
            return list(scan.indices), list(scan.texts)
        if not carrying:
            return [], []
        chosen = [k for k, text in enumerate(scan.texts) if text in carrying]
        return [scan.indices[k] for k in chosen], [scan.texts[k] for k in chosen]

    @property
    def sample_text(self) -> str | None:
        """The record's sample columns as text, from the tab before the first one
        (None when GT is not read in bulk)."""
        return self._text if self._scan is not None else None

    def column_ends(self, indices: Sequence[int]) -> list[int] | None:
        """Where the columns ``indices`` end in :attr:`sample_text` (the offset of the tab
        after each, or the text's length), from the scan that found the carriers; None
        when that scan did not record them (a few samples, or text that is not ASCII)."""
        scan = self._scan
        if scan is None or scan.starts is None:
            return None
        ends = scan.ends
        if ends is not None and len(indices) == len(ends) and list(indices) == scan.indices:
            return ends  # every call the scan found (one ALT, all of them carriers)
        import numpy as np

        wanted = np.fromiter(indices, dtype=np.intp, count=len(indices))
        return list(scan.starts[wanted + 1].tolist())


class _Scan:
    """The calls of a record that are not plain reference or missing, column by column."""

    __slots__ = ("ends", "gts", "indices", "starts", "texts")

    def __init__(
        self,
        indices: list[int],
        texts: list[str],
        gts: dict[str, tuple[str, ...]],
        starts: Any = None,
        ends: list[int] | None = None,
    ) -> None:
        self.indices = indices  # sample indices, increasing
        self.texts = texts  # their sample columns
        self.gts = gts  # distinct column -> its GT alleles as text
        #: NumPy array: the offset of the tab before each column, then the text's length
        self.starts = starts
        self.ends = ends  # where the columns of ``indices`` end (starts[index + 1])


def carrier_table(
    genotypes: Sequence[Genotype], allele_index: int
) -> tuple[list[int], list[str] | None]:
    """:func:`carriers` and their sample columns' text when it is known (else None)."""
    if isinstance(genotypes, RecordGenotypes):
        found = genotypes.carrier_table(allele_index)
        if found is not None:
            return found
    return carriers(genotypes, allele_index), None


def carrier_columns(
    genotypes: Sequence[Genotype], allele_index: int
) -> list[tuple[int, str | None]]:
    """:func:`carriers`, each with its sample column's text when it is known (else None)."""
    indices, texts = carrier_table(genotypes, allele_index)
    if texts is None:
        return [(i, None) for i in indices]
    return list(zip(indices, texts, strict=True))


def carriers(genotypes: Sequence[Genotype], allele_index: int) -> list[int]:
    """Indices of the samples of ``genotypes`` that carry ``allele_index``."""
    if isinstance(genotypes, RecordGenotypes):
        return genotypes.carriers(allele_index)
    return [i for i, g in enumerate(genotypes) if carries(g, allele_index)]


def sample_names(genotypes: Sequence[Genotype]) -> Sequence[str] | None:
    """The sample names of ``genotypes`` without decoding a call (None if that needs one)."""
    return genotypes.names if isinstance(genotypes, RecordGenotypes) else None


def columns(genotypes: Sequence[Genotype]) -> RecordGenotypes | None:
    """``genotypes`` when it can give sample columns as text (for per-text caches)."""
    return genotypes if isinstance(genotypes, RecordGenotypes) else None


def carries(g: Genotype, allele_index: int) -> bool:
    """A carrier by GT; without GT, by reads supporting the allele in AD."""
    if g.alleles:
        return g.carries(allele_index)
    return (g.depth_of(allele_index) or 0) > 0


def _sample_text(line: str) -> str:
    """The sample columns of a record's text, from the tab before the first one."""
    at = -1
    for _ in range(9):
        at = line.find("\t", at + 1)
        if at < 0:
            return ""
    return line[at:].rstrip("\n")


def _non_reference(text: str, n_samples: int) -> _Scan:
    if not text:
        return _Scan([], [], {})
    if n_samples >= BULK_SAMPLES and text.isascii():
        return _non_reference_bulk(text)
    indices: list[int] = []
    texts: list[str] = []
    gts: dict[str, tuple[str, ...]] = {}
    sample, last = -1, 0
    for match in _NOT_PLAIN.finditer(text):
        start = match.start()
        sample += text.count("\t", last, start) + 1
        last = start + 1
        end = text.find("\t", start + 1)
        column = text[start + 1 : end if end >= 0 else len(text)]
        indices.append(sample)
        texts.append(column)
        if column not in gts:
            gts[column] = tuple(_SPLIT.split(match.group(1)))
    return _Scan(indices, texts, gts)


def _non_reference_bulk(text: str) -> _Scan:
    """:func:`_non_reference` over the bytes with NumPy: the same calls, no Python per sample."""
    import numpy as np

    raw = text.encode("ascii")
    padded = np.frombuffer(raw + b"\t", dtype=np.uint8)
    starts = np.flatnonzero(padded == _TAB)  # the tab before each column, then one past the end
    # the first four bytes of each column as one number, with ':' read as a tab (GT ends
    # at either) and '|' as '/' (phased or not, 0|0 is as plain as 0/0); the padding
    # tabs end the last column
    folded = raw.translate(_FOLD) + b"\t\t\t\t"
    words = np.ndarray((len(folded) - 3,), dtype="<u4", buffer=folded, strides=(1,))
    word = words[starts[:-1] + 1]
    two = word & 0xFFFF
    plain = (two == _PLAIN[0]) | (two == _PLAIN[1]) | (word == _PLAIN[2]) | (word == _PLAIN[3])
    wanted = np.flatnonzero(~plain)
    # one comprehension, not a loop of statements: this runs once per carrier
    highs = starts[wanted + 1].tolist()
    lows = (starts[wanted] + 1).tolist()
    texts = [text[a:b] for a, b in zip(lows, highs, strict=True)]
    # GT split once per distinct column (a cohort's carriers share a handful)
    gts = {c: tuple(_SPLIT.split(c.partition(":")[0])) for c in set(texts)}
    return _Scan(wanted.tolist(), texts, gts, starts, highs)


_TAB = 9
_FOLD = bytes.maketrans(b":|", b"\t/")
#: plain reference or missing GT, little-endian, after folding: '0', '.', '0/0', './.'
_PLAIN = tuple(int.from_bytes(gt, "little") for gt in (b"0\t", b".\t", b"0/0\t", b"./.\t"))


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
        # AD is Number=R: one depth per allele. Of another length (a malformed or
        # hand-made record; htslib passes it on) no value can be tied to an allele,
        # so it is missing, not read as REF, ALT and extras (a false VAF)
        allele_depths=tuple(ad)
        if isinstance(ad, tuple) and len(ad) == len(record.alleles or ())
        else None,
        depth=_field(sample, "DP", present),
        quality=_field(sample, "GQ", present),
    )
