"""Codons, strands and amino-acid codes: the one translation, the one reverse
complement and the one 1- <-> 3-letter conversion.

They are the tables of ``bioutils.sequences`` (tests/test_codon_tables.py
compares them entry by entry), written here because importing ``bioutils``
reads every installed package's metadata for its version: a quarter of the CPU
time of annotating an exome's GNAS records.

The standard code (NCBI translation table 1) also reads codons with IUPAC
ambiguity where every reading gives the same residue (``GCN`` is Ala whatever
``N`` is).  Any other codon, including one whose unknown base matters, is
``X``: never a guess.

>>> translate("ATGGCNTGANNGTAA")
'MA*X*'
>>> reverse_complement("ACGTN")
'NACGT'
>>> aa1_to_aa3("M*"), aa3_to_aa1("MetTer")
('MetTer', 'M*')
"""

from __future__ import annotations

from itertools import product

_BASES = "TCAG"
#: NCBI translation table 1, codons in TCAG order (TTT, TTC, TTA, TTG, TCT ...)
_STANDARD = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
_IUPAC = {
    "A": "A", "C": "C", "G": "G", "T": "T", "R": "AG", "Y": "CT", "S": "CG", "W": "AT",
    "K": "GT", "M": "AC", "B": "CGT", "D": "AGT", "H": "ACT", "V": "ACG", "N": "ACGT",
}  # fmt: skip
_AA3 = {
    "A": "Ala", "R": "Arg", "N": "Asn", "D": "Asp", "B": "Asx", "C": "Cys", "Q": "Gln",
    "E": "Glu", "G": "Gly", "H": "His", "I": "Ile", "J": "Xle", "L": "Leu", "K": "Lys",
    "M": "Met", "F": "Phe", "P": "Pro", "S": "Ser", "T": "Thr", "W": "Trp", "Y": "Tyr",
    "V": "Val", "X": "Xaa", "*": "Ter", "U": "Sec", "Z": "Glx",
}  # fmt: skip
_AA1 = {three: one for one, three in _AA3.items()}
_COMPLEMENT = str.maketrans("ACGT", "TGCA")  # upper case only, as bioutils


#: codon -> residue: the 64 exact codons from the start, a codon with IUPAC letters
#: added when first met (reading all 3,375 at import took a tenth of the start-up
#: of a small run)
_CODONS: dict[str, str] = {
    "".join(c): aa for c, aa in zip(product(_BASES, repeat=3), _STANDARD, strict=True)
}


def _ambiguous(codon: str) -> str:
    """The residue every reading of ``codon`` gives, else ``X`` (also for anything
    that is not three IUPAC letters, which is not kept)."""
    if len(codon) != 3 or not all(base in _IUPAC for base in codon):
        return "X"
    residues = {_CODONS["".join(b)] for b in product(*(_IUPAC[x] for x in codon))}
    residue = residues.pop() if len(residues) == 1 else "X"
    _CODONS[codon] = residue
    return residue


def translate(cds: str) -> str:
    """One-letter translation of whole codons; ``*`` for a stop, ``X`` when unknown."""
    get = _CODONS.get
    return "".join(
        [get(cds[i : i + 3]) or _ambiguous(cds[i : i + 3]) for i in range(0, len(cds) - 2, 3)]
    )


def reverse_complement(seq: str) -> str:
    """Reverse complement (case and ``N`` kept)."""
    return seq.translate(_COMPLEMENT)[::-1]


def aa1_to_aa3(seq: str) -> str:
    """``"M*"`` -> ``"MetTer"``; a letter that is no amino-acid code raises KeyError."""
    return "".join(_AA3[aa] for aa in seq)


def aa3_to_aa1(seq: str) -> str:
    """``"MetTer"`` -> ``"M*"``; a triplet that is no amino-acid code raises KeyError."""
    return "".join(_AA1[seq[i : i + 3]] for i in range(0, len(seq), 3))
