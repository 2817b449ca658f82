"""A frameshift inside the stop codon that re-forms a stop in the same place (``TAA`` ->
``TAAA``, ``TAAG`` -> ``TAG``): frameshift_variant and stop_retained_variant, PVS1 not
applicable (the protein is unchanged), on every coding transcript of both builds.

The rule, from Ensembl VEP's predicates (ensembl-variation ``VariationEffect.pm``):
``frameshift`` is the length change for an allele with CDS coordinates (wholly in the
CDS, the stop codon included); ``stop_retained`` holds when the allele's peptide, read
from the changed codon on, starts with a stop and the reference one did (VEP 95 wrote
``frameshift_variant,stop_retained_variant`` for such a one-base insertion, ensembl-vep
issue #1856; its "inframe_insertion" for one inserted base since 112 is the bug that
issue reports).  bcftools csq agrees: ``frameshift&stop_retained``.

One documented difference with bcftools csq, asserted below: a frameshift whose new
bases put a stop one or more codons AFTER the old one (``p.(Ter246TyrextTer1)``) is
stop_lost here (the stop codon is changed and the protein is longer: SO's stop_lost,
an HGVS extension), while csq says stop_retained (it finds a stop within the changed
codons).

Enumerated on the SYNTHETIC reference: every 1, 2 and 4 base insertion at both points
inside each stop codon and every 1-2 base deletion inside it, left-aligned as a caller
writes them, kept when the left-aligned record still lies inside the stop codon.
"""

from __future__ import annotations

import itertools
import subprocess
import warnings
from collections import Counter

import pytest

from edge_indels import left_align, write_gff3
from gnas_annot.effect.consequence import ConsequenceCalculator
from gnas_annot.effect.lof import assess
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome

pytestmark = pytest.mark.slow

STOPS = {"TAA", "TAG", "TGA"}
INSERTS = ["".join(x) for k in (1, 2, 4) for x in itertools.product("ACGT", repeat=k)]


def _inside_stop_codon(fetch, tx) -> set[tuple[int, str, str]]:
    s = tx.cds_end - 2  # the stop codon's first base (plus strand)
    out = set()
    for p in (s, s + 1):  # between stop bases 1|2 and 2|3
        for ins in INSERTS:
            rec = left_align(p, fetch(p, p), fetch(p, p) + ins, fetch)
            if s <= rec[0] <= s + 1:
                out.add(rec)
    for first in range(s, s + 3):
        for k in (1, 2):
            if first + k - 1 <= s + 2:
                rec = left_align(
                    first - 1, fetch(first - 1, first + k - 1), fetch(first - 1, first - 1), fetch
                )
                if rec[0] + 1 >= s:
                    out.add(rec)
    return out


def _after_change(fetch, s: int, rec: tuple[int, str, str]) -> tuple[str, int]:
    """The bases from the stop codon's first base on with the change applied, and
    the offset in them where the changed bases end."""
    pos, ref, alt = rec
    new = fetch(s, pos) + alt[1:] + fetch(pos + len(ref), s + 60)
    return new, pos - s + len(alt)


@pytest.fixture(scope="module", params=list(GenomeBuild), ids=str)
def at_stops(request, synthetic_reference, bcftools, tmp_path_factory):
    build = request.param
    genome = ReferenceGenome(synthetic_reference[build])
    txs = tuple(t for t in load_locus(build).transcripts if t.cds_end is not None)
    assert txs and all(t.strand > 0 for t in txs)
    cases = {(rec, tx) for tx in txs for rec in _inside_stop_codon(genome.fetch, tx)}
    records = sorted({rec for rec, _ in cases})
    calc = ConsequenceCalculator({build: genome})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = {}
        for rec in records:
            result = calc.annotate(build, *rec)
            results[rec] = (result, assess(result, calc.namer.provider))
    folder = tmp_path_factory.mktemp("stop_csq")
    write_gff3(folder / "gnas.gff3", txs)
    head = f"##fileformat=VCFv4.2\n##contig=<ID=chr20,length={build.chr20_length}>\n"
    head += "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
    body = "".join(f"chr20\t{p}\tr{i}\t{r}\t{a}\t.\t.\t.\n" for i, (p, r, a) in enumerate(records))
    (folder / "in.vcf").write_text(head + body)
    subprocess.run(
        [bcftools, "csq", "-l", "-p", "a", "-f", str(synthetic_reference[build]),
         "-g", str(folder / "gnas.gff3"), str(folder / "in.vcf"),
         "-Ov", "-o", str(folder / "out.vcf")],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    csq: dict[tuple[int, str, str], dict[str, set[str]]] = {}
    for line in (folder / "out.vcf").read_text().splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        info = dict(i.split("=", 1) for i in cols[7].split(";") if "=" in i)
        by_tx: dict[str, set[str]] = {}
        for entry in (e.split("|") for e in info.get("BCSQ", "").split(",") if e):
            if len(entry) > 2:
                by_tx.setdefault(entry[2], set()).update(t.lstrip("*") for t in entry[0].split("&"))
        csq[records[int(cols[2][1:])]] = by_tx
    assert len(csq) == len(records), "bcftools csq lost records"
    return genome.fetch, cases, results, csq


def test_a_frameshift_reforming_the_stop_in_place_is_frameshift_and_stop_retained(at_stops):
    fetch, cases, results, _ = at_stops
    wrong, seen = [], Counter()
    for rec, tx in cases:
        result, lof = results[rec]
        tc, call = result.on(tx.accession), lof.on(tx.accession)
        new, _ = _after_change(fetch, tx.cds_end - 2, rec)
        kept = new[:3] in STOPS
        frameshift = (len(rec[2]) - len(rec[1])) % 3 != 0
        want = {"frameshift_variant"} if frameshift else set()
        want.add("stop_retained_variant" if kept else "stop_lost")
        got = set(tc.terms) & {"frameshift_variant", "stop_retained_variant", "stop_lost"}
        if got != want:
            wrong.append(f"{rec} {tx.accession}: {tc.terms}, VEP {sorted(want)}")
        if kept and call.pvs1_strength.value != "NotApplicable":
            wrong.append(f"{rec} {tx.accession}: the protein is unchanged, yet PVS1 {call}")
        seen[(frameshift, kept)] += 1
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:20])
    assert seen[(True, True)] > 50 and seen[(True, False)] > 50, seen


def test_bcftools_csq_agrees_on_the_reformed_stop_but_the_documented_extension(at_stops):
    fetch, cases, results, csq = at_stops
    wrong, seen = [], Counter()
    for rec, tx in cases:
        tc = results[rec][0].on(tx.accession)
        theirs = csq[rec].get(tx.accession, set())
        ours = {t.removesuffix("_variant") for t in tc.terms} & {
            "frameshift", "stop_retained", "stop_lost"
        }  # fmt: skip
        theirs &= {"frameshift", "stop_retained", "stop_lost"}
        if ours == theirs:
            seen["same"] += 1
            continue
        new, changed_end = _after_change(fetch, tx.cds_end - 2, rec)
        codons = [new[i : i + 3] for i in range(0, changed_end, 3)]
        extension = (
            ours - theirs == {"stop_lost"}
            and theirs - ours == {"stop_retained"}
            and "ext" in (tc.hgvs.protein or "")
            and any(c in STOPS for c in codons[1:])  # a new stop within csq's changed codons
        )
        if not extension:
            wrong.append(f"{rec} {tx.accession}: ours {sorted(ours)}, csq {sorted(theirs)}")
        seen["extension by the new bases: csq stop_retained"] += 1
    assert not wrong, f"{len(wrong)} differ, e.g.\n" + "\n".join(wrong[:20])
    assert seen["same"] > 500, seen
