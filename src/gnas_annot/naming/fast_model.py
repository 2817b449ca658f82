"""What the naming fast paths (:mod:`gnas_annot.naming.snv`,
:mod:`gnas_annot.naming.indel`) need of one transcript, worked out once per
run: its :class:`~gnas_annot.naming.coords.TranscriptMap`, the accession
prefixes, the genomic CDS bounds and the fixed protein answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gnas_annot.model.locus import Transcript
from gnas_annot.naming.coords import TranscriptMap
from gnas_annot.naming.protein_change import ProteinChange

#: (accession, transcript sequence, CDS start, CDS end) -> the reference protein
ReferenceProtein = Callable[[str, str, int, int], str]

# the notes a transcript's name may carry, written once for the general and the fast paths
NO_SEQUENCE_NOTE = "reference sequence unavailable: no protein prediction"
NO_SEQUENCE = (NO_SEQUENCE_NOTE,)
NO_PROTEIN_ACCESSION = "the protein accession of this transcript is not in the pack"
INCOMPLETE = "protein prediction incomplete: reference bases unknown where needed"


#: noncoding_change's two answers, shared (immutable)
UNKNOWN = ProteinChange("unknown")
UNCHANGED = ProteinChange("unchanged")


@dataclass(frozen=True, slots=True)
class FastModel:
    """What naming an SNV or a simple indel on ``tx`` needs, worked out once per run."""

    tx: Transcript
    tmap: TranscriptMap
    prefix: str  # 'NM_000516.7:c.' / 'NR_003259.1:n.'
    protein_prefix: str  # 'NP_000507.1:' ('' when the pack has no protein accession)
    cds_lo: int  # genomic CDS bounds; 0, -1 for a non-coding transcript
    cds_hi: int
    #: protein_prefix + 'p.?' / 'p.(=)': an intronic / a UTR change on a coding transcript
    unknown: str
    unchanged: str

    @classmethod
    def of(cls, tx: Transcript, tmap: TranscriptMap) -> FastModel:
        lo, hi = 0, -1
        if tx.cds_start is not None and tx.cds_end is not None:
            lo, hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)
        protein = f"{tx.protein}:" if tx.protein else ""
        return cls(
            tx,
            tmap,
            f"{tx.accession}:{'c.' if tx.is_coding else 'n.'}",
            protein,
            lo,
            hi,
            protein + UNKNOWN.hgvs(),
            protein + UNCHANGED.hgvs(),
        )
