"""Reading VCF/BCF: open, identify the build and chr20 naming, and yield the
records that touch a region.

Indexed files (``.tbi``/``.csi``) are read by region fetch, so the cost grows
with the number of GNAS records, not with file size.  Anything else (plain
VCF, unindexed ``.vcf.gz``, stdin) is scanned once, record by record, keeping
nothing but the current record in memory.
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import pysam

from gnas_annot.errors import (
    CorruptInputError,
    InputError,
    InputNotFoundError,
    MalformedHeaderError,
    MalformedRecordError,
    TruncatedInputError,
    UnknownContigError,
)
from gnas_annot.io.header import (
    BuildEvidence,
    declare_reserved,
    detect_build,
    diagnose_header,
    resolve_build,
    unparsable_header_line,
)
from gnas_annot.io.scan import TextVcf, corrupt_reason, spool_stdin, stdin_is_bcf
from gnas_annot.model.builds import (
    GenomeBuild,
    is_chr20,
    looks_like_chr20,
)
from gnas_annot.model.locus import Interval

_SYMBOLIC = re.compile(r"^<([A-Za-z0-9_:.*-]+)>$")


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
        corrupt = _corrupt(path)
        if corrupt:
            raise CorruptInputError(f"{display or path}: {corrupt}") from exc
        raise MalformedHeaderError(f"{display or path}: {diagnose_header(path) or text}") from exc
    finally:
        pysam.set_verbosity(previous)


def _corrupt(path: str) -> str | None:
    """'the file is empty' or 'binary data ...' for input htslib refused."""
    if path == "-":
        return None
    try:
        with pysam.BGZFile(path, "rb", index=None) as handle:  # reads plain text as well
            return corrupt_reason(handle.read(1 << 16))
    except (OSError, ValueError, EOFError):
        return None


class VcfSource:
    """An opened VCF/BCF with its build and chromosome-20 contig resolved.

    >>> from gnas_annot.pack.locus import load_locus
    >>> from gnas_annot.pack import data_dir
    >>> with VcfSource(str(data_dir().joinpath("examples", "tumour.GRCh37.vcf"))) as vcf:
    ...     region = load_locus(vcf.build).extraction_region()
    ...     print(vcf.build, vcf.chr20_names, [r.pos for r in vcf.fetch(region)])
    GRCh37 ('20',) [57484420, 57484421]

    How records are found: by index (``.tbi``/``.csi``) when there is one;
    by a raw-line prefilter for unindexed text VCF (plain, bgzip, gzip,
    stdin), see :mod:`gnas_annot.io.scan`; by htslib iteration for
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
        try:  # pysam decodes header text as UTF-8 when it is read
            self.samples: tuple[str, ...] = tuple(header.samples)
            self.build_evidence = detect_build(header)
        except UnicodeDecodeError as exc:
            self.close()
            raise MalformedHeaderError(
                f"{self.path}: the header has bytes that are not UTF-8 text "
                f"({exc.object[exc.start : exc.start + 1]!r}); recode the file, "
                "e.g. `iconv -f latin1 -t utf-8`"
            ) from exc
        requested = GenomeBuild.parse(build) if isinstance(build, str) else build
        fallback = None
        if reference_build is not None:
            fallback = BuildEvidence(reference_build, "the reference FASTA's chr20 length")
        # naming first: an unrecognised chr20 name explains a missing build signal
        self.chr20_names = self._resolve_contigs()
        # the reference is not header evidence: if it disagrees, the caller says so
        self.build = resolve_build(self.build_evidence, requested, self.path, fallback)
        if fallback is not None:
            self.build_evidence.append(fallback)
        self.indexed = self._text is None and self.path != "-" and self._has_index()
        if not self.indexed and self._text is None and self._file.format == "VCF":
            self._text = TextVcf(self.path)
        self._check_header_lines()
        self._declare_reserved()

    def _open(self) -> pysam.VariantFile:
        folder = Path(self._tmp.name)
        if self.path == "-":
            if stdin_is_bcf():
                return _open_variant_file(str(spool_stdin(folder)), display="stdin")
            return self._header_only(TextVcf("-"), folder)
        if not Path(self.path).exists():
            raise InputNotFoundError(f"input not found: {self.path}")
        if Path(self.path).is_dir():  # htslib crashes on a directory
            raise InputError(f"{self.path} is a directory, not a VCF/BCF file")
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

    def _check_header_lines(self) -> None:
        text = self._raw_header()
        if text is None:
            return
        bad = unparsable_header_line(self.header, text)
        if bad is not None:
            self.close()
            number, shown = bad
            raise MalformedHeaderError(
                f"{self.path}: header line {number} cannot be parsed: {shown!r}"
            )

    def _declare_reserved(self) -> None:
        missing = declare_reserved(self.header)
        if missing and self._text is not None:
            head, chrom, tail = self._text.header_text.rpartition("#CHROM")
            self._text.header_text = head + "".join(f"{m}\n" for m in missing) + chrom + tail

    def _raw_header(self) -> str | None:
        if self._text is not None:
            return self._text.header_text
        if self.path == "-" or self._file.format != "VCF":
            return None  # BCF: htslib wrote the header it reads
        lines: list[str] = []
        with pysam.BGZFile(self.path, "rb", index=None) as handle:
            for raw in handle:
                line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                lines.append(line)
                if not line.startswith("##"):
                    break
        return "\n".join(lines)

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
        if self._text is not None and not self.indexed:
            yield from self._prefiltered(region)  # checked line by line in vcf_scan
            return
        for record in self._fetch_indexed(region) if self.indexed else self._scan(region):
            _check_decodable(record, self.path)
            yield record

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
            for record in self._guarded(iter(vcf), vcf, selected):
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
        self,
        records: Iterator[Any],
        vcf: pysam.VariantFile | None = None,
        selected: Path | None = None,
    ) -> Iterator[pysam.VariantRecord]:
        """Turn htslib's read errors into our exceptions, naming the last good record.

        ``selected`` is the prefiltered chr20 text (few lines): its records are
        parsed with htslib quiet, and a bad one is quoted in the message.
        """
        compressed = (vcf or self._file).compression != "NONE"
        n_samples = len(self.samples)
        last = None
        count = 0
        while True:
            previous = pysam.set_verbosity(0) if selected is not None else None
            try:
                record = next(records)
            except StopIteration:
                return
            except (OSError, ValueError) as exc:
                text = str(exc)
                where = f"{last.contig}:{last.pos}" if last is not None else "the header"
                # htslib reports parse errors of plain-text VCF as "truncated file" too
                if compressed and selected is None and ("truncat" in text.lower() or "EOF" in text):
                    raise TruncatedInputError(
                        f"{self.path}: file is truncated after {where} ({text})"
                    ) from exc
                if selected is not None:
                    line = _data_line(selected, count)
                    raise MalformedRecordError(
                        f"{self.path}: cannot parse the chromosome 20 record after {where}: "
                        f"{line!r} (check its column count, GT, INFO and FORMAT values)"
                    ) from exc
                raise MalformedRecordError(
                    f"{self.path}: cannot parse the record after {where} ({text})"
                ) from exc
            finally:
                if previous is not None:
                    pysam.set_verbosity(previous)
            # htslib rejects a line with some sample columns missing but reads one
            # with none (a plain-text file cut inside INFO) as a sites-only record;
            # bcftools refuses to write it, and so must we refuse to read it.
            if len(record.samples) != n_samples:
                raise MalformedRecordError(
                    f"{self.path}: the record at {record.contig}:{record.pos} has "
                    f"{len(record.samples)} sample columns but the header declares "
                    f"{n_samples} (is the file cut short?)"
                )
            last = record
            count += 1
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


def _data_line(path: Path, index: int) -> str:
    """The ``index``-th (0-based) data line of a text VCF, shortened for a message."""
    with path.open("rb") as handle:
        lines = (raw for raw in handle if not raw.startswith(b"#"))
        raw = next(itertools.islice(lines, index, None), b"")
    text = raw.rstrip(b"\r\n").decode("utf-8", errors="replace")
    return text if len(text) <= 80 else text[:77] + "..."


def _check_decodable(record: pysam.VariantRecord, source: str) -> None:
    """pysam decodes text fields as UTF-8 when they are read: fail here, with a
    message, rather than in the middle of normalization or writing."""
    try:
        str(record)
    except UnicodeDecodeError as exc:
        raise MalformedRecordError(
            f"{source}: the record at {record.contig}:{record.pos} has bytes that are not "
            "UTF-8 text; recode the file, e.g. `iconv -f latin1 -t utf-8`"
        ) from exc


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
                if value is None:
                    continue
                try:
                    end = max(end, int(record.pos) + abs(int(value)))
                except (TypeError, ValueError) as exc:
                    raise MalformedRecordError(
                        f"record at {record.contig}:{record.pos}: SVLEN {value!r} is not a number"
                    ) from exc
    return end


def record_overlaps(record: pysam.VariantRecord, region: Interval) -> bool:
    return region.overlaps(int(record.pos), record_end(record))


def symbolic_type(allele: str) -> str | None:
    """``DEL`` for ``<DEL>``, ``DUP:TANDEM`` for ``<DUP:TANDEM>``; None for sequence alleles."""
    match = _SYMBOLIC.match(allele)
    return match.group(1) if match else None
