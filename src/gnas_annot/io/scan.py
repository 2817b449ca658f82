"""Streaming scan of an unindexed text VCF with a line prefilter.

A whole-genome VCF has millions of records and the GNAS region a few hundred,
so parsing every record with htslib would spend nearly all the time on lines
we throw away.  Instead we read raw lines (plain, bgzip or gzip; file or
stdin), keep those on a chromosome-20 contig whose span reaches the region,
and hand only those to htslib (through a small temporary VCF) for full
parsing.  Memory holds one line at a time; the kept lines go to disk.

Only chr20 lines are parsed, so a malformed record elsewhere in the genome
goes unnoticed here (as it does for ``bcftools view -r`` on an indexed file);
a malformed chr20 line is an error.  But every line's first column is looked
at: an empty or whitespace-only line, or columns separated by spaces instead of
tabs, would hide chr20 records from the filter, so they are refused (bcftools
refuses them too), never skipped.  Lines on a chr20 name other than the one the
header declares are kept, with a warning, as bcftools keeps them.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import shutil
import sys
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

from gnas_annot.errors import (
    CorruptInputError,
    GnasAnnotWarning,
    InputNotFoundError,
    MalformedHeaderError,
    MalformedRecordError,
    TruncatedInputError,
    UnknownContigError,
)
from gnas_annot.model.builds import CHR20_NAMES, looks_like_chr20
from gnas_annot.model.locus import Interval

# The empty block every BGZF file ends with (SAM/BAM spec, section 4.1.2).
BGZF_EOF = bytes.fromhex("1f8b08040000000000ff0600424302001b0003000000000000000000")
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20
#: distinct QUAL texts a scan remembers as numbers (memory stays flat)
_GOOD_QUALS = 256


def has_bgzf_eof(path: Path) -> bool:
    """False if a BGZF file lacks its end-of-file block (it was truncated)."""
    with path.open("rb") as handle:
        magic = handle.read(4)
        if magic[:2] != _GZIP_MAGIC or magic[3:4] != b"\x04":  # not BGZF: nothing to check
            return True
        handle.seek(0, 2)
        if handle.tell() < len(BGZF_EOF):
            return False
        handle.seek(-len(BGZF_EOF), 2)
        return handle.read() == BGZF_EOF


def not_a_vcf(first_line: str) -> str:
    """Why a text file whose first line is ``first_line`` is no VCF, in words that
    name the byte-order mark an editor (Excel, Notepad) puts before ``##fileformat``:
    htslib and bcftools refuse such a file too, and "the first line is not
    ##fileformat=VCF" hid the invisible character."""
    if first_line.startswith("\ufeff##fileformat=VCF"):
        return (
            "the file starts with a UTF-8 byte-order mark before ##fileformat (saved by an "
            "editor?); htslib cannot read it: remove the mark, e.g. sed -i '1s/^\\xEF\\xBB"
            "\\xBF//' FILE"
        )
    return "not a VCF/BCF file (the first line is not ##fileformat=VCF...)"


def corrupt_reason(head: bytes) -> str | None:
    """Why ``head`` (the first bytes, decompressed) cannot be a text VCF at all:
    empty, or binary data.  None if it is text (the header may still be wrong)."""
    if not head:
        return "the file is empty"
    first = head.split(b"\n", 1)[0]
    try:
        first.decode("utf-8")
    except UnicodeDecodeError:
        if len(first) < len(head) or len(first) < 1 << 16:  # not just a cut multibyte char
            return "binary data, not a VCF or BCF file"
    if b"\x00" in head[: 1 << 16]:
        return "binary data, not a VCF or BCF file"
    return None


class TextVcf:
    """The header and the data lines of a text VCF, read once, front to back.

    ``stream`` is an already opened source read once (stdin, a named pipe or
    a ``<(...)`` process substitution); otherwise ``path`` is opened.
    """

    def __init__(self, path: str, stream: io.BufferedReader | None = None) -> None:
        self.path = path
        if path == "-" or stream is not None:
            self._raw: io.BufferedReader = stream if stream is not None else _stdin()
        else:
            file = Path(path)
            if not file.exists():
                raise InputNotFoundError(f"input not found: {path}")
            if file.is_file() and not has_bgzf_eof(file):
                raise TruncatedInputError(f"{path}: file is truncated (no BGZF end-of-file block)")
            self._raw = file.open("rb")
        self._handle = decompressed(self._raw, path)
        #: decompressed bytes read so far (progress of a streaming scan)
        self.bytes_read = 0
        self._lines = self._read_lines()
        #: lines before the first data line, so messages can name file lines
        self.header_lines = 0
        #: supported chr20 names used by data lines but not declared in the header
        self.extra_names: list[str] = []
        self.header_text = self._read_header()

    def _read_lines(self) -> Iterator[bytes]:
        """Every line, without its newline, empty ones included.

        (pysam's BGZFile iterator ended at the first empty line, silently
        dropping every record after a blank line; it also raised again on
        close after a decompression error: Python's gzip reads BGZF as well.)
        """
        rest = b""
        while True:
            try:
                chunk = self._handle.read(_CHUNK)
            except EOFError as exc:
                raise TruncatedInputError(
                    f"{self.path}: file is truncated (the compressed data ends mid-stream)"
                ) from exc
            except (OSError, zlib.error) as exc:
                raise CorruptInputError(
                    f"{self.path}: the compressed data is damaged and cannot be decompressed "
                    f"({exc})"
                ) from exc
            if not chunk:
                break
            self.bytes_read += len(chunk)
            lines = (rest + chunk).split(b"\n")
            rest = lines.pop()
            yield from lines
        if rest:
            yield rest

    def _read_header(self) -> str:
        header: list[str] = []
        for raw in self._lines:
            self.header_lines += 1
            if not header and (reason := corrupt_reason(raw)):
                raise CorruptInputError(f"{self.path}: {reason}")
            # lines come without their newline
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n") + "\n"
            header.append(line)
            if line.startswith("#CHROM"):
                return "".join(header)
            if not line.startswith("##"):
                break
        if not header:
            raise CorruptInputError(f"{self.path}: the file is empty")
        if header and header[0].startswith("##fileformat=VCF"):
            raise MalformedHeaderError(f"{self.path}: the header has no #CHROM line")
        raise MalformedHeaderError(f"{self.path}: {not_a_vcf(header[0])}")

    def select(self, region: Interval, names: tuple[str, ...], out: BinaryIO) -> int:
        """Copy to ``out`` the data lines on a chr20 name that may reach ``region``.

        ``names`` are the chr20 names the header declares; lines on another
        supported chr20 name are kept too, with one warning per name (their
        names are in :attr:`extra_names` afterwards).  Returns the number of
        lines copied.  Records are re-checked exactly after parsing; this
        filter only has to be generous and cheap.
        """
        prefixes = tuple(n.encode() + b"\t" for n in sorted(CHR20_NAMES))
        declared = {n.encode() for n in names}
        checked_contigs: set[bytes] = set()
        # QUAL texts found to be numbers: a file repeats a few, so each is parsed once
        good_quals: set[bytes] = {b"."}
        first, last = region.start, region.end
        kept = 0
        for number, line in enumerate(self._lines, start=self.header_lines + 1):
            if not line.startswith(prefixes):
                contig = line.split(b"\t", 1)[0]
                if contig not in checked_contigs:
                    self._check_contig(contig, number)
                    checked_contigs.add(contig)
                continue
            fields = line.split(b"\t", 8)
            if declared and fields[0] not in declared and fields[0] not in checked_contigs:
                checked_contigs.add(fields[0])
                self._undeclared_chr20(fields[0].decode(), names, number)
            try:
                pos = int(fields[1])
                ref, alt = fields[3], fields[4]
                info = fields[7] if b"<" in alt else b""
                if pos < 0:
                    raise ValueError("negative POS")
            except (IndexError, ValueError) as exc:
                raise MalformedRecordError(
                    f"{self.path}: line {number} (on chromosome 20) is malformed "
                    f"({line[:60].decode(errors='replace')!r}...)"
                ) from exc
            if pos > last:
                continue
            end = pos + len(ref) - 1
            if info:
                end = max(end, _symbolic_end(pos, info))
            if end >= first:
                qual = fields[5] if len(fields) > 5 else b"."
                if qual not in good_quals or not line.isascii():
                    self._check_kept(line, fields, number)
                    if len(good_quals) < _GOOD_QUALS:
                        good_quals.add(qual)
                out.write(line.rstrip(b"\r") + b"\n")
                kept += 1
        return kept

    def _undeclared_chr20(self, name: str, names: tuple[str, ...], number: int) -> None:
        self.extra_names.append(name)
        warnings.warn(
            f"{self.path}: line {number} uses {name!r} for chromosome 20 but the header "
            f"declares {', '.join(map(repr, names))}; its records are kept under {name!r} "
            "(as bcftools keeps them)",
            GnasAnnotWarning,
            stacklevel=2,
        )

    def _check_kept(self, line: bytes, fields: list[bytes], number: int) -> None:
        """What htslib would accept silently but we must not: bytes that are not
        UTF-8 (pysam cannot decode them) and a QUAL that is not a number (htslib
        reads it as 0)."""
        if not line.isascii():  # ASCII is UTF-8: only other bytes need decoding
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise MalformedRecordError(
                    f"{self.path}: line {number} (on chromosome 20) has bytes that are not "
                    f"UTF-8 text (0x{line[exc.start]:02x} at byte {exc.start + 1}); recode the "
                    "file, e.g. `iconv -f latin1 -t utf-8`"
                ) from exc
        qual = fields[5] if len(fields) > 5 else b"."
        try:
            if qual != b".":
                float(qual)
        except ValueError as exc:
            raise MalformedRecordError(
                f"{self.path}: line {number} (on chromosome 20) has QUAL "
                f"{qual[:20].decode(errors='replace')!r}, not a number or '.'"
            ) from exc

    def _check_contig(self, contig: bytes, number: int) -> None:
        """Refuse a first column that would hide a chr20 record from the filter."""
        name = contig.decode(errors="replace")
        if not contig.strip():
            what = "empty" if not contig else "whitespace only"
            raise MalformedRecordError(
                f"{self.path}: line {number} is {what}; a VCF has no blank lines (and records "
                "after one would be lost): remove it, e.g. `grep -v '^[[:space:]]*$'`"
            )
        if contig.startswith(b"#"):
            raise MalformedRecordError(
                f"{self.path}: line {number} starts with '#' but comes after the #CHROM line; "
                "header and comment lines belong before it"
            )
        if any(c in contig for c in (b" ", b"\r", b"\x0b", b"\x0c")):
            raise MalformedRecordError(
                f"{self.path}: line {number} has spaces where tabs belong (its first column is "
                f"{name[:40]!r}); VCF columns are separated by tabs"
            )
        if looks_like_chr20(name):
            raise UnknownContigError(
                f"{self.path}: line {number} uses {name!r} for chromosome 20; supported "
                "names are chr20, 20, NC_000020.11 and NC_000020.10"
            )

    def close(self) -> None:
        # a damaged stream may fail again on close: the read error said it all
        for handle in (self._handle, self._raw):
            with contextlib.suppress(OSError, EOFError, zlib.error):
                handle.close()


def _symbolic_end(pos: int, info: bytes) -> int:
    end = pos
    for item in info.split(b";"):
        key, _, value = item.partition(b"=")
        try:
            if key == b"END":
                end = max(end, int(value))
            elif key == b"SVLEN":
                end = max(end, *(pos + abs(int(v)) for v in value.split(b",") if v != b"."))
        except ValueError:
            continue
    return end


#: compressions htslib does not read (xz aborted the process with exit 134)
_OTHER_COMPRESSION = (
    (b"\xfd7zXZ\x00", "xz", "xz -dc"),
    (b"\x28\xb5\x2f\xfd", "zstd", "zstd -dc"),
    (b"BZh", "bzip2", "bzip2 -dc"),
)


def refuse_other_compression(head: bytes, display: str) -> None:
    """Refuse xz, zstd and bzip2 input by its magic bytes, before htslib sees it."""
    for magic, name, tool in _OTHER_COMPRESSION:
        if head.startswith(magic) and (name != "bzip2" or head[3:4].isdigit()):
            raise CorruptInputError(
                f"{display}: compressed with {name}, not bgzip; recompress it "
                f"(`{tool} {display} | bgzip > in.vcf.gz`) or stream it "
                f"(`{tool} {display} | gnas-annot ... -`)"
            )


def decompressed(raw: io.BufferedReader, display: str) -> BinaryIO:
    """``raw`` as text bytes: gzip/BGZF decompressed, other compressions refused."""
    head = raw.peek(6)[:6]
    refuse_other_compression(head, display)
    if head[:2] == _GZIP_MAGIC:
        return cast(BinaryIO, gzip.GzipFile(fileobj=raw))
    return raw


def head_of(path: str, size: int = 1 << 16) -> bytes:
    """The first ``size`` decompressed bytes of a file (OSError/EOFError if damaged)."""
    with Path(path).open("rb") as raw, decompressed(raw, path) as text:
        return text.read(size)


def is_bcf(raw: io.BufferedReader) -> bool:
    """Peek at a stream (without consuming it): is it BCF, compressed or not?"""
    head: bytes = raw.peek(1 << 16)
    if head[:2] == _GZIP_MAGIC:
        try:
            head = zlib.decompressobj(31).decompress(head, 16)
        except zlib.error:
            return False  # damaged: the text reader says so
    return head[:3] == b"BCF"


def stdin_is_bcf() -> bool:
    """Peek at stdin (without consuming it): is it BCF, compressed or not?"""
    return is_bcf(_stdin())


def _stdin() -> io.BufferedReader:
    return cast(io.BufferedReader, sys.stdin.buffer)


def spool(raw: BinaryIO, folder: Path) -> Path:
    """Copy a stream to disk unchanged: htslib cannot rewind a pipe to read BCF."""
    target = folder / "stream.bcf"
    with target.open("wb") as out:
        shutil.copyfileobj(raw, out, 1 << 20)
    return target


def spool_stdin(folder: Path) -> Path:
    return spool(sys.stdin.buffer, folder)
