"""Which transcripts an allele is reported on: all (the default), a list
(``--transcripts``), or one per allele (``--pick``, as VEP's ``--pick``).

GNAS is imprinted and its alternative first exons make different proteins, so
one transcript per allele hides what matters (an XLalphas-only variant looks
intronic on Gs-alpha's MANE Select): the default is every transcript.

>>> TranscriptChoice.parse("NM_000516,ENST00000371100").wanted
('NM_000516', 'ENST00000371100')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from gnas_annot.annotate.results import (
    MANE_PLUS_CLINICAL,
    MANE_SELECT,
    AnnotatedVariant,
    transcript_facts,
)
from gnas_annot.effect.consequence import TranscriptConsequence
from gnas_annot.errors import UsageError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus

#: VEP's IMPACT order, most severe first (its "rank" criterion, coarsened)
_IMPACT_RANK = {"HIGH": 0, "MODERATE": 1, "LOW": 2, "MODIFIER": 3}


@dataclass(frozen=True, slots=True)
class TranscriptChoice:
    """``wanted``: accessions (with or without version) or Ensembl IDs; empty = all."""

    wanted: tuple[str, ...] = ()
    pick: bool = False

    @classmethod
    def parse(cls, transcripts: str | None = None, pick: bool = False) -> TranscriptChoice:
        wanted = tuple(t.strip() for t in (transcripts or "").split(",") if t.strip())
        return cls(wanted, pick)

    def check(self, build: GenomeBuild) -> None:
        """Refuse a name the pack does not know (a typo would silently empty the table)."""
        known = load_locus(build).transcripts
        for name in self.wanted:
            if not any(_matches(name, t.accession, t.ensembl) for t in known):
                raise UsageError(
                    f"--transcripts {name}: not a GNAS transcript of the pack "
                    f"(`gnas-annot data show` lists them: "
                    + ", ".join(t.accession for t in known)
                    + ")"
                )

    @property
    def everything(self) -> bool:
        return not self.wanted and not self.pick

    def apply(self, annotated: Iterable[AnnotatedVariant]) -> Iterator[AnnotatedVariant]:
        if self.everything:  # every transcript: the alleles as they come, no extra layer
            return iter(annotated)
        return (self.choose(av) for av in annotated)

    def choose(self, av: AnnotatedVariant) -> AnnotatedVariant:
        if av.consequences is None:
            return av
        kept = [tc for tc in av.transcripts if self._wanted(av, tc)]
        if self.pick and kept:
            kept = [min(kept, key=lambda tc: _pick_key(av, tc))]
        consequences = dataclasses.replace(av.consequences, transcripts=tuple(kept))
        return dataclasses.replace(av, consequences=consequences)

    def _wanted(self, av: AnnotatedVariant, tc: TranscriptConsequence) -> bool:
        if not self.wanted:
            return True
        facts = transcript_facts(av.variant.build, tc.transcript, av.pack)
        ensembl = facts.ensembl if facts else None
        return any(_matches(name, tc.transcript, ensembl) for name in self.wanted)


def _matches(name: str, accession: str, ensembl: str | None) -> bool:
    """Exact, or without the version (NM_000516 matches NM_000516.7)."""
    for known in (accession, ensembl):
        if known and (name == known or ("." not in name and known.split(".")[0] == name)):
            return True
    return False


def _pick_key(av: AnnotatedVariant, tc: TranscriptConsequence) -> tuple[int, int, int, int, int]:
    """VEP's default --pick_order, with the criteria the pack has: MANE Select,
    MANE Plus Clinical, canonical, protein-coding biotype, consequence rank,
    then the longer transcript."""
    facts = transcript_facts(av.variant.build, tc.transcript, av.pack)
    mane = facts.mane if facts else None
    length = facts.exonic_length if facts else 0
    return (
        mane != MANE_SELECT,
        mane != MANE_PLUS_CLINICAL,
        tc.biotype != "protein_coding",
        _IMPACT_RANK.get(tc.impact, len(_IMPACT_RANK)),
        -length,
    )
