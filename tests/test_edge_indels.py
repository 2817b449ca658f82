"""Every 1-6 base deletion, duplication and insertion, and every 2-3 base delins, that
crosses or touches an exon/intron junction, a UTR/CDS junction, the start codon or the
stop codon of every pack transcript, on both builds (tests/edge_indels.py), named by the
tool and by biocommons hgvs on the SYNTHETIC locus (every base known; no real bases).

biocommons is the oracle for c./n. and p.; where the two differ, the difference must be
one of the documented rules this project follows on purpose, each asserted below:

* an insertion between an exon's last base and the intron is written across the
  junction as VariantValidator writes it (``c.257_257+1insAGG``, issue #382);
  biocommons writes ``c.257_258insAGG``;
* the transcript 3' shift stops at an exon/intron or UTR/CDS border and says so in a
  note (the genome shifts on; biocommons does not normalize intronic c. at all, so its
  genome-shifted name is the comparison);
* a change wholly in the 5' or 3' UTR is ``p.(=)`` (VariantValidator PR #825), biocommons
  ``p.?``; an insertion right before c.1 is ``p.?`` (the ATG is intact, what the new
  bases do to initiation is not predicted), biocommons ``p.(Met1?)`` or a guess;
* at an exon edge biocommons calls an insertion intronic (``p.?``); the splice
  dinucleotide is untouched, so the tool names what the spliced mRNA makes;
* at the stop codon: a deletion of the residues before an intact stop is ``del``
  (biocommons: ``Ter`` at the first deleted residue), a delins through the stop keeps its
  new ``Ter`` (biocommons drops it), an insertion before the stop is ``ins``/``dup``
  (biocommons: ``ext``), an unchanged stop is ``Ter395=`` and an unchanged protein
  ``(=)``/``Xaa=`` (biocommons ``TerTer``, ``fsTer?``, or a ``dup`` across the stop).

Consequences: VEP's rules for splice_donor/acceptor, frameshift and start_lost are written
out below and hold on every record and transcript (one documented choice at the start
codon); PVS1 assesses every canonical splice site of a coding transcript; bcftools csq
agrees with those rules except in four documented, asserted cases.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter

import hgvs.assemblymapper
import hgvs.normalizer
import hgvs.parser
import hgvs.variantmapper
import pytest

from edge_indels import EdgeRun, run, run_csq
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.seq.reference import ReferenceGenome

pytestmark = pytest.mark.slow
STOPPED = "the 3' shift stops at a border"


@pytest.fixture(scope="module", params=list(GenomeBuild), ids=str)
def edge_run(request, synthetic_reference) -> EdgeRun:
    return run(request.param, synthetic_reference[request.param])


@pytest.fixture(scope="module")
def oracle(edge_run):
    hdp = HgvsNamer({edge_run.build: ReferenceGenome(edge_run.reference)}).provider
    return (
        hgvs.parser.Parser(),
        hgvs.variantmapper.VariantMapper(hdp, replace_reference=False, prevalidation_level=None),
        hgvs.normalizer.Normalizer(
            hdp, shuffle_direction=3, cross_boundaries=False, validate=False
        ),
        hgvs.assemblymapper.AssemblyMapper(
            hdp,
            assembly_name=str(edge_run.build),
            alt_aln_method="splign",
            replace_reference=True,
            prevalidation_level=None,
        ),
    )


def _g(accession: str, pos: int, ref: str, alt: str) -> str:
    anchored = ref[0] == alt[0]
    if anchored and len(ref) == 1 < len(alt):
        return f"{accession}:g.{pos}_{pos + 1}ins{alt[1:]}"
    if anchored and len(alt) == 1 < len(ref):
        span = f"{pos + 1}_{pos + len(ref) - 1}" if len(ref) > 2 else f"{pos + 1}"
        return f"{accession}:g.{span}del"
    span = f"{pos}_{pos + len(ref) - 1}" if len(ref) > 1 else f"{pos}"
    return f"{accession}:g.{span}delins{alt}"


def _across_junction(name: str) -> str:
    """``c.257_257+1insAGG`` as biocommons writes it: ``c.257_258insAGG``."""
    m = re.fullmatch(r"(.*:[cn]\.)(\*?-?)(\d+)_\2\3\+1ins([ACGT]+)", name)
    return name if m is None else f"{m[1]}{m[2]}{m[3]}_{m[2]}{int(m[3]) + 1}ins{m[4]}"


def _biocommons(edge_run: EdgeRun, oracle) -> list[tuple]:
    """(record, accession, ours, notes, c., c. of the genome-shifted g., p.) per pair."""
    parser, vm, normalizer, am = oracle
    acc = edge_run.build.refseq_accession
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for rec, (result, _) in edge_run.results.items():
            g = parser.parse(_g(acc, *rec))
            g3 = normalizer.normalize(g)
            for tx in edge_run.transcripts:
                tc = result.on(tx.accession)
                if tc is None or tc.hgvs is None or tc.hgvs.hgvs is None:
                    continue
                to_tx = vm.g_to_c if tx.is_coding else vm.g_to_n
                try:
                    c = str(normalizer.normalize(to_tx(g, tx.accession)))
                except hgvs.exceptions.HGVSUnsupportedOperationError:  # intronic
                    c = None
                p = None
                if c and tx.is_coding:
                    try:
                        p = str(am.c_to_p(parser.parse(c)))
                    except IndexError:  # biocommons fails on an insertion after the stop
                        p = "failed"
                genome = str(to_tx(g3, tx.accession))
                rows.append((rec, tx.accession, tc.hgvs, c, genome, p))
    return rows


@pytest.fixture(scope="module")
def named(edge_run, oracle):
    return _biocommons(edge_run, oracle)


def test_the_enumeration_covers_every_edge_of_every_transcript_and_kind(edge_run, named):
    kinds = Counter(
        "delins" if r[0] != a[0] else "ins" if len(r) < len(a) else "del"
        for r, a in ((rec[1], rec[2]) for rec in edge_run.results)
    )
    assert kinds["del"] > 600 and kinds["ins"] > 1500 and kinds["delins"] > 250, kinds
    accessions = {w.split(":")[0] for ws in edge_run.why.values() for w in ws}
    assert accessions == {t.accession for t in edge_run.transcripts} and len(accessions) == 7
    whats = Counter(w.split(": ")[1] for ws in edge_run.why.values() for w in ws)
    for edge in ("5' UTR/CDS", "start codon end", "stop codon start", "CDS/3' UTR"):
        assert whats[edge] > 6 * 27, edge  # six coding transcripts
    assert {f"exon {n} {side}" for n in range(2, 14) for side in ("start", "end")} - {
        "exon 13 end"
    } <= set(whats)
    assert len(named) > 15_000


def test_every_edge_indel_is_named_as_biocommons_names_it_or_as_documented(named):
    wrong, seen = [], Counter()
    for rec, accession, ours, c, genome, _ in named:
        if c is not None and ours.hgvs == c:
            seen["same"] += 1
        elif c is not None and _across_junction(ours.hgvs) == c:
            seen["insertion across the junction"] += 1
        elif c is None and ours.hgvs == genome:
            seen["same as the genome-shifted name"] += 1
        elif any(STOPPED in n for n in ours.notes):
            seen["shift stopped at a border, noted"] += 1
        else:
            wrong.append(f"{rec} {accession}: {ours.hgvs}, biocommons {c or genome}")
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:20])
    assert seen["same"] > 5000 and len(seen) == 4, seen


_AA = "Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val"


def _documented(ours: str, theirs: str, c: str) -> str | None:
    """The documented rule that explains ours != theirs (module docstring), or None."""
    utr = re.fullmatch(r"c\.(-\d+(_-\d+)?|\*\d+(_\*\d+)?)[a-z]+[ACGT]*", c)
    if ours == "p.(=)" and theirs == "p.?" and utr:
        return "UTR: p.(=)"
    if ours == "p.(=)" and re.fullmatch(r"c\.\d+_\*1ins[ACGT]+", c):
        return "insertion after the stop codon: p.(=)"
    if ours == "p.?" and c.startswith("c.-1_1ins"):
        return "insertion before c.1: p.?"
    if theirs == "p.?" and ("ins" in c or "dup" in c):
        return "insertion at an exon edge: named as spliced"
    if re.fullmatch(rf"p\.\(({_AA})(\d+)(_({_AA})\d+)?del\)", ours) and theirs.endswith("Ter)"):
        return "residues before an intact stop: del"
    if (
        "delins" in ours
        and "delins" in theirs
        and (ours.split("delins")[1] == theirs.split("delins")[1][:-1] + "Ter)")
    ):
        return "delins through the stop keeps its Ter"
    if "ext" in theirs and re.search(r"(dup|ins[A-Za-z]+)\)$", ours):
        return "insertion before the stop: ins/dup"
    if ours.endswith("=)") and (theirs.endswith("Ter)") or "fsTer?" in theirs or "dup" in theirs):
        return "unchanged stop or protein"
    return None


def test_every_edge_indel_has_biocommons_protein_or_a_documented_one(named):
    wrong, seen = [], Counter()
    for rec, accession, ours, c, _, theirs in named:
        if theirs is None or ours.protein is None:
            continue
        if theirs == "failed":
            seen["biocommons failed"] += 1
            continue
        mine, theirs = ours.protein.split(":")[1], theirs.split(":")[1]
        theirs = {"p.Met1?": "p.(Met1?)"}.get(theirs, theirs)
        if mine == theirs:
            seen["same"] += 1
            continue
        why = _documented(mine, theirs, c.split(":")[1])
        if why is None:
            wrong.append(f"{rec} {accession} {c}: {mine}, biocommons {theirs}")
        seen[why] += 1
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:20])
    assert seen["same"] > 2500, seen


# -- consequences: VEP's rules written out, and bcftools csq ------------------------------


def _vep_truth(tx, rec) -> tuple[bool, bool, bool | None]:
    """(splice_donor, splice_acceptor, frameshift) of the allele as given, by VEP's rules
    (VariationEffect.pm; ensembl-variation's variation_effect.t): a deletion or delins is in
    the donor/acceptor if it holds intron base +1/+2 or -2/-1; an insertion only between
    +1 and +2 or -2 and -1 (between the exon and the intron it is splice_region).
    frameshift: the length change, for an allele with CDS coordinates (every deleted base
    exonic and coding; an insertion with both flanks in the CDS span, so not before c.1
    nor after the stop); None where the 5' UTR/start codon rules decide (start_lost)."""
    assert tx.strand > 0
    pos, ref, alt = rec
    donors = {e.end + d for e in tx.exons[:-1] for d in (1, 2)}
    acceptors = {e.start - d for e in tx.exons[1:] for d in (1, 2)}
    delta = len(alt) - len(ref)
    if ref[0] == alt[0] and len(ref) == 1:  # insertion between pos and pos + 1
        donor = pos in donors and pos + 1 in donors
        acceptor = pos in acceptors and pos + 1 in acceptors
        span = [pos, pos + 1]
    else:
        first = pos + 1 if ref[0] == alt[0] else pos
        span = list(range(first, pos + len(ref)))
        donor, acceptor = bool(donors & set(span)), bool(acceptors & set(span))
    if tx.cds_start is None:
        return donor, acceptor, False
    exonic = [p for p in span if any(e.start <= p <= e.end for e in tx.exons)]
    if min(span) <= tx.cds_start + 2 and max(span) >= tx.cds_start - 1:
        return donor, acceptor, None  # the start codon: test_differential's rules
    coding = all(tx.cds_start <= p <= tx.cds_end for p in span)
    insertion = ref[0] == alt[0] and len(ref) == 1
    coding = coding and (bool(exonic) if insertion else len(exonic) == len(span))
    return donor, acceptor, coding and delta % 3 != 0


def test_splice_site_and_frameshift_terms_follow_vep_on_every_edge_indel(edge_run):
    wrong, seen = [], Counter()
    for rec, (result, lof) in edge_run.results.items():
        for tx in edge_run.transcripts:
            tc = result.on(tx.accession)
            if tc is None:
                continue
            donor, acceptor, frameshift = _vep_truth(tx, rec)
            got = ("splice_donor_variant" in tc.terms, "splice_acceptor_variant" in tc.terms)
            if got != (donor, acceptor):
                wrong.append(f"{rec} {tx.accession}: {tc.terms}, VEP donor {donor} acc {acceptor}")
            if frameshift is not None and ("frameshift_variant" in tc.terms) != frameshift:
                wrong.append(f"{rec} {tx.accession}: {tc.terms}, VEP frameshift {frameshift}")
            seen["donor" if donor else "acceptor" if acceptor else "other"] += 1
            call = lof.on(tx.accession)
            # a canonical splice site of a coding transcript is assessed (SS branches),
            # unless the intron lies wholly in a UTR (LOFTEE 5UTR_SPLICE / 3UTR_SPLICE)
            if (
                (donor or acceptor)
                and tx.is_coding
                and call.pvs1_strength.value == "NotApplicable"
                and not set(call.loftee_flags + call.loftee_filters) & set(_UTR_SPLICE)
            ):
                wrong.append(f"{rec} {tx.accession}: splice site but PVS1 NA {call}")
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:20])
    assert seen["donor"] > 1000 and seen["acceptor"] > 1000, seen


_UTR_SPLICE = ("5UTR_SPLICE", "3UTR_SPLICE")


# documented differences of bcftools csq from VEP's rules (each must still be seen)
INSERTION_AFTER_EXON_END = "insertion between an exon's last base and the intron: csq donor"
DELINS_FRAME = "a delins that changes the length: csq calls the frame by the deleted bases"
PAST_THE_CDS = "a deletion from coding bases into the UTR or intron: csq frameshift"
INTO_UTR_EXON = "a deletion from an intron's acceptor into a UTR exon: csq UTR only"


def _csq_difference(tx, rec) -> str | None:
    pos, ref, alt = rec
    if ref[0] == alt[0] and len(ref) == 1:
        return INSERTION_AFTER_EXON_END if any(e.end == pos for e in tx.exons[:-1]) else None
    if ref[0] != alt[0]:
        return DELINS_FRAME if len(ref) != len(alt) else None
    span = range(pos + 1, pos + len(ref))
    exonic = [p for p in span if any(e.start <= p <= e.end for e in tx.exons)]
    coding = [p for p in exonic if tx.cds_start <= p <= tx.cds_end]
    if coding and len(coding) < len(span):
        return PAST_THE_CDS
    if exonic and not coding and len(exonic) < len(span):
        return INTO_UTR_EXON
    return None


def test_bcftools_csq_agrees_on_splice_sites_and_frame_but_the_documented_cases(
    edge_run, bcftools, tmp_path
):
    csq = run_csq(bcftools, edge_run, tmp_path)
    wrong, seen, compared = [], Counter(), 0
    for rec in edge_run.results:
        for tx in edge_run.transcripts:
            if tx.cds_start is None:
                continue
            tokens = csq[rec].get(tx.accession, set())
            donor, acceptor, frameshift = _vep_truth(tx, rec)
            theirs = ("splice_donor" in tokens, "splice_acceptor" in tokens, "frameshift" in tokens)
            ours = (donor, acceptor, frameshift)
            if frameshift is None:
                ours, theirs = ours[:2], theirs[:2]  # the start codon: test_differential_csq
            if ours == theirs:
                compared += 1
                continue
            why = _csq_difference(tx, rec)
            if why is None:
                wrong.append(f"{rec} {tx.accession}: csq {sorted(tokens)}, VEP rules {ours}")
            seen[why] += 1
    assert set(seen) == {INSERTION_AFTER_EXON_END, DELINS_FRAME, PAST_THE_CDS, INTO_UTR_EXON}
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:20])
    assert compared > 15_000, compared


def test_start_lost_follows_vep_for_every_indel_over_a_start_codon(edge_run):
    """VEP's ``_ins_del_start_altered`` written out: a deletion (or a delins that changes
    the length) overlapping c.1-c.3, applied to 5' UTR + CDS, keeps the start only if the
    CDS is still the end of the changed sequence.  One documented divergence: where the
    changed sequence still reads the same 5' UTR and ATG (c.3_4del of ATGG: left-aligned
    it overlaps c.3, 3'-shifted it is c.4_5del), the tool judges the sequence, as its HGVS
    name does, and keeps Met1; VEP, judging the left-aligned allele, calls it lost."""
    fetch = ReferenceGenome(edge_run.reference).fetch
    wrong, seen = [], Counter()
    for rec, (result, _) in edge_run.results.items():
        pos, ref, alt = rec
        if len(ref) == len(alt) or (ref[0] == alt[0] and len(ref) == 1):
            continue  # substitutions and insertions: test_differential's rules
        first = pos + 1 if ref[0] == alt[0] else pos
        span = range(first, pos + len(ref))
        new = alt[1:] if ref[0] == alt[0] else alt
        for tx in edge_run.transcripts:
            if tx.cds_start is None or not (first <= tx.cds_start + 2 and span[-1] >= tx.cds_start):
                continue
            exonic = [p for e in tx.exons for p in range(e.start, e.end + 1) if p <= tx.cds_end]
            if not set(span) <= set(exonic):
                continue  # reaching into an intron: no cDNA coordinates, VEP says nothing
            mrna = "".join(fetch(p, p) for p in exonic)
            cds = mrna[exonic.index(tx.cds_start) :]
            at = exonic.index(first)
            changed = mrna[:at] + new + mrna[at + len(span) :]
            lost = len(changed) < len(cds) or not changed.endswith(cds)
            utr = len(mrna) - len(cds)
            if lost and changed[: utr + 3] == mrna[: utr + 3]:
                # the UTR and the ATG read as before: the same sequence is a change after
                # c.3 (its HGVS 3'-shifted place); the tool keeps Met1 (documented choice)
                lost = False
                seen["ATG in place"] += 1
            got = "start_lost" in result.on(tx.accession).terms
            seen[lost] += 1
            if got != lost:
                wrong.append(f"{rec} {tx.accession}: {result.on(tx.accession).terms}, VEP {lost}")
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:20])
    assert seen[True] > 100 and seen["ATG in place"] > 0, seen
