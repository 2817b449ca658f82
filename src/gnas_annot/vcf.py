"""Reading VCF/BCF: open, identify the build and chr20 naming, and yield the
records that touch a region.

Indexed files (``.tbi``/``.csi``) are read by region fetch, so the cost grows
with the number of GNAS records, not with file size.  Anything else (plain
VCF, unindexed ``.vcf.gz``, stdin) is scanned once, record by record, keeping
nothing but the current record in memory.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import pysam

from gnas_annot.builds import (
    GenomeBuild,
    build_from_accession,
    build_from_length,
    build_from_reference_line,
    is_chr20,
    looks_like_chr20,
)
from gnas_annot.errors import (
    BuildMismatchError,
    BuildUndetectableError,
    CorruptInputError,
    InputNotFoundError,
    MalformedHeaderError,
    MalformedRecordError,
    TruncatedInputError,
    UnknownContigError,
)
from gnas_annot.locus import Interval
from gnas_annot.vcf_scan import TextVcf, spool_stdin, stdin_is_bcf

_SYMBOLIC = re.compile(r"^<([A-Za-z0-9_:.*-]+)>$")


@dataclass(frozen=True, slots=True)
class BuildEvidence:
    """One thing in the input that names a build, and where it was seen."""

    build: GenomeBuild
    where: str


def detect_build(header: pysam.VariantHeader) -> list[BuildEvidence]:
    """Every build signal in a VCF header (``##reference``, contig lengths,
    ``assembly=`` and RefSeq contig names), most specific first."""
    evidence: list[BuildEvidence] = []
    for record in header.records:
        if record.type == "GENERIC" and record.key == "reference":
            build = build_from_reference_line(record.value or "")
            if build:
                evidence.append(BuildEvidence(build, f"##reference={record.value}"))
    for key, contig in header.contigs.items():
        name = str(key)
        if not is_chr20(name):
            continue
        accession_build = build_from_accession(name)
        if accession_build:
            evidence.append(BuildEvidence(accession_build, f"contig name {name}"))
        length_build = build_from_length(contig.length)
        if length_build:
            evidence.append(
                BuildEvidence(length_build, f"##contig {name} length={contig.length:,}")
            )
        assembly = contig.header_record.get("assembly") if contig.header_record else None
        if assembly:
            assembly_build = build_from_reference_line(assembly)
            if assembly_build:
                evidence.append(BuildEvidence(assembly_build, f"##contig assembly={assembly}"))
    return evidence


def resolve_build(
    evidence: list[BuildEvidence],
    requested: GenomeBuild | None,
    source: str,
    fallback: BuildEvidence | None = None,
) -> GenomeBuild:
    """One build from the header evidence and the user's ``--build``; any
    contradiction is an error, never a vote."""
    found = {e.build for e in evidence}
    if len(found) > 1:
        raise BuildMismatchError(
            f"{source}: the header contradicts itself about the genome build ("
            + "; ".join(f"{e.where} -> {e.build}" for e in evidence)
            + ")"
        )
    if requested is not None:
        if found and requested not in found:
            e = evidence[0]
            raise BuildMismatchError(
                f"{source}: --build {requested} given, but the file is {e.build} ({e.where})"
            )
        return requested
    if found:
        return found.pop()
    if fallback is not None:
        return fallback.build
    raise BuildUndetectableError(
        f"{source}: no ##reference or chr20 ##contig length in the header names the "
        "genome build; pass --build GRCh38 or --build GRCh37 (or --reference FASTA)"
    )


def _open_variant_file(path: str, display: str | None = None) -> pysam.VariantFile:
    # htslib complains on stderr about every missing index; we decide about
    # indexes ourselves, so keep it quiet while opening.
    previous = pysam.set_verbosity(0)
    try:
        return pysam.VariantFile(path, "r")
    except FileNotFoundError as exc:
        raise InputNotFoundError(f"input not found: {path}") from exc
    except NotImplementedError as exc:
        raise CorruptInputError(
            f"{path}: compressed with plain gzip, not bgzip; recompress it "
            f"(`zcat {path} | bgzip > new.vcf.gz`) or stream it (`zcat {path} | gnas-annot ... -`)"
        ) from exc
    except (OSError, ValueError) as exc:
        text = str(exc)
        if "truncated" in text.lower():
            raise TruncatedInputError(
                f"{path}: file is truncated (no BGZF end-of-file marker): {text}"
            ) from exc
        raise MalformedHeaderError(f"{display or path}: {_diagnose_header(path) or text}") from exc
    finally:
        pysam.set_verbosity(previous)


def _diagnose_header(path: str) -> str | None:
    """Say what is wrong with a text VCF header htslib refused (None if unsure)."""
    if path == "-":
        return None
    try:
        with pysam.BGZFile(path, "rb", index=None) as handle:  # reads plain text as well
            head = handle.read(1 << 20).decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return None
    lines = head.splitlines()
    if not lines or not lines[0].startswith("##fileformat=VCF"):
        return "not a VCF/BCF file (the first line is not ##fileformat=VCF...)"
    chrom = [line for line in lines if line.startswith("#CHROM")]
    if not chrom:
        return "the header has no #CHROM line"
    samples = chrom[0].rstrip("\n").split("\t")[9:]
    duplicated = sorted({s for s in samples if samples.count(s) > 1})
    if duplicated:
        return f"duplicate sample names in the #CHROM line: {', '.join(duplicated)}"
    return None


class VcfSource:
    """An opened VCF/BCF with its build and chromosome-20 contig resolved.

    >>> from gnas_annot.locus import load_locus
    >>> from gnas_annot.pack import data_dir
    >>> with VcfSource(str(data_dir().joinpath("examples", "tumour.GRCh37.vcf"))) as vcf:
    ...     region = load_locus(vcf.build).extraction_region()
    ...     print(vcf.build, vcf.chr20_names, [r.pos for r in vcf.fetch(region)])
    GRCh37 ('20',) [57484420, 57484421]

    How records are found: by index (``.tbi``/``.csi``) when there is one;
    by a raw-line prefilter for unindexed text VCF (plain, bgzip, gzip,
    stdin), see :mod:`gnas_annot.vcf_scan`; by htslib iteration for
    unindexed BCF.  A streaming source can be scanned once.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        build: GenomeBuild | str | None = None,
        reference_build: GenomeBuild | None = None,
    ) -> None:
        self.path = str(path)
        self._tmp = tempfile.TemporaryDirectory(prefix="gnas_annot_")
        self._text: TextVcf | None = None
        self._file = self._open()
        header = self._file.header
        self.samples: tuple[str, ...] = tuple(header.samples)
        requested = GenomeBuild.parse(build) if isinstance(build, str) else build
        self.build_evidence = detect_build(header)
        fallback = None
        if reference_build is not None:
            fallback = BuildEvidence(reference_build, "the reference FASTA's chr20 length")
            self.build_evidence.append(fallback)
        # naming first: an unrecognised chr20 name explains a missing build signal
        self.chr20_names = self._resolve_contigs()
        self.build = resolve_build(self.build_evidence, requested, self.path, fallback)
        self.indexed = self._text is None and self.path != "-" and self._has_index()
        if not self.indexed and self._text is None and self._file.format == "VCF":
            self._text = TextVcf(self.path)

    def _open(self) -> pysam.VariantFile:
        folder = Path(self._tmp.name)
        if self.path == "-":
            if stdin_is_bcf():
                return _open_variant_file(str(spool_stdin(folder)), display="stdin")
            return self._header_only(TextVcf("-"), folder)
        if not Path(self.path).exists():
            raise InputNotFoundError(f"input not found: {self.path}")
        try:
            vcf = _open_variant_file(self.path)
        except CorruptInputError:
            # plain gzip (not bgzip): htslib cannot open it randomly, but it
            # can be streamed
            return self._header_only(TextVcf(self.path), folder)
        if vcf.format not in ("VCF", "BCF"):
            raise CorruptInputError(f"{self.path}: not VCF or BCF (found {vcf.format})")
        return vcf

    def _header_only(self, text: TextVcf, folder: Path) -> pysam.VariantFile:
        self._text = text
        header = folder / "header.vcf"
        header.write_text(text.header_text, encoding="utf-8")
        return _open_variant_file(str(header), display=self.path)

    @property
    def header(self) -> pysam.VariantHeader:
        return self._file.header

    def _has_index(self) -> bool:
        try:
            return self._file.index is not None
        except (AttributeError, ValueError):
            return False

    def _resolve_contigs(self) -> tuple[str, ...]:
        declared = [str(n) for n in self.header.contigs]
        names = tuple(n for n in declared if is_chr20(n))
        if not names:
            odd = [n for n in declared if looks_like_chr20(n)]
            if odd:
                raise UnknownContigError(
                    f"{self.path}: contig {odd[0]!r} looks like chromosome 20 but is not a "
                    "supported name (chr20, 20, NC_000020.11, NC_000020.10); rename it "
                    "with `bcftools annotate --rename-chrs`"
                )
        return names

    def fetch(self, region: Interval) -> Iterator[pysam.VariantRecord]:
        """Records overlapping ``region`` (1-based, inclusive)."""
        if self.indexed:
            yield from self._fetch_indexed(region)
        elif self._text is not None:
            yield from self._prefiltered(region)
        else:
            yield from self._scan(region)

    def _fetch_indexed(self, region: Interval) -> Iterator[pysam.VariantRecord]:
        names = self.chr20_names or tuple(n for n in self._index_contigs() if is_chr20(n))
        for name in names:
            if "SVLEN" in self.header.info:
                yield from self._symbolic_reaching_in(name, region)
            try:
                iterator = self._file.fetch(name, region.start - 1, region.end)
            except ValueError:
                continue  # contig declared in the header but absent from the index
            for record in self._guarded(iterator):
                if record_overlaps(record, region):
                    yield record

    def _symbolic_reaching_in(self, name: str, region: Interval) -> Iterator[pysam.VariantRecord]:
        """Symbolic records upstream whose SVLEN (without END) reaches the region.

        htslib indexes such records by their one-base REF, so a region fetch
        misses them; only files that declare SVLEN pay for this extra scan.
        """
        try:
            iterator = self._file.fetch(name, 0, max(region.start - 1, 1))
        except ValueError:
            return
        for record in self._guarded(iterator):
            if record.stop < region.start and record_overlaps(record, region):
                yield record

    def _index_contigs(self) -> tuple[str, ...]:
        try:
            return tuple(str(k) for k in self._file.index)
        except (AttributeError, ValueError):
            return ()

    def _prefiltered(self, region: Interval) -> Iterator[pysam.VariantRecord]:
        assert self._text is not None
        selected = Path(self._tmp.name) / "selected.vcf"
        with selected.open("wb") as out:
            out.write(self._text.header_text.encode("utf-8"))
            self._text.select(region, self.chr20_names, out)
        self._text.close()
        with _open_variant_file(str(selected), display=self.path) as vcf:
            for record in self._guarded(iter(vcf), vcf):
                if record_overlaps(record, region):
                    yield record

    def _scan(self, region: Interval) -> Iterator[pysam.VariantRecord]:
        checked: dict[str, bool] = {}
        for record in self._guarded(iter(self._file)):
            name = record.contig
            wanted = checked.get(name)
            if wanted is None:
                if looks_like_chr20(name):
                    raise UnknownContigError(
                        f"{self.path}: record at {name}:{record.pos} uses an unsupported name "
                        "for chromosome 20 (use chr20, 20, NC_000020.11 or NC_000020.10)"
                    )
                wanted = checked[name] = is_chr20(name)
            if wanted and record_overlaps(record, region):
                yield record

    def _guarded(
        self, records: Iterator[Any], vcf: pysam.VariantFile | None = None
    ) -> Iterator[pysam.VariantRecord]:
        """Turn htslib's read errors into our exceptions, naming the last good record."""
        compressed = (vcf or self._file).compression != "NONE"
        last = None
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (OSError, ValueError) as exc:
                text = str(exc)
                where = f"{last.contig}:{last.pos}" if last is not None else "the header"
                # htslib reports parse errors of plain-text VCF as "truncated file" too
                if compressed and ("truncat" in text.lower() or "EOF" in text):
                    raise TruncatedInputError(
                        f"{self.path}: file is truncated after {where} ({text})"
                    ) from exc
                raise MalformedRecordError(
                    f"{self.path}: cannot parse the record after {where} ({text})"
                ) from exc
            last = record
            yield record

    def close(self) -> None:
        self._file.close()
        if self._text is not None:
            self._text.close()
        self._tmp.cleanup()

    def __enter__(self) -> VcfSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def record_end(record: pysam.VariantRecord) -> int:
    """Last reference base covered, using END or SVLEN for symbolic alleles."""
    end = int(record.pos) + len(record.ref or "N") - 1
    alts = record.alts or ()
    if any(a.startswith("<") for a in alts):
        info = record.info
        if "END" in info or record.stop != end:
            end = max(end, int(record.stop))
        if "SVLEN" in record.header.info and "SVLEN" in info:
            svlen = info["SVLEN"]
            values = svlen if isinstance(svlen, tuple) else (svlen,)
            for value in values:
                if value is not None:
                    end = max(end, int(record.pos) + abs(int(value)))
    return end


def record_overlaps(record: pysam.VariantRecord, region: Interval) -> bool:
    return region.overlaps(int(record.pos), record_end(record))


def symbolic_type(allele: str) -> str | None:
    """``DEL`` for ``<DEL>``, ``DUP:TANDEM`` for ``<DUP:TANDEM>``; None for sequence alleles."""
    match = _SYMBOLIC.match(allele)
    return match.group(1) if match else None
