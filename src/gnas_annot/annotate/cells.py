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

__all__ = [
    "ESCAPE",
    "calls_by_bare",
    "calls_by_bare_of",
    "csq_join",
    "escape_joined",
    "transcripts_by_accession",
]

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

    C-level ``str.replace`` passes, each only when ``in`` finds its character:
    ``str.translate`` with a table that maps one character to several goes through
    Python objects character by character, and ``str.replace`` of one character by
    several counts the matches first, char by char, even when there is none (most
    entries hold none of ``|,;=`` or a tab), where ``in`` is a ``memchr``."""
    if "|" in text:
        text = text.replace("|", "%7C")
    if "," in text:
        text = text.replace(",", "%2C")
    if ";" in text:
        text = text.replace(";", "%3B")
    if "=" in text:
        text = text.replace("=", "%3D")
    if " " in text:
        text = text.replace(" ", "_")
    if "\t" in text:
        text = text.replace("\t", "%09")
    return text.replace("\0", "|")


def csq_join(values: Sequence[str]) -> str:
    """``values`` escaped and joined by '|' (one INFO/GNAS entry)."""
    text = "\0".join(values)
    if text.count("\0") != len(values) - 1:  # a value holds a NUL itself: one by one
        return "|".join(v.translate(ESCAPE) for v in values)
    return escape_joined(text)


def calls_by_bare(lof: LofAssessment | None) -> dict[str, LofCall]:
    """``lof``'s calls by bare accession, as :meth:`LofAssessment.on` matches them
    (the first call with that accession)."""
    return calls_by_bare_of(lof.calls) if lof is not None else {}


def calls_by_bare_of(calls: Sequence[LofCall]) -> dict[str, LofCall]:
    """``calls`` by bare accession (the first call with that accession)."""
    table: dict[str, LofCall] = {}
    for call in calls:
        table.setdefault(call.transcript.split(".")[0], call)
    return table
