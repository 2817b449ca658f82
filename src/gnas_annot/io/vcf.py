"""Reading VCF/BCF: open, identify the build and chr20 naming, and yield the
records that touch a region.

Indexed files (``.tbi``/``.csi``) are read by region fetch, so the cost grows
with the number of GNAS records, not with file size.  Anything else (plain
VCF, unindexed ``.vcf.gz``, stdin) is scanned once, record by record, keeping
nothing but the current record in memory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pysam

from gnas_annot.errors import (
    CorruptInputError,
    GnasAnnotWarning,
    InputError,
    InputNotFoundError,
    MalformedHeaderError,
    UnknownContigError,
)
from gnas_annot.io.guard import Reading, guarded
from gnas_annot.io.header import (
    BuildEvidence,
    declare_reserved,
    detect_build,
    resolve_build,
    unparsable_header_line,
)
from gnas_annot.io.index_check import untrusted_index
from gnas_annot.io.opening import open_variant_file
from gnas_annot.io.records import Site, check_decodable, record_site
from gnas_annot.io.records import record_end as record_end  # re-exported (moved to records)
from gnas_annot.io.records import symbolic_type as symbolic_type
from gnas_annot.io.scan import (
    TextVcf,
    decompressed,
    is_bcf,
    refuse_other_compression,
    spool,
    spool_stdin,
    stdin_is_bcf,
)
from gnas_annot.model.builds import (
    GenomeBuild,
    is_chr20,
    looks_like_chr20,
)
from gnas_annot.model.locus import Interval


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
        # made when a stream or a prefiltered text needs it: creating and removing a
        # directory is ~5 ms of an indexed run on some file systems
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._text: TextVcf | None = None
        self._stale = self._stale_index_warning()
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
        self.indexed = (
            self._text is None and self.path != "-" and not self._stale and self._has_index()
        )
        if not self.indexed and self._text is None and self._file.format == "VCF":
            self._text = TextVcf(self.path)
        self._check_header_lines()
        self._declare_reserved()

    def _stale_index_warning(self) -> bool:
        """An index that no longer describes the data (older, or written for
        another version of it): htslib would use it and lose records; we read
        the whole file without it."""
        found = untrusted_index(self.path)
        if found is None:
            return False
        index, why = found
        warnings.warn(
            f"{self.path}: its index {index.name} {why}; reading the whole file without it "
            "- re-index it (`tabix -f -p vcf` or `bcftools index -f`) to read by index again",
            GnasAnnotWarning,
            stacklevel=3,
        )
        return True

    def _folder(self) -> Path:
        """This source's temporary directory (removed by :meth:`close`)."""
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="gnas_annot_")
        return Path(self._tmp.name)

    def _open(self) -> pysam.VariantFile:
        if self.path == "-":
            if stdin_is_bcf():
                return open_variant_file(str(spool_stdin(self._folder())), display="stdin")
            return self._header_only(TextVcf("-"))
        path = Path(self.path)
        if not path.exists():
            raise InputNotFoundError(f"input not found: {self.path}")
        if path.is_dir():  # htslib crashes on a directory
            raise InputError(f"{self.path} is a directory, not a VCF/BCF file")
        if not path.is_file():  # a named pipe, <(...), /dev/stdin: one pass, like stdin
            raw = path.open("rb")
            if is_bcf(raw):
                with raw:
                    return open_variant_file(str(spool(raw, self._folder())), display=self.path)
            return self._header_only(TextVcf(self.path, raw))
        with path.open("rb") as raw:  # htslib aborts (exit 134) on xz
            refuse_other_compression(raw.read(6), self.path)
        try:
            vcf = open_variant_file(self.path)
        except CorruptInputError:
            # plain gzip (not bgzip): htslib cannot open it randomly, but it
            # can be streamed
            return self._header_only(TextVcf(self.path))
        if vcf.format not in ("VCF", "BCF"):
            raise CorruptInputError(f"{self.path}: not VCF or BCF (found {vcf.format})")
        return vcf

    def _header_only(self, text: TextVcf) -> pysam.VariantFile:
        self._text = text
        header = self._folder() / "header.vcf"
        header.write_text(text.header_text, encoding="utf-8")
        return open_variant_file(str(header), display=self.path)

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
        try:
            with Path(self.path).open("rb") as raw, decompressed(raw, self.path) as handle:
                for data in handle:
                    line = data.decode("utf-8", errors="replace").rstrip("\r\n")
                    lines.append(line)
                    if not line.startswith("##"):
                        break
        except (OSError, EOFError, zlib.error):
            return None  # htslib read the header; damage further on is reported there
        return "\n".join(lines)

    @property
    def header(self) -> pysam.VariantHeader:
        return self._file.header

    @property
    def bytes_read(self) -> int | None:
        """Decompressed bytes a streaming scan has read so far (None when the
        file is read by its index or by htslib, which report no progress)."""
        return self._text.bytes_read if self._text is not None else None

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
        for record, _, _ in self.fetch_sites(region):
            yield record

    def fetch_text(self, region: Interval) -> Iterator[tuple[pysam.VariantRecord, str | None, int]]:
        """:meth:`fetch`, each record with its text when it was formatted to check it
        (None otherwise: a cohort record's text costs as much as its samples) and the
        last base it covers (:func:`record_end`, found to test the overlap)."""
        for record, text, site in self.fetch_sites(region):
            yield record, text, site[3]

    def fetch_sites(
        self, region: Interval
    ) -> Iterator[tuple[pysam.VariantRecord, str | None, Site]]:
        """:meth:`fetch_text` with the record's :data:`~gnas_annot.io.records.Site` (POS,
        REF, ALTs, last base), read once from the record to test the overlap."""
        if self._text is not None and not self.indexed:
            return self._prefiltered(region)  # checked line by line in scan: no text
        return self._decodable(region)

    def _decodable(
        self, region: Interval
    ) -> Iterator[tuple[pysam.VariantRecord, str | None, Site]]:
        path = self.path
        for record, site in self._fetch_indexed(region) if self.indexed else self._scan(region):
            yield record, check_decodable(record, path), site

    def _reading(
        self, vcf: pysam.VariantFile | None = None, selected: Path | None = None
    ) -> Reading:
        compressed = (vcf or self._file).compression != "NONE"
        return Reading(self.path, len(self.samples), compressed, selected)

    def _fetch_indexed(self, region: Interval) -> Iterator[tuple[pysam.VariantRecord, Site]]:
        names = self._indexed_names()
        # Whether a record whose span comes from SVLEN alone is binned by that
        # span depends on the program that wrote the index (pysam/bcftools:
        # yes; tabix, htsjdk: by its one-base REF).  So records starting
        # upstream come from a look-back scan, exactly, and the region fetch
        # gives only those starting inside: the same records whoever indexed.
        lookback = "SVLEN" in self.header.info
        for name in names:
            if lookback:
                yield from self._symbolic_reaching_in(name, region)
            try:
                iterator = self._file.fetch(name, region.start - 1, region.end)
            except ValueError:
                continue  # contig declared in the header but absent from the index
            for record in guarded(iterator, self._reading(), catch=True):
                site = record_site(record)
                if lookback and site[0] < region.start:
                    continue
                if region.overlaps(site[0], site[3]):
                    yield record, site

    def _indexed_names(self) -> tuple[str, ...]:
        """Declared chr20 names and any other chr20 name the index holds (a text
        VCF may use one the header does not declare: kept, as bcftools does)."""
        indexed = tuple(n for n in self._index_contigs() if is_chr20(n))
        extra = tuple(n for n in indexed if n not in self.chr20_names)
        if extra and self.chr20_names:
            warnings.warn(
                f"{self.path}: records use {', '.join(map(repr, extra))} for chromosome 20 "
                f"but the header declares {', '.join(map(repr, self.chr20_names))}; they are "
                "kept under their own name (as bcftools keeps them)",
                GnasAnnotWarning,
                stacklevel=4,
            )
        return self.chr20_names + extra

    def _symbolic_reaching_in(
        self, name: str, region: Interval
    ) -> Iterator[tuple[pysam.VariantRecord, Site]]:
        """Records starting upstream of the region that reach into it (by
        END or SVLEN); only files that declare SVLEN pay for this scan."""
        try:
            iterator = self._file.fetch(name, 0, max(region.start - 1, 1))
        except ValueError:
            return
        for record in guarded(iterator, self._reading()):
            if record.pos < region.start:
                site = record_site(record)
                if region.overlaps(site[0], site[3]):
                    yield record, site

    def _index_contigs(self) -> tuple[str, ...]:
        try:
            return tuple(str(k) for k in self._file.index)
        except (AttributeError, ValueError):
            return ()

    def _prefiltered(
        self, region: Interval
    ) -> Iterator[tuple[pysam.VariantRecord, str | None, Site]]:
        assert self._text is not None
        folder = self._folder()
        body, selected = folder / "selected.body", folder / "selected.vcf"
        with body.open("wb") as out:
            self._text.select(region, self.chr20_names, out)
        self._text.close()
        # declare the chr20 names the header lacks, so htslib need not invent them
        head, chrom, tail = self._text.header_text.rpartition("#CHROM")
        extra = "".join(f"##contig=<ID={name}>\n" for name in self._text.extra_names)
        with selected.open("wb") as out, body.open("rb") as kept:
            out.write((head + extra + chrom + tail).encode("utf-8"))
            shutil.copyfileobj(kept, out)
        with open_variant_file(str(selected), display=self.path) as vcf:
            start, stop = region.start, region.end
            for record in guarded(iter(vcf), self._reading(vcf, selected), catch=True):
                site = record_site(record)  # (the prefilter kept no line starting after stop)
                if site[0] <= stop and site[3] >= start:
                    yield record, None, site

    def _scan(self, region: Interval) -> Iterator[tuple[pysam.VariantRecord, Site]]:
        checked: dict[str, bool] = {}
        for record in guarded(iter(self._file), self._reading()):
            name = record.contig
            wanted = checked.get(name)
            if wanted is None:
                if looks_like_chr20(name):
                    raise UnknownContigError(
                        f"{self.path}: record at {name}:{record.pos} uses an unsupported name "
                        "for chromosome 20 (use chr20, 20, NC_000020.11 or NC_000020.10)"
                    )
                wanted = checked[name] = is_chr20(name)
            if wanted:
                site = record_site(record)
                if region.overlaps(site[0], site[3]):
                    yield record, site

    def close(self) -> None:
        self._file.close()
        if self._text is not None:
            self._text.close()
        if self._tmp is not None:
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
