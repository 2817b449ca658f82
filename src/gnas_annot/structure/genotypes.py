"""Genotypes of a few samples at every chromosome-20 site, fast.

The UPD scan reads a whole chromosome (about 150,000 sites in a trio
genome), so text VCFs are split by hand instead of parsed record by record
through htslib: only CHROM, POS, ALT, FILTER, FORMAT and the wanted sample
columns are looked at, and the GT strings are decoded once per distinct
string.  A tabix-indexed file is read from its chr20 block only; BCF goes
through htslib.  The header is opened and checked by :class:`VcfSource`
first (build, chr20 naming, samples), so a bad file fails the usual way.

Sites with a symbolic ALT, or (by default) a FILTER other than PASS/``.``,
are skipped: they are not genotyped SNVs/indels.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pysam

from gnas_annot.errors import MalformedRecordError, SampleNotFoundError
from gnas_annot.io.vcf import VcfSource
from gnas_annot.model.builds import CHR20_NAMES, GenomeBuild
from gnas_annot.model.locus import Interval

Genotype = tuple[int, ...] | None  # allele indices; None when any allele is missing


@dataclass(frozen=True, slots=True)
class Site:
    pos: int
    genotypes: tuple[Genotype, ...]  # in the order the samples were asked for


def _decode(text: bytes) -> Genotype:
    if not text or text == b".":
        return None
    alleles = text.replace(b"|", b"/").split(b"/")
    if b"." in alleles:
        return None
    return tuple(int(a) for a in alleles)


class GenotypeReader:
    """Open ``path`` and read the genotypes of ``samples`` on chromosome 20."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        samples: Sequence[str],
        build: GenomeBuild | str | None = None,
        *,
        pass_only: bool = True,
    ) -> None:
        self.path = str(path)
        self.pass_only = pass_only
        self.source = VcfSource(self.path, build)
        self.build = self.source.build
        missing = [s for s in samples if s not in self.source.samples]
        if missing:
            self.source.close()
            raise SampleNotFoundError(
                f"{self.path}: sample(s) {', '.join(missing)} not in the VCF "
                f"(it has {', '.join(self.source.samples) or 'no samples'})"
            )
        self.samples = tuple(samples)
        self._columns = [9 + self.source.samples.index(s) for s in samples]
        self._gt_cache: dict[bytes, Genotype] = {}

    def close(self) -> None:
        self.source.close()

    def __enter__(self) -> GenotypeReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sites(self, region: Interval | None = None) -> Iterator[Site]:
        """Sites in ``region`` (default: the whole chromosome), in file order."""
        if self.path == "-":
            raise MalformedRecordError("the genotype scan needs a file, not stdin")
        lo, hi = (region.start, region.end) if region else (1, self.build.chr20_length)
        if self._is_text():
            yield from self._text_sites(lo, hi)
        else:
            yield from self._htslib_sites(lo, hi)

    def _is_text(self) -> bool:
        with Path(self.path).open("rb") as probe:
            head = probe.read(3)
        if head[:2] == b"\x1f\x8b":
            with gzip.open(self.path, "rb") as handle:
                head = handle.read(3)
        return head != b"BCF"

    def _lines(self, lo: int, hi: int) -> Iterator[bytes]:
        tbi = Path(self.path + ".tbi")
        csi = Path(self.path + ".csi")
        if self.source.indexed and (tbi.exists() or csi.exists()):
            with pysam.TabixFile(self.path) as tabix:
                for name in self.source.chr20_names or tuple(CHR20_NAMES):
                    if name in tabix.contigs:
                        for line in tabix.fetch(name, lo - 1, hi):
                            yield line.encode()
            return
        with Path(self.path).open("rb") as probe:
            gz = probe.read(2) == b"\x1f\x8b"
        with gzip.open(self.path, "rb") if gz else Path(self.path).open("rb") as handle:
            yield from handle

    def _text_sites(self, lo: int, hi: int) -> Iterator[Site]:
        names = {n.encode() for n in CHR20_NAMES}
        gt_index: dict[bytes, int | None] = {}
        cache = self._gt_cache
        columns = self._columns
        need = max(columns) + 1
        for line in self._lines(lo, hi):
            if line[:1] == b"#":
                continue
            tab = line.find(b"\t")
            if line[:tab] not in names:
                continue
            fields = line.rstrip(b"\r\n").split(b"\t")
            if len(fields) < need:
                raise MalformedRecordError(
                    f"{self.path}: the record at {line[:40]!r} has {len(fields)} columns, "
                    f"fewer than the header's {need}"
                )
            try:
                pos = int(fields[1])
            except ValueError as exc:
                raise MalformedRecordError(
                    f"{self.path}: POS {fields[1]!r} is not a number"
                ) from exc
            if pos < lo or pos > hi or b"<" in fields[4] or fields[4] in (b".", b"*"):
                continue
            if self.pass_only and fields[6] not in (b"PASS", b"."):
                continue
            fmt = fields[8]
            where = gt_index.get(fmt, -1)
            if where == -1:
                keys = fmt.split(b":")
                where = gt_index[fmt] = keys.index(b"GT") if b"GT" in keys else None
            if where is None:
                continue
            genotypes = []
            for column in columns:
                value = fields[column].split(b":", where + 1)
                text = value[where] if len(value) > where else b"."
                gt = cache.get(text, ())
                if gt == ():
                    try:
                        gt = cache[text] = _decode(text)
                    except ValueError as exc:
                        raise MalformedRecordError(
                            f"{self.path}: chr20:{pos}: GT {text!r} cannot be read"
                        ) from exc
                genotypes.append(gt)
            yield Site(pos, tuple(genotypes))

    def _htslib_sites(self, lo: int, hi: int) -> Iterator[Site]:
        for record in self.source.fetch(Interval("chr20", lo, hi)):
            alts = record.alts or ()
            if not alts or any(a.startswith("<") or a == "*" for a in alts):
                continue
            if self.pass_only and set(record.filter.keys()) - {"PASS"}:
                continue
            if "GT" not in record.format:
                continue
            genotypes: list[Genotype] = []
            for sample in self.samples:
                gt = record.samples[sample]["GT"]
                genotypes.append(None if gt is None or None in gt else tuple(gt))
            yield Site(int(record.pos), tuple(genotypes))
