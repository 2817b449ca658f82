"""bcftools csq as a second oracle for the differential enumeration.

A GFF3 of NM_000516.7 is written from the shared exon table (tests/data) and
``bcftools csq`` runs over every distinct record of the enumeration
(tests/differential_run.py) against the same real-sequence reference the
tool reads (written to tmp at test time from ../shared/data, never stored).
Compared, per record: the consequence class (frameshift, stop_gained,
inframe_deletion/insertion, missense, synonymous, start_lost) against the
independent truth and against the tool, and the protein csq reports (its
``56IVK>56IVC*`` change applied to the reference protein) against the truth's
translation of the changed sequence.

Known, principled differences, each asserted so that a change in either tool
shows:

* INSERTION_AFTER_EXON_END: an insertion between an exon's last base and the
  intron's +1 base (VCF anchor on the exon's last base) is ``splice_donor``
  only for csq.  The donor's GT is intact and the inserted bases are spliced
  in, so VEP, HGVS (VariantValidator issue #382) and the tool name the coding
  change (c.257_257+1insTCG) and add splice_region_variant.
* DELETION_ACROSS_START: a deletion spanning the 5' UTR and the ATG is
  ``5_prime_utr&coding_sequence`` for csq; VEP (``_ins_del_start_altered``)
  and the tool read the bases where the ATG was and call start_lost.
* csq does not apply the 3' rule to proteins (``101EAI>101D``): proteins are
  compared as the sequences they describe, never as names.
* csq writes ``stop_gained&frameshift`` when a frameshift reaches a stop; VEP
  writes frameshift_variant: both are the class "frameshift".
* UNTRANSLATED: where csq cannot build the new protein (a deletion taking an
  exon's first bases, anchored on an unknown intron base: ``177YFL>177?``) it
  falls back to the length (inframe_deletion) and misses the stop the
  deletion makes (c.531_536del joins TA to c.537: Tyr177Ter); only the frame
  is compared there.
* csq translates a codon with an unknown third base where the code allows
  (TCN: Ser); the truth leaves it unknown, so proteins are compared up to it.
* Changes starting at the stop codon are left out: its bases are unknown here.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from differential_run import Case, Run
from differential_truth import TX, UTR, Locus, alt_mrna, residue, shift

INSERTION_AFTER_EXON_END = "insertion after an exon's last base: csq splice_donor only"
DELETION_ACROSS_START = "deletion across the 5' UTR and the ATG: csq no start_lost"
UNTRANSLATED = "csq reports no protein ('177YFL>177?'): class by length only"

CLASSES = (  # VEP term -> class, most decisive first
    ("start_lost", "start_lost"),
    ("frameshift_variant", "frameshift"),
    ("stop_gained", "stop_gained"),
    ("inframe_deletion", "inframe_deletion"),
    ("inframe_insertion", "inframe_insertion"),
    ("missense_variant", "missense"),
    ("synonymous_variant", "synonymous"),
)
CSQ_CLASSES = {"start_lost", "frameshift", "stop_gained", "inframe_deletion",
               "inframe_insertion", "missense", "synonymous"}  # fmt: skip
_AA_CHANGE = re.compile(r"(\d+)([A-Z*]+)>(\d+)([A-Z*]*)|(\d+)([A-Z*])")


def vep_class(terms: frozenset[str]) -> str | None:
    return next((cls for term, cls in CLASSES if term in terms), None)


def csq_class(tokens: set[str]) -> str | None:
    for cls in ("start_lost", "frameshift", "stop_gained"):
        if cls in tokens:
            return cls
    found = tokens & CSQ_CLASSES
    return found.pop() if len(found) == 1 else None


def write_gff3(loc: Locus, path: Path) -> None:
    """NM_000516.7 as bcftools csq reads it (Ensembl-style GFF3), from the exon table."""
    cds_lo, cds_hi = loc.g_of(1), loc.g_of(1185)  # the stop codon included
    parent = f"Parent=transcript:{TX}"
    first, last = loc.exons[0].start, loc.exons[-1].end
    rows = [("gene", first, last, "ID=gene:GNAS;Name=GNAS;biotype=protein_coding", ".")]
    rows.append(
        ("mRNA", first, last, f"ID=transcript:{TX};Parent=gene:GNAS;biotype=protein_coding", ".")
    )
    done = 0
    for e in loc.exons:
        rows.append(("exon", e.start, e.end, parent, "."))
        if e.start < cds_lo:
            rows.append(("five_prime_UTR", e.start, min(e.end, cds_lo - 1), parent, "."))
        if e.end > cds_hi:
            rows.append(("three_prime_UTR", max(e.start, cds_hi + 1), e.end, parent, "."))
        lo, hi = max(e.start, cds_lo), min(e.end, cds_hi)
        if lo <= hi:
            rows.append(("CDS", lo, hi, parent, str((3 - done % 3) % 3)))
            done += hi - lo + 1
    lines = ["##gff-version 3"] + [
        f"chr20\tdifferential\t{kind}\t{a}\t{b}\t.\t+\t{phase}\t{attrs}"
        for kind, a, b, attrs, phase in rows
    ]
    path.write_text("\n".join(lines) + "\n")


def run_csq(bcftools: str, run: Run, reference: Path, folder: Path) -> dict[tuple, list]:
    """record -> [(consequence tokens, amino-acid change)] of NM_000516.7."""
    records = sorted({c.record for group in run.cases.values() for c in group})
    gff, vcf, out = folder / "nm.gff3", folder / "in.vcf", folder / "out.vcf"
    write_gff3(run.locus, gff)
    header = f"##fileformat=VCFv4.2\n##contig=<ID=chr20,length={run.build.chr20_length}>\n"
    body = "".join(f"chr20\t{p}\tr{i}\t{r}\t{a}\t.\t.\t.\n" for i, (p, r, a) in enumerate(records))
    vcf.write_text(header + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n" + body)
    # sites only: -p a (no genotypes to phase), -l (one record at a time)
    subprocess.run(
        [bcftools, "csq", "-l", "-p", "a", "-f", str(reference), "-g", str(gff), str(vcf),
         "-Ov", "-o", str(out)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    found: dict[tuple, list] = {}
    for line in out.read_text().splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        info = dict(i.split("=", 1) for i in cols[7].split(";") if "=" in i)
        entries = [e.split("|") for e in info.get("BCSQ", "").split(",") if e]
        found[records[int(cols[2][1:])]] = [
            (set(e[0].split("&")), e[5] if len(e) > 5 else "") for e in entries if e[2] == TX
        ]
    assert len(found) == len(records), "bcftools csq lost records"
    return found


@pytest.fixture(scope="module")
def csq(bcftools, differential, real_reference, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"csq_{differential.build}")
    return run_csq(bcftools, differential, real_reference[differential.build], folder)


def _protein(codons_of: str) -> str:
    prot = "".join(residue(codons_of[i : i + 3]) for i in range(0, len(codons_of) - 2, 3))
    return prot[: prot.index("*") + 1] if "*" in prot else prot


def difference(loc: Locus, case: Case) -> str | None:
    """The documented difference that applies to ``case``, if any."""
    left = shift(loc, case.change, to_3prime=False)
    exon_ends = {a for a, _ in loc.junctions()}
    if not case.change.deleted and left.at - 1 in exon_ends:
        return INSERTION_AFTER_EXON_END
    if case.change.deleted and loc.c_of(left.at) < 1 <= loc.c_of(left.last):
        return DELETION_ACROSS_START
    return None


def test_bcftools_csq_agrees_on_the_class_of_every_change_but_the_documented_ones(
    differential, csq
):
    loc = differential.locus
    wrong, seen_differences = [], set()
    compared = 0
    for case in (c for group in differential.cases.values() for c in group):
        truth = vep_class(case.truth.terms) if case.truth.judged else None
        tokens = set().union(*(t for t, _ in csq[case.record]))
        why = difference(loc, case)
        if why == INSERTION_AFTER_EXON_END:
            if tokens != {"splice_donor"}:
                wrong.append(f"{case.record} {why}, got {tokens}")
            seen_differences.add(why)
        elif why == DELETION_ACROSS_START:
            if "start_lost" in tokens or "coding_sequence" not in tokens:
                wrong.append(f"{case.record} {why}, got {tokens}")
            seen_differences.add(why)
        elif truth is not None and any("?" in aa for _, aa in csq[case.record]):
            # csq could not build the new protein: only the frame is compared
            seen_differences.add(UNTRANSLATED)
            if ("frameshift" in tokens) != (truth == "frameshift"):
                wrong.append(f"{case.truth.c_name}: {UNTRANSLATED}, got {tokens}, truth {truth}")
        elif truth is not None:
            compared += 1
            theirs = csq_class(tokens)
            tool = vep_class(differential.seen[case.record].terms)
            if not (theirs == truth == tool):
                wrong.append(f"{case.truth.c_name}: csq {tokens}, truth {truth}, tool {tool}")
    assert seen_differences == {INSERTION_AFTER_EXON_END, DELETION_ACROSS_START, UNTRANSLATED}
    assert compared > 5000
    assert not wrong, f"{len(wrong)} disagree, e.g.\n" + "\n".join(wrong[:25])


def test_bcftools_csq_protein_changes_describe_the_truths_changed_protein(differential, csq):
    loc = differential.locus
    ref = _protein(loc.mrna()[UTR:])
    wrong, compared = [], 0
    for case in (c for group in differential.cases.values() for c in group):
        if not case.truth.judged or case.truth.first >= len(ref) or difference(loc, case):
            continue
        alt = _protein(alt_mrna(loc, case.change)[UTR:])
        for _, aa in csq[case.record]:
            m = _AA_CHANGE.fullmatch(aa)
            if m is None or "X" in aa:
                continue  # no change reported, or an unknown residue
            if m.group(5):  # synonymous: "70G"
                theirs = ref
            else:
                at, old, new = int(m.group(1)), m.group(2), m.group(4)
                if ref[at - 1 : at - 1 + len(old)] != old:
                    wrong.append(f"{case.truth.c_name}: csq {aa} reads another reference")
                    continue
                theirs = _protein_cut(ref[: at - 1] + new + ref[at - 1 + len(old) :])
                if "*" not in new and case.truth.frameshift:
                    theirs = theirs[: at - 1 + len(new)]  # csq stopped before a stop
            compared += 1
            ours = alt
            if "X" in alt:
                # an unknown base: compared up to the first residue it leaves unknown (csq
                # reads TCN as Ser, a four-fold degenerate codon; the truth does not guess)
                n = alt.index("X")
                ours, theirs = alt[:n], theirs[:n]
            if theirs != ours:
                wrong.append(f"{case.truth.c_name}: csq {aa[:40]} gives another protein")
    assert compared > 4000
    assert not wrong, f"{len(wrong)} disagree, e.g.\n" + "\n".join(wrong[:25])


def _protein_cut(prot: str) -> str:
    return prot[: prot.index("*") + 1] if "*" in prot else prot
