"""Reference sequence access: the user's indexed FASTA, or the locus sequence
cached by ``gnas-annot data fetch`` / ``data build``.

The pack ships no sequence, so every caller must cope with "no reference":
:func:`resolve_reference` returns None, and steps that need bases report
``reference_unavailable`` instead of guessing.  Bases the reference does not
know (``N``, as in a partial reference) are treated the same way.

>>> from gnas_annot.seq.reference import RefCheck
>>> RefCheck.MATCH.value
'match'
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from types import TracebackType

import pysam

from gnas_annot._htslib import htslib_messages
from gnas_annot.errors import BuildMismatchError, ReferenceFileError, ReferenceUnavailableError
from gnas_annot.model.builds import CHR20_NAMES, GenomeBuild, build_from_length

REFERENCE_ENV = "GNAS_ANNOT_REFERENCE"
#: Bases are read from the FASTA in aligned blocks of this size and a few blocks are
#: kept: extraction checks REF and pads indels, naming shifts and reads exons, all
#: within the ~100 kb of the locus, and one htslib fetch per call cost more than the
#: rest of checking a REF allele.
BLOCK_BITS = 15
_BLOCK = 1 << BLOCK_BITS
#: 8 x 32 kb: the whole GNAS(+STX16) locus and its flanks fit without thrashing
BLOCKS_KEPT = 8


class RefCheck(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    UNKNOWN = "unknown"  # the reference has N (or nothing) at some of these bases


def _not_a_file(path: Path) -> str:
    if path.is_dir():
        return f"reference FASTA {path} is a directory, not a FASTA file"
    if path.exists():
        return (
            f"reference FASTA {path} is not a regular file (a pipe or a device); a FASTA must "
            "be a file on disk, read by its .fai index"
        )
    return f"reference FASTA not found: {path}"


class ReferenceGenome:
    """An indexed FASTA (plain or bgzipped) holding chromosome 20.

    Coordinates are 1-based and inclusive, as in VCF and HGVS.  Sequence comes
    back upper-case: soft-masking carries no meaning for allele comparison.
    """

    def __init__(self, path: str | os.PathLike[str], build: GenomeBuild | None = None) -> None:
        self.path = Path(path)
        if not self.path.is_file():  # /dev/null or a directory used to be "not found"
            raise ReferenceFileError(_not_a_file(self.path))
        try:  # when it fails we say what is wrong, in one line; warnings pass
            with htslib_messages():
                self._fasta = pysam.FastaFile(str(self.path))
        except (OSError, ValueError) as exc:
            raise ReferenceFileError(
                f"cannot open reference FASTA {self.path}: {_why_unindexable(self.path, exc)} "
                "(it must be indexed with `samtools faidx`; bgzipped FASTA also needs its .gzi)"
            ) from exc
        names = [n for n in self._fasta.references if n in CHR20_NAMES]
        if not names:
            raise ReferenceFileError(
                f"reference {self.path} has no chromosome 20 "
                f"(looked for {', '.join(sorted(CHR20_NAMES))})"
            )
        self.contig = names[0]
        self.length = self._fasta.get_reference_length(self.contig)
        detected = build_from_length(self.length)
        if build is not None and detected is not None and detected != build:
            raise BuildMismatchError(
                f"reference {self.path} has chr20 of {self.length:,} bp ({detected}), "
                f"but the build in use is {build}"
            )
        self.build = detected or build
        #: block number -> its bases (upper case), oldest first
        self._blocks: dict[int, str] = {}

    def fetch(self, start: int, end: int) -> str:
        """Bases ``start..end`` (1-based, inclusive); shorter near the chromosome end."""
        if end < start:
            return ""
        block = (start - 1) >> BLOCK_BITS
        if start < 1 or end > self.length or (end - 1) >> BLOCK_BITS != block:
            return self._read(start, end)  # across a block edge or off the chromosome
        bases = self._blocks.get(block)
        if bases is None:
            bases = self._block(block)
        offset = (start - 1) & (_BLOCK - 1)
        return bases[offset : offset + end - start + 1]

    def base(self, pos: int) -> str:
        """:meth:`fetch` of one base (``""`` off the chromosome): one look-up in a kept
        block, as an SNV's REF check asks once per record."""
        bases = self._blocks.get((pos - 1) >> BLOCK_BITS)
        if bases is None or not 0 < pos <= self.length:
            return self.fetch(pos, pos)
        return bases[(pos - 1) & (_BLOCK - 1)]

    def _block(self, block: int) -> str:
        first = block << BLOCK_BITS  # 0-based
        bases = self._read(first + 1, min(first + _BLOCK, self.length))
        if len(self._blocks) >= BLOCKS_KEPT:
            self._blocks.pop(next(iter(self._blocks)), None)  # the oldest one
        self._blocks[block] = bases
        return bases

    def _read(self, start: int, end: int) -> str:
        return str(self._fasta.fetch(self.contig, max(0, start - 1), end)).upper()

    def check(self, pos: int, ref: str) -> tuple[RefCheck, str]:
        """Compare a VCF REF allele with the reference; returns (verdict, reference bases)."""
        actual = self.fetch(pos, pos + len(ref) - 1)
        if len(actual) != len(ref) or "N" in actual:
            return RefCheck.UNKNOWN, actual
        return (RefCheck.MATCH if actual == ref.upper() else RefCheck.MISMATCH), actual

    def close(self) -> None:
        self._fasta.close()

    def __enter__(self) -> ReferenceGenome:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ReferenceGenome({str(self.path)!r}, build={self.build})"


def _why_unindexable(path: Path, exc: Exception) -> str:
    """htslib says only "error when opening file"; look at the file ourselves."""
    fai = Path(str(path) + ".fai")
    with path.open("rb") as handle:
        head = handle.read(4)
    if head[:2] == b"\x1f\x8b" and head[3:4] != b"\x04":
        return "it is compressed with gzip, not bgzip (recompress it with `bgzip`)"
    if not fai.is_file() and head[:1] != b">":
        return "it is not a FASTA file (it does not start with '>')"
    if not fai.is_file():
        return f"it has no .fai index and one could not be written ({exc})"
    return str(exc)


def cache_dir() -> Path:
    """Per-user cache for fetched sequence (XDG_CACHE_HOME, else ~/.cache)."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "gnas_annot"


def cached_locus_fasta(build: GenomeBuild) -> Path:
    """Where ``data fetch`` / ``data build`` store the locus sequence of ``build``."""
    return cache_dir() / "reference" / f"gnas_locus_{build}.fa.gz"


def resolve_reference(
    path: str | os.PathLike[str] | None, build: GenomeBuild | None
) -> ReferenceGenome | None:
    """The reference to use, in order: explicit path, $GNAS_ANNOT_REFERENCE, the
    locus cache of ``build``.  None when there is none (never a guess)."""
    if path is not None:
        return ReferenceGenome(path, build)
    env = os.environ.get(REFERENCE_ENV)
    if env:
        return ReferenceGenome(env, build)
    if build is not None and cached_locus_fasta(build).is_file():
        return ReferenceGenome(cached_locus_fasta(build), build)
    return None


def require_reference(
    path: str | os.PathLike[str] | None, build: GenomeBuild | None
) -> ReferenceGenome:
    reference = resolve_reference(path, build)
    if reference is None:
        raise ReferenceUnavailableError(
            "reference sequence unavailable: pass --reference FASTA, set "
            f"{REFERENCE_ENV}, or run `gnas-annot data fetch` (network) or "
            "`gnas-annot data build --fasta FA` once"
        )
    return reference
