"""Differential test against truth computed here, independently of the tool.

Every SNV of the known Gs-alpha coding sequence (NM_000516.7 c.140-c.1182, real
bases read at run time through tests/facts.py, never stored here), every 1-3 nt
deletion and duplication touching an exon edge of exons 2-13, every 1-3 nt
insertion at each exon/intron junction, and a one-unit deletion and duplication
of every repeat inside the known sequence, on GRCh38 and GRCh37.  For each
one the expected protein
change, consequence and loss-of-function strength are derived here from the
rules, not from the tool: the changed coding sequence is translated with the
standard code written out below, the new stop is found, and the 50-nt NMD rule
is applied with the exon sizes of the shared exon table (not the pack's).

Expected LoF (ClinGen SVI tree with the project's documented exon-13 rule):
a premature stop at or before codon 329 (c.988, 50 nt before the exon 12/13
junction at c.1038) -> NMD -> VeryStrong; a later one -> Strong (the truncated
part includes exon 13, a curated critical region).  Deleting and duplicating
the same bases must both be loss of function when they shift the frame.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from facts import c_to_g, nm000516_exons, real_piece_spans, real_sequence
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.lof import Strength, assess
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.seq.reference import ReferenceGenome

TX = "NM_000516.7"
FIRST_C, LAST_C = 140, 1182  # the known coding bases
STOP_CODON = 395  # annotated stop, c.1183-1185 (bases unknown)

# the standard genetic code, written out (TCAG order), not taken from any library
_AA = "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG"
CODE = {"".join(c): aa for c, aa in zip(itertools.product("TCAG", repeat=3), _AA, strict=True)}
_NAMES = "Ala Arg Asn Asp Cys Gln Glu Gly His Ile Leu Lys Met Phe Pro Ser Thr Trp Tyr Val Ter"
THREE = dict(zip("ARNDCQEGHILKMFPSTWYV*", _NAMES.split(" "), strict=True))


def coding_c140_c1182() -> str:
    """The real NM_000516.7 c.140-c.1182, read at run time (never stored here);
    skips without real sequence, like the real_sequence fixture."""
    pieces = real_sequence().pieces["GRCh38"]
    spans = real_piece_spans("GRCh38")
    exons = sorted(
        (int(n.removeprefix("coding_exon")), n) for n in spans if n.startswith("coding_")
    )
    return "".join(pieces[spans[name][0]] for _, name in exons)


def _codons(seq: str) -> list[str]:
    return [seq[i : i + 3] for i in range(0, len(seq) - 2, 3)]


@dataclass(frozen=True)
class Truth:
    """What a change does, computed from the sequence alone."""

    frameshift: bool
    first_codon: int  # first codon that differs (SNV: in bases; otherwise: in residue)
    ptc: int | None  # premature stop codon number, None: none, or not in the known sequence
    stop_known: bool  # False: the new frame ran into unknown bases before any stop
    protein: str | None  # expected p. for SNVs and frameshifts; None: not checked


def truth(c_first: int, deleted: int, inserted: str) -> Truth:
    """Replace ``deleted`` bases from c.c_first by ``inserted`` (an insertion: deleted=0,
    placed before c.c_first) in the known CDS and compare the translations.

    The known sequence starts at c.140, the second base of codon 47: an 'N' stands
    for c.139, so codon 47 is unknown in both."""
    known = coding_c140_c1182()
    i = c_first - FIRST_C
    ref = "N" + known
    alt = "N" + known[:i] + inserted + known[i + deleted :]
    ref_codons, alt_codons = _codons(ref), _codons(alt)
    k = 0
    while k < len(ref_codons) and k < len(alt_codons) and ref_codons[k] == alt_codons[k]:
        k += 1
    if deleted != 1 or len(inserted) != 1:
        # HGVS names a change from its first differing residue, not codon
        while (
            k < min(len(ref_codons), len(alt_codons))
            and CODE.get(ref_codons[k], "X") == CODE.get(alt_codons[k], "X") != "X"
        ):
            k += 1
    first = 47 + k
    frameshift = (len(inserted) - deleted) % 3 != 0
    ptc, stop_known = None, True
    for j in range(k, len(alt_codons)):
        residue = CODE.get(alt_codons[j], "X")
        if residue == "X" and j > k:
            stop_known = False
            break
        if residue == "*":
            ptc = 47 + j
            break
    else:
        stop_known = False  # ran out of known sequence (the stop codon's bases are unknown)
    if not frameshift and ptc is not None and ptc >= STOP_CODON:
        ptc = None
    if not frameshift and not stop_known:
        stop_known = True  # in frame: the annotated stop follows
    protein = None
    ref_aa = CODE.get(ref_codons[k], "X") if k < len(ref_codons) else "*"
    if first == 47 or ref_aa == "X":
        protein = "p.?"
    elif deleted == len(inserted) == 1:
        alt_aa = CODE[alt_codons[k]]
        r = f"{THREE[ref_aa]}{first}"
        protein = f"p.({r}=)" if alt_aa == ref_aa else f"p.({r}{THREE[alt_aa]})"
    elif frameshift and ptc is not None:
        alt_aa = CODE[alt_codons[k]]
        r = f"{THREE[ref_aa]}{first}"
        protein = (
            f"p.({r}Ter)" if alt_aa == "*" else f"p.({r}{THREE[alt_aa]}fsTer{ptc - first + 1})"
        )
    return Truth(frameshift, first, ptc, stop_known, protein)


def expected_strength(t: Truth) -> Strength | None:
    """None: no loss of function expected."""
    if t.ptc is not None:
        return Strength.VERY_STRONG if t.ptc * 3 <= _nmd_cutoff() else Strength.STRONG
    if not t.frameshift or t.first_codon >= STOP_CODON:
        return None
    if not t.stop_known:  # the stop is beyond the known bases
        return Strength.STRONG if t.first_codon * 3 > _nmd_cutoff() else Strength.MODERATE
    raise AssertionError("a frameshift without a stop in the known sequence")


def _exons() -> list[tuple[int, int, int]]:
    """(exon, first c., last c.) of exons 2-13 from the shared exon table, CDS part only."""
    rows = nm000516_exons()
    out = []
    for r in rows:
        if r["exon"] < 2:
            continue
        length = r["GRCh38_end"] - r["GRCh38"] + 1
        out.append((r["exon"], r["c_start"], min(r["c_start"] + length - 1, 1185)))
    return out


def _nmd_cutoff() -> int:
    """c. of the last base whose stop triggers NMD: 50 nt before the last junction."""
    sizes = [139] + [last - first + 1 for _, first, last in _exons()]
    return sum(sizes[:-1]) - min(50, sizes[-2])


# -- the enumerations ------------------------------------------------------------------


def snvs() -> list[tuple[int, str]]:
    known = coding_c140_c1182()
    return [(c, b) for c in range(FIRST_C, LAST_C + 1) for b in "ACGT" if b != known[c - FIRST_C]]


def edge_deletions() -> list[tuple[int, int]]:
    """(first c., length) of 1-3 nt deletions inside an exon touching its first/last 3 bases."""
    found = set()
    for _, first, last in _exons():
        for k in (1, 2, 3):
            for s in [first, first + 1, first + 2, *range(last - k - 1, last - k + 2)]:
                if s >= max(first, FIRST_C) and s + k - 1 <= min(last, LAST_C):
                    found.add((s, k))
    return sorted(found)


def junction_insertions() -> list[tuple[int, bool, str]]:
    """(c., after?, bases): every 1-3 nt sequence at every exon/intron junction, i.e.
    right after an exon's last base (before its intron) or right before an exon's
    first base (after its intron).  Both sides of an intron are the same c. point
    but different genomic places."""
    points = set()
    for _, first, last in _exons():
        if first >= FIRST_C:
            points.add((first, False))
        if last < LAST_C:
            points.add((last, True))
    seqs = ["".join(p) for n in (1, 2, 3) for p in itertools.product("ACGT", repeat=n)]
    return [(c, after, s) for c, after in sorted(points) for s in seqs]


def repeats() -> list[tuple[int, int]]:
    """(first c., unit length) of the last unit of every repeat (>=3 x 1 nt, >=2 x 2-3 nt)."""
    known = coding_c140_c1182()
    found = []
    for u in (1, 2, 3):
        need = 3 if u == 1 else 2
        i = 0
        while i + u <= len(known):
            n = 1
            while known[i + n * u : i + (n + 1) * u] == known[i : i + u]:
                n += 1
            if n >= need:
                found.append((FIRST_C + i + (n - 1) * u, u))
                i += n * u
            else:
                i += 1
    return found


# -- running the tool ------------------------------------------------------------------


@pytest.fixture(scope="module", params=list(GenomeBuild), ids=str)
def tool(request, real_reference):
    build = request.param
    reference = ReferenceGenome(real_reference[build])
    return build, reference, ConsequenceCalculator({build: reference})


def _run(tool, pos, ref, alt):
    build, _, calc = tool
    result = calc.annotate(build, pos, ref, alt)
    return result.on(TX), assess(result, calc.namer.provider).on(TX)


def _deletion_vcf(tool, c_first, k):
    build, reference, _ = tool
    g1, g2 = c_to_g(c_first, str(build)), c_to_g(c_first + k - 1, str(build))
    return g1 - 1, reference.fetch(g1 - 1, g2), reference.fetch(g1 - 1, g1 - 1)


def _insertion_vcf(tool, c_before, bases, after=None):
    """Insert ``bases`` right before c.c_before, anchored on the (genomic) base 5' of
    it; with ``after``, right after c.after instead (the exon side of a junction)."""
    build, reference, _ = tool
    g = c_to_g(after, str(build)) if after is not None else c_to_g(c_before, str(build)) - 1
    anchor = reference.fetch(g, g)
    return g, anchor, anchor + bases


def _check(tool, vcf, t: Truth, what: str) -> list[str]:
    tc, lof = _run(tool, *vcf)
    problems = []
    want = expected_strength(t)
    got = lof.pvs1_strength if lof is not None and lof.is_lof else None
    if got != want:
        problems.append(
            f"{what} {tc.hgvs.hgvs}: LoF {got} ({lof and lof.pvs1_criterion}), want {want}"
        )
    if t.frameshift and "frameshift_variant" not in tc.terms:
        problems.append(f"{what} {tc.hgvs.hgvs}: {tc.terms} lacks frameshift_variant")
    if t.protein is not None and tc.hgvs.protein.split(":")[1] != t.protein:
        problems.append(f"{what} {tc.hgvs.hgvs}: {tc.hgvs.protein}, want {t.protein}")
    return problems


def test_every_snv_of_the_known_cds_is_named_and_graded_as_translated(tool):
    build, reference, _ = tool
    problems = []
    for c, alt in snvs():
        g = c_to_g(c, str(build))
        t = truth(c, 1, alt)
        problems += _check(tool, (g, reference.fetch(g, g), alt), t, f"c.{c}>{alt}")
        if t.protein == "p.?":
            tc, _ = _run(tool, g, reference.fetch(g, g), alt)
            assert "synonymous_variant" not in tc.terms and tc.hgvs.notes
    assert len(snvs()) == 3 * (LAST_C - FIRST_C + 1)
    assert not problems, f"{len(problems)} wrong, e.g.\n" + "\n".join(problems[:20])


def test_every_edge_deletion_and_its_duplication_agree_with_the_translation(tool):
    problems = []
    frameshifts = 0
    for c, k in edge_deletions():
        deleted = truth(c, k, "")
        known = coding_c140_c1182()
        copy = known[c - FIRST_C : c - FIRST_C + k]
        duplicated = truth(c + k, 0, copy)
        problems += _check(tool, _deletion_vcf(tool, c, k), deleted, f"del c.{c}+{k}")
        # anchored on the last duplicated base: inside the exon even at its 3' edge
        vcf = _insertion_vcf(tool, c + k, copy, after=c + k - 1)
        problems += _check(tool, vcf, duplicated, f"dup c.{c}+{k}")
        if deleted.frameshift:
            frameshifts += 1
            # deleting and duplicating the same bases: both loss of function
            assert expected_strength(deleted) and expected_strength(duplicated)
    assert frameshifts > 100
    assert not problems, f"{len(problems)} wrong, e.g.\n" + "\n".join(problems[:20])


def test_every_insertion_at_an_exon_junction_agrees_with_the_translation(tool):
    problems = []
    cases = junction_insertions()
    for c, after, bases in cases:
        before = c + 1 if after else c
        vcf = _insertion_vcf(tool, before, bases, after=c if after else None)
        problems += _check(
            tool, vcf, truth(before, 0, bases), f"ins {'after' if after else 'before'} c.{c}"
        )
    assert len(cases) == 23 * 84  # 12 exons' 5' junctions + 11 3' junctions, 84 sequences
    assert not problems, f"{len(problems)} wrong, e.g.\n" + "\n".join(problems[:20])


def test_every_repeat_unit_deleted_or_duplicated_agrees_with_the_translation(tool):
    problems = []
    known = coding_c140_c1182()
    units = repeats()
    for c, u in units:
        copy = known[c - FIRST_C : c - FIRST_C + u]
        problems += _check(tool, _deletion_vcf(tool, c, u), truth(c, u, ""), f"del c.{c}+{u}")
        vcf = _insertion_vcf(tool, c + u, copy, after=c + u - 1)
        problems += _check(tool, vcf, truth(c + u, 0, copy), f"dup c.{c}+{u}")
    assert len(units) > 50
    assert not problems, f"{len(problems)} wrong, e.g.\n" + "\n".join(problems[:20])


def test_the_independent_truth_reproduces_the_issue_examples(real_sequence):
    # the expectations themselves, from the sequence alone (issue 12's list)
    assert truth(259, 0, coding_c140_c1182()[258 - FIRST_C]).protein == "p.(Glu87Ter)"  # c.258dup
    assert truth(1041, 1, "").first_codon == 348 and not truth(1041, 1, "").stop_known
    assert _nmd_cutoff() == 988
