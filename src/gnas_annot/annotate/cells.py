"""Building blocks of the output cells that every allele x transcript needs, made cheap.

The writers ask, for each transcript consequence of each allele, for the pack's
facts of that transcript (MANE, Ensembl ID) and for the LoF call on it; and the
VCF writer escapes some thirty values per entry.  Looked up by scanning the
locus or the calls, and escaped one value at a time, this was the better part of
writing a dense VCF; here the lookups are dictionaries built once (per pack
locus, per allele) and an entry is escaped in one ``str.translate`` call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from gnas_annot.effect.geometry import transcripts_by_accession
from gnas_annot.effect.lof import LofAssessment, LofCall

__all__ = ["ESCAPE", "calls_by_bare", "csq_join", "escape_joined", "transcripts_by_accession"]

#: what a value may not hold inside an INFO entry (VCF 4.2 reserved characters), and
#: what it becomes.  No replacement holds a character that is replaced, so replacing
#: them one after the other is the same as replacing them all at once
_RESERVED: Final = (
    ("|", "%7C"),
    (",", "%2C"),
    (";", "%3B"),
    ("=", "%3D"),
    (" ", "_"),
    ("\t", "%09"),
)
ESCAPE: Final = str.maketrans(dict(_RESERVED))


def escape_joined(text: str) -> str:
    """NUL-joined values escaped (:data:`ESCAPE`), each NUL turned into the entry's '|'.

    Six C-level ``str.replace`` passes: ``str.translate`` with a table that maps one
    character to several goes through Python objects character by character, and
    took 3-4 times as long on an entry."""
    return (
        text.replace("|", "%7C")
        .replace(",", "%2C")
        .replace(";", "%3B")
        .replace("=", "%3D")
        .replace(" ", "_")
        .replace("\t", "%09")
        .replace("\0", "|")
    )


def csq_join(values: Sequence[str]) -> str:
    """``values`` escaped and joined by '|' (one INFO/GNAS entry)."""
    text = "\0".join(values)
    if text.count("\0") != len(values) - 1:  # a value holds a NUL itself: one by one
        return "|".join(v.translate(ESCAPE) for v in values)
    return escape_joined(text)


def calls_by_bare(lof: LofAssessment | None) -> dict[str, LofCall]:
    """``lof``'s calls by bare accession, as :meth:`LofAssessment.on` matches them
    (the first call with that accession)."""
    table: dict[str, LofCall] = {}
    if lof is not None:
        for call in lof.calls:
            table.setdefault(call.transcript.split(".")[0], call)
    return table
