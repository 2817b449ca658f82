"""The pack's exon models by accession, and transcript sequences spliced out of
the user's reference: what naming needs, without biocommons hgvs.

:class:`~gnas_annot.naming.provider.GnasDataProvider` is this plus hgvs' data
provider interface.  The naming hot path uses this class alone, so annotating
a VCF does not import hgvs (about 0.15 s of start-up) unless HGVS text is
parsed or biocommons is asked directly.

Sequences are derived, never stored: a transcript's sequence is its exons
spliced out of the reference of the first build that has one (``N`` where the
reference does not know a base); without a reference there is none.

>>> PackSequences().known_transcript_sequence("NM_000516.7") is None  # no reference
True
>>> PackSequences().find_model("NM_000516.7").strand
1
"""

from __future__ import annotations

from collections.abc import Mapping

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Locus, Transcript
from gnas_annot.pack.store import Pack, load_pack
from gnas_annot.seq.codons import reverse_complement
from gnas_annot.seq.reference import ReferenceGenome


class PackSequences:
    """Exon models and spliced sequences; ``references`` maps a build to an open
    :class:`ReferenceGenome` (builds without one still have models); the models are
    ``pack``'s (default: the current pack)."""

    def __init__(
        self,
        references: Mapping[GenomeBuild, ReferenceGenome] | None = None,
        pack: Pack | None = None,
    ) -> None:
        self.references = dict(references or {})
        #: the pack the models come from: what asks about them asks this pack too
        self.pack = pack if pack is not None else load_pack()
        self.loci: dict[GenomeBuild, Locus] = {b: self.pack.locus(b) for b in GenomeBuild}
        self._models: dict[str, dict[GenomeBuild, Transcript]] = {}
        for build, locus in self.loci.items():
            for tx in locus.transcripts:
                if tx.has_exon_model:
                    self._models.setdefault(tx.accession, {})[build] = tx
        self._seq_cache: dict[str, str] = {}

    def _share(self, other: PackSequences) -> None:
        """Use ``other``'s references, models and sequence cache (one pack load)."""
        self.references, self.pack, self.loci = other.references, other.pack, other.loci
        self._models, self._seq_cache = other._models, other._seq_cache

    @property
    def accessions(self) -> tuple[str, ...]:
        """Transcripts with an exon model."""
        return tuple(self._models)

    def find_model(self, tx_ac: str, build: GenomeBuild | None = None) -> Transcript | None:
        """The exon model of ``tx_ac`` on ``build`` (default: the first build with a
        reference that has it, else GRCh38), or None for an unknown transcript."""
        models = self._models.get(tx_ac)
        if not models:
            return None
        if build is None:
            build = next((b for b in self.references if b in models), GenomeBuild.GRCh38)
        return models[build]

    def known_transcript_sequence(self, tx_ac: str) -> str | None:
        """The transcript's exonic sequence, 5' to 3', or None when no reference
        serves it (or the transcript has no exon model)."""
        if tx_ac not in self._seq_cache:
            models = self._models.get(tx_ac, {})
            build = next((b for b in self.references if b in models), None)
            if build is None:
                return None
            tx, reference = models[build], self.references[build]
            seq = "".join(reference.fetch(e.start, e.end) for e in tx.exons)
            self._seq_cache[tx_ac] = seq if tx.strand > 0 else reverse_complement(seq)
        return self._seq_cache[tx_ac]


def transcript_offset(tx: Transcript, pos: int) -> int:
    """0-based offset of exonic genomic position ``pos`` in the transcript (5' to 3')."""
    offset = 0
    exons = tx.exons if tx.strand > 0 else tuple(reversed(tx.exons))
    for exon in exons:
        if exon.start <= pos <= exon.end:
            return offset + (pos - exon.start if tx.strand > 0 else exon.end - pos)
        offset += exon.length
    raise ValueError(f"{pos} is not exonic in {tx.accession}")
