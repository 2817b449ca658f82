"""Codons and strands: the one translation and the one reverse complement,
both from ``bioutils`` (installed with biocommons hgvs).

The standard code is bioutils' ``dna_to_aa1_lut``, which also reads codons
with IUPAC ambiguity where every reading gives the same residue (``GCN`` is
Ala whatever ``N`` is).  Any other codon, including one whose unknown base
matters, is ``X``: never a guess.

>>> translate("ATGGCNTGANNGTAA")
'MA*X*'
>>> reverse_complement("ACGTN")
'NACGT'
"""

from __future__ import annotations

from bioutils.sequences import dna_to_aa1_lut
from bioutils.sequences import reverse_complement as _reverse_complement

_CODONS: dict[str, str] = dict(dna_to_aa1_lut)


def translate(cds: str) -> str:
    """One-letter translation of whole codons; ``*`` for a stop, ``X`` when unknown."""
    return "".join(_CODONS.get(cds[i : i + 3], "X") for i in range(0, len(cds) - 2, 3))


def reverse_complement(seq: str) -> str:
    """Reverse complement (case and ``N`` kept)."""
    result: str = _reverse_complement(seq)
    return result
