"""What naming gives: the HGVS descriptions of one variant on one transcript
(:class:`TranscriptHgvs`) and on the genome and every transcript (:class:`VariantHgvs`).

Kept apart from :mod:`gnas_annot.naming.names` (which re-exports both) so the
SNV fast path (:mod:`gnas_annot.naming.snv`) builds them without importing the namer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.protein_change import ProteinChange


@dataclass(frozen=True, slots=True)
class TranscriptHgvs:
    """The description of one variant on one transcript."""

    transcript: str
    gene: str
    product: str
    hgvs: str | None  # NM_000516.7:c.565_568del; None if it cannot be numbered
    region: str  # 'exon 7', 'intron 6', 'exon 1-intron 1'
    protein: str | None = None  # NP_000507.1:p.(Asp189MetfsTer14)
    protein_one_letter: str | None = None
    protein_change: ProteinChange | None = None
    notes: tuple[str, ...] = ()

    @property
    def c_or_n(self) -> str | None:
        return self.hgvs.split(":", 1)[1] if self.hgvs else None


@dataclass(frozen=True, slots=True)
class VariantHgvs:
    build: GenomeBuild
    genomic: str | None  # NC_000020.11:g.58909196_58909199del; None: cannot be named
    other_build: str | None
    transcripts: tuple[TranscriptHgvs, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def on(self, accession: str) -> TranscriptHgvs | None:
        for t in self.transcripts:  # the common case first: the exact accession
            if t.transcript == accession:
                return t
        bare = accession.split(".")[0]  # the pack holds one version of each
        for t in self.transcripts:
            if t.transcript.split(".")[0] == bare:
                return t
        return None
