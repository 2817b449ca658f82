"""From a user's HGVS string back to the genome: parse, check, project.

Accepts ``g.`` on NC_000020.11/NC_000020.10 and ``c.``/``n.`` on any pack
transcript (versioned or not; a bare accession takes the pack's version),
legacy forms included (``c.565_568delGACT``).  The description is checked
against the transcript model (positions inside the CDS, transcript and
intron they name) and, when a reference is available, against the reference
bases it states.  The result is the VCF-style allele, left-aligned as
``bcftools norm`` would write it, from which every other description is made.

>>> from gnas_annot.naming.names import HgvsNamer
>>> parse_hgvs("NM_000516.7:c.601C>T", HgvsNamer()).vcf
('chr20', 58909365, 'C', 'T')
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

import hgvs.parser
from hgvs.alignmentmapper import AlignmentMapper
from hgvs.enums import Datum
from hgvs.exceptions import HGVSError
from hgvs.location import BaseOffsetInterval
from hgvs.sequencevariant import SequenceVariant

from gnas_annot.errors import (
    HgvsRangeError,
    HgvsReferenceMismatchError,
    HgvsSyntaxError,
    ReferenceUnavailableError,
    UnknownTranscriptError,
)
from gnas_annot.model.builds import GenomeBuild, build_from_accession
from gnas_annot.model.locus import Transcript
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.seq.codons import reverse_complement
from gnas_annot.seq.normalize import UnknownReferenceBaseError, left_align

_PARSER = hgvs.parser.Parser()
_LEGACY_STOP = re.compile(r"fsX(\d+|\?)")
_LONG_NUMBER = re.compile(r"[0-9]{10,}")


@dataclass(frozen=True, slots=True)
class GenomicAllele:
    """A parsed description, placed on one build."""

    text: str
    build: GenomeBuild
    vcf: tuple[str, int, str, str]  # chrom, pos, ref, alt (left-aligned)
    notes: tuple[str, ...] = ()


def parse_hgvs(text: str, namer: HgvsNamer, build: GenomeBuild | None = None) -> GenomicAllele:
    """Parse ``text`` and place it on ``build`` (default: the g. accession's
    build, else GRCh38)."""
    notes: list[str] = []
    cleaned = _LEGACY_STOP.sub(r"fsTer\1", text.strip())
    accession, _, rest = cleaned.partition(":")
    if not rest or not accession.strip():
        raise HgvsSyntaxError(f"{text!r} is not an HGVS description (expected ACCESSION:c.…)")
    _check_characters(text, cleaned)
    accession = _versioned(accession, namer, notes)
    try:
        var = _PARSER.parse(f"{accession}:{rest}")
    except (HGVSError, ValueError) as exc:  # ValueError: int() of what the grammar took
        raise HgvsSyntaxError(f"cannot parse {text!r}: {exc}") from exc
    pos = var.posedit.pos
    if pos is not None and (
        pos.uncertain or pos.start.uncertain or (pos.end is not None and pos.end.uncertain)
    ):
        # c.(600_602)del: where the change lies is uncertain; placing it would
        # turn a guess into a definite allele
        raise HgvsSyntaxError(
            f"{text!r}: an uncertain position cannot be placed on the genome as a definite allele"
        )
    if var.type == "g":
        var_build = build_from_accession(var.ac)
        if var_build is None:
            raise UnknownTranscriptError(
                f"{var.ac} is not chromosome 20 of GRCh38 (NC_000020.11) or GRCh37 (NC_000020.10)"
            )
        if build is not None and build is not var_build:
            notes.append(f"{var.ac} is {var_build}; placed on {var_build}, not {build}")
        build = var_build
        start, end = var.posedit.pos.start.base, var.posedit.pos.end.base
        if start > end:
            raise HgvsRangeError(f"{text}: the interval ends before it starts")
        if var.posedit.edit.type == "ins" and end != start + 1:
            raise HgvsRangeError(_not_neighbours(text, var.posedit.pos))
    elif var.type in ("c", "n"):
        if var.ac not in namer.provider.accessions:
            raise UnknownTranscriptError(
                f"{text!r}: {var.type}. positions need a GNAS transcript accession, not {var.ac}"
            )
        build = build or GenomeBuild.GRCh38
        start, end = _to_genome(var, namer, build)
    else:
        raise HgvsSyntaxError(
            f"{text!r}: only g., c. and n. descriptions can be placed on the genome"
        )
    return GenomicAllele(text, build, _vcf(var, namer, build, start, end, notes), tuple(notes))


def _check_characters(text: str, cleaned: str) -> None:
    """HGVS is ASCII: the parser's int() would read fullwidth digits ('６01')
    as 601 and fail with a traceback on superscripts or on 5,000 digits."""
    odd = next((i for i, c in enumerate(cleaned) if not c.isascii()), None)
    if odd is not None:
        raise HgvsSyntaxError(
            f"{text[:60]!r}: character {cleaned[odd]!r} (position {odd + 1}) is not plain "
            "ASCII; HGVS descriptions use ASCII letters and digits"
        )
    if (long := _LONG_NUMBER.search(cleaned)) is not None:
        raise HgvsRangeError(
            f"{text[:60]!r}: a number of {len(long.group())} digits; no GNAS position or "
            "length has more than 9"
        )


def _versioned(accession: str, namer: HgvsNamer, notes: list[str]) -> str:
    """The pack's accession.version for ``accession`` (noting any substitution)."""
    if accession.startswith("NC_"):
        return accession
    known = namer.provider.accessions
    if accession in known:
        return accession
    bare = accession.split(".")[0]
    match = [k for k in known if k.split(".")[0] == bare]
    if not match:
        raise UnknownTranscriptError(
            f"{accession} is not a GNAS transcript in the data pack ({', '.join(sorted(known))})"
        )
    if "." in accession:
        notes.append(
            f"{accession} is not the pack's version; numbered on {match[0]} "
            "(check that the two versions agree)"
        )
    else:
        notes.append(f"unversioned {accession} read as {match[0]}")
    return match[0]


def _to_genome(var: SequenceVariant, namer: HgvsNamer, build: GenomeBuild) -> tuple[int, int]:
    tx = namer.provider.model(var.ac, build)
    _check_positions(var, tx)
    mapper = namer._mapper(var.ac, build)
    pos = var.posedit.pos
    to_g = mapper.c_to_g if var.type == "c" else mapper.n_to_g
    to_tx = mapper.g_to_c if var.type == "c" else mapper.g_to_n
    try:
        genomic = to_g(pos)
        back = to_tx(genomic)
    except HGVSError as exc:
        raise HgvsRangeError(f"{var}: {exc}") from exc
    if (str(back.start), str(back.end)) != (str(pos.start), str(pos.end)):
        raise HgvsRangeError(
            f"{var}: {pos} is not a position of {var.ac} (an intronic offset beyond the "
            f"intron, or outside the transcript); it maps to {back}"
        )
    forward = genomic.start.base <= genomic.end.base
    if forward != (tx.strand > 0):
        raise HgvsRangeError(f"{var}: the interval {pos} ends before it starts")
    start, end = sorted((genomic.start.base, genomic.end.base))
    if var.posedit.edit.type == "ins" and end != start + 1 and not _junction(var, mapper):
        # only the first flank was used to place the bases: a silent guess
        raise HgvsRangeError(_not_neighbours(str(var), pos))
    return start, end


def _not_neighbours(text: str, pos: object) -> str:
    what = "one position" if "_" not in str(pos) else f"{pos}, which are not neighbours"
    return f"{text}: an insertion names the two neighbouring bases it lies between, not {what}"


def _junction(var: SequenceVariant, mapper: AlignmentMapper) -> bool:
    """Whether the two positions are the last base of one exon and the first of
    the next (c.212_213ins): neighbours in the transcript, not on the genome."""
    pos = var.posedit.pos
    if pos.start.offset or pos.end.offset:
        return False
    n = mapper.c_to_n(pos) if var.type == "c" else pos
    return bool(n.end.base == n.start.base + 1)


def _check_positions(var: SequenceVariant, tx: Transcript) -> None:
    pos = var.posedit.pos
    if var.type == "c" and tx.is_coding:
        cds = tx.coding_length
        for p in (pos.start, pos.end):
            if p.datum == Datum.CDS_START and p.base > cds:
                raise HgvsRangeError(
                    f"{var}: position {p} is beyond the CDS end of {tx.accession} (c.{cds}); "
                    f"3' UTR positions are written c.*N"
                )
    if var.type == "c" and not tx.is_coding:
        raise HgvsSyntaxError(f"{var}: {tx.accession} is non-coding; use n.")
    if var.type == "n" and tx.is_coding:
        raise HgvsSyntaxError(f"{var}: {tx.accession} is coding; use c.")
    assert isinstance(pos, BaseOffsetInterval)


def _vcf(
    var: SequenceVariant,
    namer: HgvsNamer,
    build: GenomeBuild,
    start: int,
    end: int,
    notes: list[str],
) -> tuple[str, int, str, str]:
    edit = var.posedit.edit
    kind = edit.type
    minus = var.type in ("c", "n") and namer.provider.model(var.ac, build).strand < 0
    reference = namer.references.get(build)

    def bases(s: int, e: int) -> str:
        if reference is None:
            raise ReferenceUnavailableError(
                f"{var}: reference sequence unavailable for {build}: pass --reference to "
                "check the stated bases and to write the VCF allele"
            )
        return reference.fetch(s, e)

    def oriented(seq: str | None) -> str:
        seq = (seq or "").upper()
        return reverse_complement(seq) if minus else seq

    stated = oriented(getattr(edit, "ref", None))
    given = getattr(edit, "alt", None)
    if given and kind in ("sub", "delins", "ins") and set(given.upper()) - set("ACGT"):
        # the user's own allele: not the reference's fault (exit 12, not 7)
        raise HgvsSyntaxError(
            f"{var}: the inserted or substituted bases {given!r} are not a sequence of "
            "A, C, G and T"
        )
    if kind == "sub" and reference is None:
        notes.append(f"reference sequence unavailable for {build}: REF {stated} not verified")
        return ("chr20", start, stated, oriented(edit.alt))
    if kind in ("sub", "del", "delins", "dup", "inv", "identity"):
        actual = bases(start, end)
        if stated and not stated.isdigit() and "N" in actual.upper():
            raise ReferenceUnavailableError(
                f"{var}: the {build} reference base at chr20:{start}-{end} is unknown (N): "
                f"the stated {stated} cannot be checked; give a reference that has it"
            )
        if stated and not stated.isdigit() and stated != actual:
            raise HgvsReferenceMismatchError(
                f"{var} states {oriented(stated) if minus else stated} but the {build} "
                f"reference has {actual} at chr20:{start}-{end}"
            )
    if kind == "sub":
        ref, alt, pos = actual, oriented(edit.alt), start
    elif kind == "del":
        anchor = bases(start - 1, start - 1)
        pos, ref, alt = start - 1, anchor + actual, anchor
    elif kind == "delins":
        pos, ref, alt = start, actual, oriented(edit.alt)
    elif kind == "inv":
        if reverse_complement(actual) == actual:
            raise HgvsSyntaxError(
                f"{var}: {actual} is its own reverse complement: the inversion changes nothing"
            )
        pos, ref, alt = start, actual, reverse_complement(actual)
    elif kind == "dup":
        pos, ref, alt = end, actual[-1], actual[-1] + actual
    elif kind == "ins":
        anchor = bases(start, start)  # the genomically left flank, on either strand
        pos, ref, alt = start, anchor, anchor + oriented(edit.alt)
    else:
        raise HgvsSyntaxError(f"{var}: '{kind}' variants cannot be placed on the genome yet")
    if "N" in ref or "N" in alt:
        raise ReferenceUnavailableError(f"{var}: the reference has unknown bases (N) here")
    # if the shift needs an unknown base, keep the description's own position:
    # naming then reports the unknown base
    with contextlib.suppress(UnknownReferenceBaseError):
        pos, ref, alt = left_align(pos, ref, alt, bases)
    return ("chr20", pos, ref, alt)
