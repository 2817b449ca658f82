"""What a protein change is (:class:`ProteinChange`, its HGVS ``p.`` text and the
residue names), apart from how :mod:`gnas_annot.naming.protein` predicts one:
the SNV fast path and the consequence step read changes without predicting.

>>> ProteinChange("missense", 3, 3, "R", "C").hgvs(), ProteinChange("unknown").hgvs()
('p.(Arg3Cys)', 'p.?')
"""

from __future__ import annotations

from dataclasses import dataclass

THREE_LETTER = {
    "A": "Ala",
    "R": "Arg",
    "N": "Asn",
    "D": "Asp",
    "C": "Cys",
    "E": "Glu",
    "Q": "Gln",
    "G": "Gly",
    "H": "His",
    "I": "Ile",
    "L": "Leu",
    "K": "Lys",
    "M": "Met",
    "F": "Phe",
    "P": "Pro",
    "S": "Ser",
    "T": "Thr",
    "W": "Trp",
    "Y": "Tyr",
    "V": "Val",
    "*": "Ter",
    "X": "Xaa",
    "U": "Sec",
}


_FIXED = {"unknown": "p.?", "no_protein": "p.0", "unchanged": "p.(=)"}


@dataclass(frozen=True, slots=True)
class ProteinChange:
    """A predicted protein change; ``kind`` names its HGVS form.

    kinds: synonymous, missense, nonsense, start_lost, inframe_deletion,
    inframe_insertion, inframe_duplication, inframe_delins, frameshift,
    stop_lost, stop_retained, unknown (``p.?``), no_protein (``p.0``),
    unchanged (``p.(=)``: only 5' or 3' UTR bases change, see ``outside_cds``).
    """

    kind: str
    start: int = 0  # first affected residue (1-based)
    end: int = 0
    ref: str = ""  # reference residues start..end (one-letter)
    alt: str = ""  # replacing residues (one-letter)
    new_stop: int | None = None  # fs/ext: codons to the new stop, counting the first changed
    complete: bool = True  # False: a needed base was unknown; the description is the short form

    @property
    def premature_stop(self) -> int | None:
        """Codon number of a stop the change brings in before the annotated one."""
        if self.kind == "nonsense":
            return self.start
        if self.kind in ("inframe_insertion", "inframe_delins") and "*" in self.alt:
            # an insertion's new residues follow residue ``start``; a delins replaces it
            first = self.start + 1 if self.kind == "inframe_insertion" else self.start
            stop = first + self.alt.index("*")
            # a delins that replaces the annotated stop moves it: premature only if earlier
            # (c.1180_1185del, p.(Leu394_Ter395delins...Ter): an extension, not a stop gained)
            if "*" in self.ref and stop >= self.start + self.ref.index("*"):
                return None
            return stop
        return None

    def hgvs(self, one_letter: bool = False) -> str:
        if self.kind in _FIXED:
            return _FIXED[self.kind]
        if not self.complete and "X" in self.ref:
            return "p.?"  # never Xaa: a residue the reference does not know is not named
        return f"p.({self._body(one_letter)})"

    def _body(self, one: bool) -> str:
        def aa(s: str) -> str:
            return s if one else "".join(THREE_LETTER[c] for c in s)

        ter = "*" if one else "Ter"
        first = f"{aa(self.ref[:1])}{self.start}"
        span = first if self.end == self.start else f"{first}_{aa(self.ref[-1])}{self.end}"
        tail = "?" if self.new_stop is None else str(self.new_stop)
        match self.kind:
            case "start_lost":
                return f"{aa('M')}1?"
            case "synonymous" | "stop_retained":
                return f"{first}="
            case "missense" | "nonsense":
                return f"{first}{aa(self.alt)}"
            case "inframe_deletion":
                return f"{span}del"
            case "inframe_duplication":
                return f"{span}dup"
            case "inframe_insertion":
                return f"{span}ins{aa(self.alt)}"
            case "inframe_delins":
                return f"{span}delins{aa(self.alt)}"
            case "frameshift":
                if not self.complete:
                    return f"{first}fs"
                return f"{first}{aa(self.alt[:1])}fs{ter}{tail}"
            case "stop_lost":
                return f"{first}{aa(self.alt[:1])}ext{ter}{tail}"
        raise ValueError(f"unknown protein change kind {self.kind}")


def noncoding_change(region: str) -> ProteinChange:
    """Protein change of a change that touches no coding base; ``region`` is the
    transcript segment(s) it lies in (``exon 1``, ``intron 3``, ``exon 2-intron 2``).

    Wholly in one exon (so in its 5' or 3' UTR) the coding sequence and its
    splicing are untouched, so as far as sequence predicts the protein is
    unchanged: ``p.(=)``, as VariantValidator writes UTR variants (its core
    converts them from ``p.?`` to ``p.(=)``, openvar/variantValidator PR #825);
    biocommons' ``c_to_p`` gives ``p.?`` there.  A change touching an intron,
    UTR introns included, stays ``p.?``: splicing may change the coding sequence.
    """
    if region.startswith("exon") and "-" not in region:
        return ProteinChange("unchanged")
    return ProteinChange("unknown")
