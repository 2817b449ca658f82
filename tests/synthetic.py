"""A SYNTHETIC chr20 for mechanism tests of HGVS naming (not real sequence).

Real bases from ../shared/data are kept where they are known (the Gs-alpha
coding exons 2-13, the Kozak/start codon, a few snippets); every other base
of the locus is drawn at random, under the constraints a transcript needs
to be translatable: each coding transcript starts with ATG, ends with a stop
codon and has no premature in-frame stop.  With every base known, biocommons
hgvs can serve as the oracle for our own shifting, numbering and p. logic.
"""

from __future__ import annotations

import random
from functools import cache

from facts import reference_pieces
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus

OFFSET = 1_424_945
STOPS = {"TAA", "TAG", "TGA"}


@cache
def synthetic_grch38(seed: int = 1) -> tuple[int, str]:
    """(start, bases) of the gnas+stx16 region of a synthetic GRCh38 chr20."""
    locus = load_locus(GenomeBuild.GRCh38)
    region = locus.extraction_region("gnas+stx16")
    rng = random.Random(seed)
    seq = [rng.choice("ACGT") for _ in range(len(region))]
    known = [False] * len(region)
    for start, bases in reference_pieces("GRCh38").items():
        for i, base in enumerate(bases):
            if base != "N":
                seq[start - region.start + i] = base
                known[start - region.start + i] = True
    for tx in locus.transcripts:
        if not tx.is_coding:
            continue
        positions = [
            p
            for e in tx.exons
            for p in range(e.start, e.end + 1)
            if tx.cds_start <= p <= tx.cds_end
        ]
        codons = [positions[i : i + 3] for i in range(0, len(positions), 3)]
        for k, codon in enumerate(codons):
            idx = [p - region.start for p in codon]
            if k == 0:
                target = "ATG"
            elif k == len(codons) - 1:
                target = None if all(known[i] for i in idx) else "TAA"
            else:
                target = None
            if target:
                for i, b in zip(idx, target, strict=True):
                    if not known[i]:
                        seq[i] = b
            while k < len(codons) - 1 and "".join(seq[i] for i in idx) in STOPS:
                free = [i for i in idx if not known[i]]
                assert free, f"a real stop codon inside {tx.accession}?"
                seq[rng.choice(free)] = rng.choice("ACGT")
    return region.start, "".join(seq)


def synthetic_pieces(build: GenomeBuild) -> dict[int, str]:
    start, seq = synthetic_grch38()
    return {start - (OFFSET if build is GenomeBuild.GRCh37 else 0): seq}
