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

from gnas_annot.effect.lof import LofAssessment, LofCall
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Locus, Transcript
from gnas_annot.pack.locus import load_locus

#: what a value may not hold inside an INFO entry (VCF 4.2 reserved characters)
ESCAPE: Final = str.maketrans(
    {"|": "%7C", ",": "%2C", ";": "%3B", "=": "%3D", " ": "_", "\t": "%09"}
)
#: the same, turning the NUL that joins the values into the entry's '|'
_JOINED: Final = {**ESCAPE, 0: "|"}

#: pack locus -> its transcripts by accession; the locus object is kept to see a new pack
_BY_ACCESSION: dict[GenomeBuild, tuple[Locus, dict[str, Transcript]]] = {}


def csq_join(values: Sequence[str]) -> str:
    """``values`` escaped and joined by '|' (one INFO/GNAS entry)."""
    text = "\0".join(values)
    if text.count("\0") != len(values) - 1:  # a value holds a NUL itself: one by one
        return "|".join(v.translate(ESCAPE) for v in values)
    return text.translate(_JOINED)


def transcripts_by_accession(build: GenomeBuild) -> dict[str, Transcript]:
    """The current pack's transcript models of ``build`` by ``accession.version``
    (the first one, should the pack list an accession twice)."""
    locus = load_locus(build)
    cached = _BY_ACCESSION.get(build)
    if cached is None or cached[0] is not locus:
        table: dict[str, Transcript] = {}
        for tx in locus.transcripts:
            table.setdefault(tx.accession, tx)
        cached = _BY_ACCESSION[build] = (locus, table)
    return cached[1]


def calls_by_bare(lof: LofAssessment | None) -> dict[str, LofCall]:
    """``lof``'s calls by bare accession, as :meth:`LofAssessment.on` matches them
    (the first call with that accession)."""
    table: dict[str, LofCall] = {}
    if lof is not None:
        for call in lof.calls:
            table.setdefault(call.transcript.split(".")[0], call)
    return table
