"""Truth for the differential tests, computed from rules and real bases alone.

Nothing here calls gnas_annot.  The inputs are facts: the exon table of
NM_000516.7 in tests/data (both builds) and the real bases that
tests/facts.py reads at run time (c.-3..c.3 and c.140..c.1182; never stored
in this repository).  Every other base is unknown (``N``): an unknown base
never equals another base, so no shift crosses it and no codon holding it is
translated.  The stop codon c.1183-c.1185 is annotated but its bases are
unknown: it is written ``ZZZ`` and read as Ter only as a whole codon.

The rules written out here:

* the standard genetic code (TCAG order), not taken from a library;
* the HGVS 3' rule for c. names (shift to the 3'-most position, a shifted
  insertion equal to the bases before it is a duplication) and its protein
  counterpart (the longest common prefix first, then the common suffix);
* the HGVS protein descriptions: substitution, ``=``, Ter, del, dup, ins,
  delins, frameshift ``fsTerN`` counted from the first changed residue;
* VCF left-alignment (the form a caller writes and ``bcftools csq`` reads);
* Ensembl VEP's classes: frameshift_variant (by length, for an allele wholly in the
  CDS), stop_gained, inframe_deletion / inframe_insertion, missense / synonymous,
  start_lost, and splice_region_variant (1-3 exonic or 3-8 intronic bases of a
  junction).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

from facts import nm000516_exons, real_sequence

TX = "NM_000516.7"
CDS_LENGTH = 1185  # c.1-c.1185, the stop codon included (exon table, #CDS row)
STOP_CODON = 395  # annotated stop, c.1183-1185 (bases unknown)
FIRST_KNOWN, LAST_KNOWN = 140, 1182  # the known coding bases (besides c.-3..c.3)

# the standard genetic code, written out (TCAG order), not taken from any library
_AA = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
CODE = {"".join(c): aa for c, aa in zip(itertools.product("TCAG", repeat=3), _AA, strict=True)}
CODE["ZZZ"] = "*"  # the annotated stop codon, read as a whole codon only
_NAMES = "Ala Arg Asn Asp Cys Gln Glu Gly His Ile Leu Lys Met Phe Pro Ser Thr Trp Tyr Val Ter"
THREE = dict(zip("ARNDCQEGHILKMFPSTWYV*", _NAMES.split(" "), strict=True))


def residue(codon: str) -> str:
    return CODE.get(codon, "X")  # X: a codon with an unknown base


def _line(c: int) -> int:
    return c if c < 0 else c - 1


@dataclass(frozen=True)
class Exon:
    number: int
    start: int  # genomic, 1-based inclusive
    end: int
    c_start: int  # c. of ``start`` (negative in the 5' UTR)


@dataclass(frozen=True)
class Locus:
    """NM_000516.7 on one build: exons and the real bases where they are known."""

    build: str
    exons: tuple[Exon, ...]
    bases: dict[int, str]  # genomic position -> base, known positions only

    def base(self, g: int) -> str:
        return self.bases.get(g, "N")

    def fetch(self, first: int, last: int) -> str:
        return "".join(self.base(g) for g in range(first, last + 1))

    def exon_of(self, g: int) -> Exon | None:
        return next((e for e in self.exons if e.start <= g <= e.end), None)

    # c. numbers skip 0 (c.-1 is followed by c.1): count on a line without that gap

    def c_of(self, g: int) -> int:
        exon = self.exon_of(g)
        assert exon is not None, g
        line = _line(exon.c_start) + g - exon.start
        return line if line < 0 else line + 1

    def g_of(self, c: int) -> int:
        assert c != 0
        for e in self.exons:
            if _line(e.c_start) <= _line(c) <= _line(e.c_start) + e.end - e.start:
                return e.start + _line(c) - _line(e.c_start)
        raise ValueError(f"c.{c}")

    def c_text(self, g: int) -> str:
        """HGVS c. position of a genomic position (exonic, or an intron's first/last bases)."""
        exon = self.exon_of(g)
        if exon is not None:
            c = self.c_of(g)
            return f"*{c - CDS_LENGTH}" if c > CDS_LENGTH else str(c)
        before = max((e for e in self.exons if e.end < g), key=lambda e: e.end)
        after = min((e for e in self.exons if e.start > g), key=lambda e: e.start)
        if g - before.end <= after.start - g:
            return f"{self.c_text(before.end)}+{g - before.end}"
        return f"{self.c_text(after.start)}-{after.start - g}"

    def junctions(self) -> list[tuple[int, int]]:
        """(last exonic base, first exonic base) of every intron, genomic."""
        return [(a.end, b.start) for a, b in itertools.pairwise(self.exons)]

    def mrna(self) -> str:
        """c.-3-c.1185 as far as known, N elsewhere, the stop codon as ZZZ."""
        if self.build not in _MRNA:
            known = "".join(self.base(self.g_of(c)) for c in range(-3, CDS_LENGTH - 2) if c)
            _MRNA[self.build] = known + "ZZZ"
        return _MRNA[self.build]


_MRNA: dict[str, str] = {}  # per build: computed once


@cache
def locus(build: str) -> Locus:
    rows = nm000516_exons()
    exons = tuple(Exon(r["exon"], r[build], r[f"{build}_end"], r["c_start"]) for r in rows)
    pieces = real_sequence().pieces[build]
    placeholder = Locus(build, exons, {})
    wanted = {
        placeholder.g_of(c) for c in [-3, -2, -1, 1, 2, 3, *range(FIRST_KNOWN, LAST_KNOWN + 1)]
    }
    bases = {
        start + i: b
        for start, seq in pieces.items()
        for i, b in enumerate(seq.upper())
        if start + i in wanted and b in "ACGT"
    }
    assert len(bases) == len(wanted), "the real sequence lacks CDS bases"
    return Locus(build, exons, bases)


# -- a change on the genome ------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """Replace ``deleted`` bases from genomic ``at`` by ``inserted``; an insertion
    (deleted=0) goes between ``at - 1`` and ``at``.  Pure deletions and pure
    insertions only (what the differential enumerates besides SNVs)."""

    at: int
    deleted: int
    inserted: str

    @property
    def last(self) -> int:
        return self.at + self.deleted - 1


def shift(loc: Locus, ch: Change, to_3prime: bool) -> Change:
    """Move a deletion or insertion along a run of equal bases, to its 3'-most
    (HGVS) or 5'-most (VCF left-aligned) place; never across an unknown base."""
    at, ins, n = ch.at, ch.inserted, ch.deleted
    if n and not ins:
        while True:
            if to_3prime and loc.base(at) == loc.base(at + n) != "N":
                at += 1
            elif not to_3prime and loc.base(at - 1) == loc.base(at + n - 1) != "N":
                at -= 1
            else:
                return Change(at, n, "")
    if ins and not n:
        while True:
            if to_3prime and ins[0] == loc.base(at) != "N":
                ins, at = ins[1:] + ins[0], at + 1
            elif not to_3prime and ins[-1] == loc.base(at - 1) != "N":
                ins, at = ins[-1] + ins[:-1], at - 1
            else:
                return Change(at, 0, ins)
    return ch  # a substitution does not move


def vcf_record(loc: Locus, ch: Change) -> tuple[int, str, str]:
    """POS, REF, ALT of the left-aligned change (anchored on the base before it;
    that base may be unknown, N, as in the reference)."""
    if ch.deleted == len(ch.inserted) == 1:
        return ch.at, loc.base(ch.at), ch.inserted
    left = shift(loc, ch, to_3prime=False)
    anchor = left.at - 1
    return anchor, loc.fetch(anchor, left.last), loc.base(anchor) + left.inserted


def c_name(loc: Locus, ch: Change) -> str:
    """The HGVS c. name after the 3' rule."""
    if ch.deleted == len(ch.inserted) == 1:
        return f"c.{loc.c_text(ch.at)}{loc.base(ch.at)}>{ch.inserted}"
    right = shift(loc, ch, to_3prime=True)
    if right.deleted:
        span = loc.c_text(right.at)
        if right.deleted > 1:
            span += f"_{loc.c_text(right.last)}"
        return f"c.{span}del"
    k = len(right.inserted)
    if loc.fetch(right.at - k, right.at - 1) == right.inserted:
        span = loc.c_text(right.at - k) + (f"_{loc.c_text(right.at - 1)}" if k > 1 else "")
        return f"c.{span}dup"
    return f"c.{loc.c_text(right.at - 1)}_{loc.c_text(right.at)}ins{right.inserted}"


UTR = 3  # mrna() starts at c.-3


def _index(c: int) -> int:
    """Index of c. in mrna() (there is no c.0)."""
    return c + UTR - (1 if c > 0 else 0)


def alt_mrna(loc: Locus, ch: Change) -> str:
    """mrna() with the change applied (the change lies in an exon, or is an
    insertion at an exon/intron junction: the splice sites stay intact, so the
    new bases are spliced in)."""
    mrna = loc.mrna()
    if ch.deleted:
        first = _index(loc.c_of(ch.at))
        return mrna[:first] + ch.inserted + mrna[first + ch.deleted :]
    exon = loc.exon_of(ch.at)
    before = _index(loc.c_of(ch.at)) if exon is not None else _index(loc.c_of(ch.at - 1)) + 1
    return mrna[:before] + ch.inserted + mrna[before:]


# -- what the change does to the protein -------------------------------------------------


def _codons(seq: str) -> list[str]:
    return [seq[i : i + 3] for i in range(0, len(seq) - 2, 3)]


def _aa(residues: str, first: int) -> str:
    """``Glu101`` or ``Glu101_Ala102`` for residues numbered from ``first``."""
    out = f"{THREE[residues[0]]}{first}"
    if len(residues) > 1:
        out += f"_{THREE[residues[-1]]}{first + len(residues) - 1}"
    return out


@dataclass(frozen=True)
class Truth:
    """What a change does, from the sequence and the rules alone."""

    c_name: str
    frameshift: bool
    first: int  # first changed residue (1-based), 0: none changed
    ptc: int | None  # premature stop codon, None: none or not in the known sequence
    stop_known: bool  # False: the new frame ran into unknown bases before a stop
    protein: str | None  # expected p. (None: a judgement or not determinable, not compared)
    protein_prefix: str | None  # the start of p. where only that is determined
    terms: frozenset[str]  # VEP terms that must be present
    absent: frozenset[str]  # VEP terms that must not be present
    start_lost: bool
    judged: bool = True  # False: the rules cannot decide (unknown bases); only c. compared


def _same(ref: list[str], alt: list[str], i: int, j: int) -> bool:
    """Codons equal, or the same known residue."""
    return ref[i] == alt[j] or residue(ref[i]) == residue(alt[j]) != "X"


def protein_truth(
    loc: Locus, ch: Change
) -> tuple[bool, int, int | None, bool, str | None, str | None]:
    """(frameshift, first changed residue, ptc, stop_known, p., p. prefix)."""
    ref = _codons(loc.mrna()[UTR:])
    alt = _codons(alt_mrna(loc, ch)[UTR:])
    frameshift = (len(ch.inserted) - ch.deleted) % 3 != 0
    k = 0
    while k < min(len(ref), len(alt)) and _same(ref, alt, k, k):
        k += 1
    if k >= len(ref):  # the protein reads to the same stop: nothing before it changed
        return frameshift, len(ref), None, True, None, None
    ref_aa = residue(ref[k])
    unknown = ref_aa == "X" or residue(alt[k]) == "X" if k < len(alt) else ref_aa == "X"
    if frameshift:
        ptc, stop_known = None, False
        for j in range(k, len(alt)):
            if residue(alt[j]) == "*":
                ptc, stop_known = j + 1, True
                break
            if residue(alt[j]) == "X" and j > k:  # the changed codon itself may hold c.139
                break
        if unknown or ref_aa == "*":
            return True, k + 1, ptc, stop_known, None, None
        if ptc is None:  # the stop lies beyond the known bases
            return True, k + 1, None, False, None, f"p.({THREE[ref_aa]}{k + 1}"
        alt_aa = residue(alt[k])
        name = f"{THREE[ref_aa]}{k + 1}"
        protein = f"p.({name}Ter)" if alt_aa == "*" else f"p.({name}{THREE[alt_aa]}fsTer{ptc - k})"
        return True, k + 1, ptc, True, protein, None
    # in frame: the common suffix after the longest common prefix (the protein 3' rule)
    s = 0
    while s < min(len(ref), len(alt)) - k and _same(ref, alt, len(ref) - 1 - s, len(alt) - 1 - s):
        s += 1
    deleted = "".join(residue(c) for c in ref[k : len(ref) - s])
    inserted = "".join(residue(c) for c in alt[k : len(alt) - s])
    if k == 0 or "X" in deleted + inserted + residue(ref[k - 1]) + ref_aa or "*" in deleted:
        # an unknown residue, the initiation codon, a lost stop: not named here; but a
        # whole new stop codon among the new ones is known (NAG TAG ...): a stop gained
        ptc = k + 1 + inserted.index("*") if "*" in inserted and k else None
        return False, k + 1, ptc, True, None, None
    if "*" in inserted and ref_aa == "*":
        return False, k + 1, None, True, None, None  # a new stop right before the old one
    if "*" in inserted:
        ptc = k + 1 + inserted.index("*")
        if inserted[0] == "*":
            return False, k + 1, ptc, True, f"p.({THREE[ref_aa]}{k + 1}Ter)", None
        if not deleted and inserted.endswith("*"):
            # whole translations compared: the new residues and the stop are inserted
            around = _aa(residue(ref[k - 1]) + ref_aa, k)
            new = "".join(THREE[a] for a in inserted)
            return False, k + 1, ptc, True, f"p.({around}ins{new})", None
        # residues replaced before the new stop: only the first changed one is pinned
        return False, k + 1, ptc, True, None, f"p.({THREE[ref_aa]}{k + 1}"
    if not inserted:
        return False, k + 1, None, True, f"p.({_aa(deleted, k + 1)}del)", None
    if not deleted:
        n = len(inserted)
        before = "".join(residue(c) for c in ref[k - n : k])
        if before == inserted:
            return False, k + 1, None, True, f"p.({_aa(inserted, k - n + 1)}dup)", None
        around = _aa(residue(ref[k - 1]) + ref_aa, k)
        return (
            False,
            k + 1,
            None,
            True,
            f"p.({around}ins{''.join(THREE[a] for a in inserted)})",
            None,
        )
    if len(deleted) == len(inserted) == 1:
        return False, k + 1, None, True, f"p.({THREE[deleted]}{k + 1}{THREE[inserted]})", None
    new = "".join(THREE[a] for a in inserted)
    return False, k + 1, None, True, f"p.({_aa(deleted, k + 1)}delins{new})", None


def _splice_region(loc: Locus) -> tuple[set[int], set[int]]:
    """(exonic, intronic) genomic bases of VEP's splice_region: 1-3 exonic and
    3-8 intronic bases of every junction (the intronic +1/+2, -1/-2 are the
    splice sites themselves)."""
    exonic: set[int] = set()
    intronic: set[int] = set()
    for last, first in loc.junctions():
        exonic |= {last - 2, last - 1, last, first, first + 1, first + 2}
        intronic |= set(range(last + 1, last + 9)) | set(range(first - 8, first))
    return exonic, intronic


def nmd_boundary(loc: Locus) -> int:
    """c. of the last base whose stop triggers NMD: 50 nt before the last junction."""
    last, _ = loc.junctions()[-1]
    return loc.c_of(last) - 50


def start_altered(mrna: str, alt: str) -> bool | None:
    """VEP's ``_ins_del_start_altered``: with the change applied to UTR + CDS, the
    start is kept only if the whole CDS is still its end (the change then amounts
    to one in the UTR).  None: only unknown bases (N) decide."""
    cds = mrna[UTR:]
    full = "N" * 12 + alt  # the UTR before c.-3 is not known
    if len(full) < len(cds):
        return True
    pairs = list(zip(full[len(full) - len(cds) :], cds, strict=True))
    if any(a != b and "N" not in (a, b) for a, b in pairs):
        return True
    return None if any(a != b for a, b in pairs) else False


def crosses_cds_start(loc: Locus, ch: Change) -> bool:
    """True when the 3' rule moves the change from the 5' UTR into the CDS."""
    left, right = shift(loc, ch, False), shift(loc, ch, True)
    if left == right:
        return False
    lo = loc.c_of(left.at) if ch.deleted else loc.c_of(left.at - 1)
    hi = loc.c_of(right.last) if ch.deleted else loc.c_of(right.at)
    return lo < 1 <= hi


def expect(loc: Locus, ch: Change) -> Truth:
    """Everything the tool is compared on, from the rules above."""
    name = c_name(loc, ch)
    left = shift(loc, ch, to_3prime=False)
    terms: set[str] = set()
    absent: set[str] = set()
    exonic, intronic = _splice_region(loc)
    if ch.deleted:
        span = set(range(left.at, left.last + 1))
        (terms if span & exonic else absent).add("splice_region_variant")
    else:
        flanks = {left.at - 1, left.at}
        at_junction = any(flanks == {a, a + 1} or flanks == {b - 1, b} for a, b in loc.junctions())
        if at_junction or flanks <= exonic:
            terms.add("splice_region_variant")
        elif not flanks & (exonic | intronic):
            absent.add("splice_region_variant")
    # the start codon is judged on the left-aligned change, as VEP judges the allele
    # it is given: c.1_2insAAA left-aligns to c.-1_1insAAA, whose ATG stays whole
    c_first = loc.c_of(left.at) if loc.exon_of(left.at) else loc.c_of(left.at - 1) + 1
    c_last = loc.c_of(left.last) if ch.deleted else c_first
    # an insertion strictly inside the ATG, or deleted bases overlapping it
    touches_start = 1 < c_first <= 3 if ch.deleted == 0 else c_first <= 3 and c_last >= 1
    new = alt_mrna(loc, left)
    start_lost = touches_start and start_altered(loc.mrna(), new) is True
    if ch.deleted == 0 and new[UTR : UTR + 3] == "ATG":
        # an insertion inside the ATG that leaves it in place (c.2_3insG = c.3dup):
        # VEP's rule calls it lost as written left-aligned, retained 3'-shifted, so
        # it decides nothing here; the tool keeps Met1 (frameshift / in-frame)
        start_lost = False
    at_start = ch.deleted == 0 and c_first == 1  # an insertion right before c.1
    if (touches_start and not start_lost) or at_start:
        # undecidable (unknown bases) or retained, or an insertion right before c.1
        # (which VEP's overlap test does not count as touching the start codon)
        return Truth(
            name, False, 1, None, False, None, None, frozenset(), frozenset(), False, False
        )
    if start_lost:
        terms.add("start_lost")
        # VEP's frameshift needs CDS coordinates for the whole allele as given
        # (VariationEffect.pm frameshift: cds_start and cds_end defined): a deletion
        # that starts in the 5' UTR (c.-1_1del) has none, so it is no frameshift
        frameshift = c_first >= 1 and (len(ch.inserted) - ch.deleted) % 3 != 0
        (terms if frameshift else absent).add("frameshift_variant")
        return Truth(
            name, frameshift, 1, None, False, None, None, frozenset(terms), frozenset(absent), True
        )
    frameshift, first, ptc, stop_known, protein, prefix = protein_truth(loc, ch)
    if ch.deleted == len(ch.inserted) == 1:
        ref = _codons(loc.mrna()[UTR:])
        alt = _codons(alt_mrna(loc, ch)[UTR:])
        k = (loc.c_of(ch.at) - 1) // 3
        r, a = residue(ref[k]), residue(alt[k])
        first, ptc, stop_known, prefix = k + 1, None, True, None
        if "X" in (r, a):
            protein = "p.?"
            absent.add("synonymous_variant")
        elif r == a:
            protein = f"p.({THREE[r]}{k + 1}=)"
            terms.add("synonymous_variant")
        elif a == "*":
            protein = f"p.({THREE[r]}{k + 1}Ter)"
            ptc = k + 1
            terms.add("stop_gained")
        else:
            protein = f"p.({THREE[r]}{k + 1}{THREE[a]})"
            terms.add("missense_variant")
    elif first == STOP_CODON:
        # a change starting at the stop codon, whose bases are unknown here: whether
        # it keeps, loses or moves the stop cannot be read, so no class is asserted
        pass
    elif frameshift:
        terms.add("frameshift_variant")
    elif ptc is not None:
        terms.add("stop_gained")
    else:
        terms.add("inframe_deletion" if ch.deleted else "inframe_insertion")
    return Truth(
        name,
        frameshift,
        first,
        ptc,
        stop_known,
        protein,
        prefix,
        frozenset(terms),
        frozenset(absent),
        False,
    )


def expected_lof(loc: Locus, t: Truth) -> tuple[str | None, str | None]:
    """(PVS1 strength, LOFTEE HC/LC) that docs/lof.md states for this change;
    None: no loss-of-function call / LOFTEE not compared.

    Nonsense and frameshift (ClinGen SVI tree with the project's exon-13 rule,
    docs/lof.md): a premature stop at or before the NMD boundary (c.988, 50 nt
    before the exon 12/13 junction) -> NMD -> VeryStrong, LOFTEE HC; a later one
    -> Strong (the truncated part includes exon 13, a curated critical region),
    LOFTEE LC (END_TRUNC).  A frameshift whose stop lies in unknown bases:
    Strong (LC) if it starts past the boundary (no reachable stop triggers NMD),
    else Moderate "stop position unknown" (NF6; a judgement docs/lof.md states).
    Start loss (a judgement documented in docs/lof.md): in frame, or starting in the
    5' UTR (no frameshift_variant by VEP's rule), IC4 Supporting (no curated
    pathogenic variant in codons 2-59); shifting the frame wholly in the CDS, the
    frameshift row applies (NF6 Moderate, the stop lies in unknown bases)."""
    boundary = nmd_boundary(loc)
    if t.start_lost:
        return ("Moderate" if t.frameshift else "Supporting"), None
    if t.ptc is not None and t.first < STOP_CODON:
        if t.ptc * 3 <= boundary:
            return "VeryStrong", "HC"
        return "Strong", "LC"
    if not t.frameshift or t.first >= STOP_CODON or t.first == 0:
        return None, None
    if not t.stop_known:
        return ("Strong", "LC") if t.first * 3 > boundary else ("Moderate", None)
    raise AssertionError("a frameshift with a known stop has a ptc")


# -- the enumerations (c. positions; the same on both builds) ----------------------------

INSERTED = (
    # a fixed set of non-duplicating insertions, 1-6 nt: in every reading frame some
    # bring a stop (TAA/TGA/TAG), some keep the frame, most of the others shift it
    *"ACGT",
    "AC", "GT", "TA", "CC",
    "TAA", "TGA", "TAG", "GCC", "AAA", "CTC",
    "AAAA", "TAGC", "GCTA",
    "TAAGC", "GCCGC", "ATGAC",
    "GCCGCC", "TAAGCC", "GCTAAG", "CTGACT", "AGTAGA",
)  # fmt: skip


def coding_exons(loc: Locus) -> list[tuple[int, int, int]]:
    """(exon, first c., last c.) of the known coding part of exons 2-13."""
    out = []
    for e in loc.exons[1:]:
        first = max(loc.c_of(e.start), FIRST_KNOWN)
        out.append((e.number, first, min(loc.c_of(e.end), LAST_KNOWN)))
    return out


def snvs(loc: Locus) -> list[Change]:
    return [
        Change(loc.g_of(c), 1, b)
        for c in range(FIRST_KNOWN, LAST_KNOWN + 1)
        for b in "ACGT"
        if b != loc.base(loc.g_of(c))
    ]


def edge_deletions(loc: Locus) -> list[Change]:
    """Every 1-6 nt deletion inside an exon touching one of its first or last six
    known coding bases (exons 2-13; exon 13's last is c.1182, before the stop)."""
    found = set()
    for _, first, last in coding_exons(loc):
        for k in range(1, 7):
            for s in range(first, last - k + 2):
                if s <= first + 5 or s + k - 1 >= last - 5:
                    found.add(Change(loc.g_of(s), k, ""))
    return sorted(found, key=lambda c: (c.at, c.deleted))


def duplication_of(loc: Locus, deletion: Change) -> Change:
    """The same bases duplicated (inserted right after themselves)."""
    copy = loc.fetch(deletion.at, deletion.last)
    return Change(deletion.last + 1, 0, copy)


def junction_points(loc: Locus) -> list[int]:
    """Genomic insertion points (insert before this base) on both sides of every
    junction of the known exons, and right before the stop codon (after c.1182)."""
    # intron 1: only its exon-2 side (exon 1's coding bases after c.3 are not known)
    points = [loc.junctions()[0][1]]
    for last, first in loc.junctions()[1:]:
        points += [last + 1, first]
    points.append(loc.g_of(LAST_KNOWN) + 1)
    return sorted(points)


def junction_insertions(loc: Locus) -> list[Change]:
    return [Change(p, 0, s) for p in junction_points(loc) for s in INSERTED]


def edge_insertions(loc: Locus) -> list[Change]:
    """The fixed insertions at every point inside the first and last six known coding
    bases of exons 2-13 (the junction points themselves: junction_insertions)."""
    found = set()
    for _, first, last in coding_exons(loc):
        for c in [*range(first + 1, first + 7), *range(last - 5, last + 1)]:
            if first < c <= last:
                found |= {Change(loc.g_of(c), 0, s) for s in INSERTED}
    return sorted(found, key=lambda c: (c.at, c.inserted))


def repeats(loc: Locus) -> list[tuple[int, int, int]]:
    """(first c., unit, units) of every maximal homopolymer (>= 3 x 1 nt), di- and
    trinucleotide repeat (>= 2 units) of the known CDS, inside one exon."""
    found = []
    for _, first, last in coding_exons(loc):
        seq = "".join(loc.base(loc.g_of(c)) for c in range(first, last + 1))
        for u in (1, 2, 3):
            need = 3 if u == 1 else 2
            i = 0
            while i + u <= len(seq):
                unit = seq[i : i + u]
                n = 1
                while seq[i + n * u : i + (n + 1) * u] == unit:
                    n += 1
                if n >= need and (u == 1 or len(set(unit)) > 1):  # AA.. is a homopolymer
                    found.append((first + i, u, n))
                    i += n * u
                else:
                    i += 1
    return found


def repeat_changes(loc: Locus) -> list[Change]:
    """Deleting and duplicating 1..n units (at most 6 nt) of every repeat, written
    at the repeat's 5' end (the 3' rule must move them to its end)."""
    out = set()
    for c, u, n in repeats(loc):
        g = loc.g_of(c)
        for m in range(1, n + 1):
            if m * u <= 6:
                out.add(Change(g, m * u, ""))
                out.add(Change(g, 0, loc.fetch(g, g + m * u - 1)))
    return sorted(out, key=lambda c: (c.at, c.deleted, c.inserted))


def start_changes(loc: Locus) -> list[Change]:
    """Deletions of 1-6 known bases (c.-3..c.3) removing part of the ATG, and the
    fixed insertions inside it (c.1_2, c.2_3)."""
    out = set()
    for s in range(-3, 4):
        for k in range(1, 7):
            cs = [c for c in range(s, s + k + 1) if c][:k]
            if s and cs[-1] <= 3 and any(1 <= c <= 3 for c in cs):
                out.add(Change(loc.g_of(s), k, ""))
    for c in (2, 3):
        out |= {Change(loc.g_of(c), 0, s) for s in INSERTED}
    return sorted(out, key=lambda c: (c.at, c.deleted, c.inserted))
