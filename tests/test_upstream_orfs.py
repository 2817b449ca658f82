"""5' UTR changes that gain or lose an upstream ATG, or move the end of an upstream ORF,
say so in a note naming VEP's UTRAnnotator term (naming/uatg.py), on every coding
transcript of both builds, by the fast paths and the general path alike.

UTRAnnotator (ImperialCardioGenetics/UTRannotator: ``uAUG_gained``, ``uAUG_lost``,
``uSTOP_lost``, ``uSTOP_gained``, ``uFrameShift``; the SO names
5_prime_UTR_premature_start_codon_gain/loss_variant, 5_prime_UTR_stop_codon_loss/gain_variant,
5_prime_UTR_uORF_frameshift_variant) is a plugin, so no term is added; the p. stays (=).

The truth here is computed by brute force, independently of naming/uatg.py: every
placement of the change that gives the same variant sequence is tried, and an ATG (or
a uORF) is affected only if the change touches it in every placement; an ATG re-formed
at the same place is neither lost nor gained.  Enumerated on the SYNTHETIC reference:
every SNV, every 1-2 base deletion and three insertions after every base of each 5' UTR.
"""

from __future__ import annotations

import itertools
import random
import warnings
from collections import Counter

import pytest

from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming import uatg
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome

pytestmark = pytest.mark.slow
GAIN = "5_prime_UTR_premature_start_codon_gain_variant"
LOSS = "5_prime_UTR_premature_start_codon_loss_variant"
STOP_LOSS = "5_prime_UTR_stop_codon_loss_variant"
STOP_GAIN = "5_prime_UTR_stop_codon_gain_variant"
SHIFT = "5_prime_UTR_uORF_frameshift_variant"
TERMS = (GAIN, LOSS, STOP_LOSS, STOP_GAIN, SHIFT)
STOPS = {"TAA", "TAG", "TGA"}
INSERTS = ("A", "G", "TAG")


def _atgs(m: str, end: int) -> list[int]:
    return [i for i in range(end - 2) if m[i : i + 3] == "ATG"]


def _stop(m: str, i: int) -> int | None:
    return next((j for j in range(i, len(m) - 2, 3) if m[j : j + 3] in STOPS), None)


def truth(m1: str, c1: int, x0: int, ref: str, alt: str) -> set[str]:
    """The UTRAnnotator terms of replacing m1[x0 : x0 + len(ref)] by ``alt`` (c.1 at
    index ``c1`` of the mRNA ``m1``), by trying every placement of the change."""
    lr, la = len(ref), len(alt)
    m2 = m1[:x0] + alt + m1[x0 + lr :]
    c2, delta = c1 + la - lr, la - lr
    # every x with m2[:x] == m1[:x] and m2[x + la:] == m1[x + lr:], from the longest
    # common prefix and suffix of the two mRNAs
    n = min(len(m1), len(m2))
    prefix = next((k for k in range(n) if m1[k] != m2[k]), n)
    suffix = next((k for k in range(n) if m1[-1 - k] != m2[-1 - k]), n)
    places = list(range(max(0, len(m2) - suffix - la), min(prefix, c1 - lr) + 1))
    assert x0 in places
    found: set[str] = set()
    old, now = _atgs(m1, c1), _atgs(m2, c2)
    # an ATG the change touches in every placement, not re-formed at the same place
    touched_new = [
        j for j in now if not any(j + 3 <= x or j >= x + la for x in places)
    ]  # fmt: skip
    touched_old = [i for i in old if not any(i + 3 <= x or i >= x + lr for x in places)]
    gained = [j for j in touched_new if j not in old and j - delta not in old]
    lost = [i for i in touched_old if i not in now and i + delta not in now]
    if gained:
        found.add(GAIN)
    if lost:
        found.add(LOSS)
    for a in old:
        b = _stop(m1, a)
        if b is None or b + 3 > c1 or a in lost:
            continue  # not a uORF, or its ATG is gone
        if any(x >= b + 3 or x + lr <= a for x in places):
            continue  # the change can sit wholly after its stop or before its ATG
        kept = a if any(a + 3 <= x for x in places) else a + delta
        end = _stop(m2, kept)
        if end is not None and (end == b or end == b + delta):
            continue  # an in-frame change inside it: the same stop
        if delta % 3:
            found.add(SHIFT)
        elif end is not None and end < b + delta:
            found.add(STOP_GAIN)
        else:
            found.add(STOP_LOSS)
        break  # the note names the first uORF whose end moves
    return found


def _by_tx(build, synthetic_reference):
    genome = ReferenceGenome(synthetic_reference[build])
    for tx in (t for t in load_locus(build).transcripts if t.cds_start is not None):
        mrna = "".join(genome.fetch(e.start, e.end) for e in tx.exons)
        yield tx, mrna, tx.cds_start - tx.exons[0].start


@pytest.mark.parametrize("build", list(GenomeBuild), ids=str)
def test_upstream_orf_notes_follow_the_brute_force_truth_on_every_5prime_utr_change(
    build, synthetic_reference
):
    genome = ReferenceGenome(synthetic_reference[build])
    fast = ConsequenceCalculator({build: genome})
    general = ConsequenceCalculator({build: genome}, snv_fast_path=False)
    general.namer.indel_fast_path = False
    wrong, seen = [], Counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for tx, mrna, c1 in _by_tx(build, synthetic_reference):
            first = tx.exons[0].start
            for x in range(1, c1 - 1):
                pos, base = first + x, mrna[x]
                changes = [((pos, base, b), x, base, b) for b in "ACGT" if b != base]
                changes += [
                    ((pos - 1, mrna[x - 1 : x + k], mrna[x - 1]), x, mrna[x : x + k], "")
                    for k in (1, 2)
                    if x + k < c1
                ]
                changes += [((pos, base, base + ins), x + 1, "", ins) for ins in INSERTS]
                for rec, x0, ref, alt in changes:
                    want = truth(mrna, c1, x0, ref, alt)
                    for calc in (fast, general):
                        tc = calc.annotate(build, *rec).on(tx.accession)
                        notes = " ".join(tc.hgvs.notes)
                        got = {t for t in TERMS if t in notes}
                        if got != want:
                            wrong.append(
                                f"{rec} {tx.accession}: {sorted(got)}, want {sorted(want)}"
                            )
                        if want and tc.hgvs.protein_change.kind != "unchanged":
                            wrong.append(f"{rec} {tx.accession}: {tc.hgvs.protein}, want p.(=)")
                    seen.update(want)
                    seen["changes"] += 1
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:20])
    for term in TERMS:
        assert seen[term] > 10, seen  # every note is reached, so the comparison means something


def test_the_first_in_frame_stop_is_found_codon_by_codon_from_every_start():
    # every sequence of up to 7 bases over A, G, T, N (all frames, every stop, partial
    # codons at the end), and long random ones with N and IUPAC codes
    seqs = ["".join(p) for n in range(8) for p in itertools.product("AGTN", repeat=n)]
    rng = random.Random(15)
    seqs += ["".join(rng.choices("ACGTNRY", k=rng.randrange(3, 400))) for _ in range(300)]
    for seq in seqs:
        for i in range(len(seq) + 1):
            assert uatg._stop(seq, i) == _stop(seq, i), (seq, i)
