"""A SYNTHETIC chr20 for mechanism tests (not real sequence), the same on every clone.

No real genomic bases go in (none are in this repository, and the mechanism
tests must not depend on ../shared).  The locus is built from facts in
tests/data and random bases, under the constraints a transcript needs to be
translatable:

* the REF alleles of the published truth pairs (DoCM, ClinVar, GPF, varity)
  and of the bundled example records (data/examples: ClinVar, DoCM, PureCN
  records, REF bases already in this repository) sit at their positions, so
  those VCF records and HGVS names are valid on it;
* NM_000516.7's CDS is UniProt P63092-1 (Gs-alpha) back-translated with
  random synonymous codons that agree with the REF alleles above and with
  the published protein change of each truth-pair SNV (c.601C>T is
  p.Arg201Cys, so the R201 codon is CGT or CGC), so protein consequences of
  those variants are the real ones;
* every other coding transcript starts with ATG, ends with a stop codon and
  has no premature in-frame stop.

Every base is known, so biocommons hgvs can serve as the oracle for our own
shifting, numbering and p. logic.  ``synthetic_partial_pieces`` masks it to
the spans where the real-sequence test reference holds real bases (N
elsewhere), for mechanism tests that also exercise unknown bases.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from bioutils.sequences import aa3_to_aa1, dna_to_aa1_lut

from facts import gs_alpha_protein, published_ref_alleles, real_piece_spans, truth_pairs
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
OFFSET = 1_424_945  # GRCh38 - GRCh37 across GNAS (tests/data/PROVENANCE.md)
STOPS = {"TAA", "TAG", "TGA"}
CODONS: dict[str, list[str]] = {}
for _codon, _aa in sorted(dna_to_aa1_lut.items()):
    if set(_codon) <= set("ACGT"):
        CODONS.setdefault(_aa, []).append(_codon)


@cache
def synthetic_grch38(seed: int = 1) -> tuple[int, str]:
    """(start, bases) of the gnas+stx16 region of a synthetic GRCh38 chr20."""
    locus = load_locus(GenomeBuild.GRCh38)
    region = locus.extraction_region("gnas+stx16")
    rng = random.Random(seed)
    seq = [rng.choice("ACGT") for _ in range(len(region))]
    fixed = [False] * len(region)
    published = list(published_ref_alleles("GRCh38").items())
    published += [(pos + OFFSET, ref) for pos, ref in published_ref_alleles("GRCh37").items()]
    published += example_ref_alleles()
    for pos, ref in published:
        for i, base in enumerate(ref):
            if seq[pos - region.start + i] != base and fixed[pos - region.start + i]:
                raise AssertionError(f"truth pairs disagree at GRCh38 {pos + i}")
            seq[pos - region.start + i] = base
            fixed[pos - region.start + i] = True

    def codons_of(tx) -> list[list[int]]:
        positions = [
            p - region.start
            for e in tx.exons
            for p in range(e.start, e.end + 1)
            if tx.cds_start <= p <= tx.cds_end
        ]
        return [positions[i : i + 3] for i in range(0, len(positions), 3)]

    gs_alpha = next(tx for tx in locus.transcripts if tx.accession.startswith("NM_000516."))
    protein = gs_alpha_protein() + "*"
    codons = codons_of(gs_alpha)
    assert len(codons) == len(protein), "NM_000516.7 CDS and P63092-1 differ in length"
    changes = published_codon_changes()
    for k, (idx, aa) in enumerate(zip(codons, protein, strict=True)):
        options = [
            c
            for c in CODONS[aa]
            if all(not fixed[i] or seq[i] == b for i, b in zip(idx, c, strict=True))
            and all(
                dna_to_aa1_lut[c[:offset] + alt + c[offset + 1 :]] == new
                for offset, alt, new in changes.get(k, ())
            )
        ]
        assert options, f"no {aa} codon agrees with the published REF at {idx[0] + region.start}"
        for i, b in zip(idx, rng.choice(options), strict=True):
            seq[i], fixed[i] = b, True

    for tx in locus.transcripts:
        if not tx.is_coding or tx is gs_alpha:
            continue
        codons = codons_of(tx)
        for k, idx in enumerate(codons):
            target = "ATG" if k == 0 else "TAA" if k == len(codons) - 1 else None
            if target and "".join(seq[i] for i in idx) not in ({target} | (STOPS if k else set())):
                for i, b in zip(idx, target, strict=True):
                    assert not fixed[i] or seq[i] == b, f"{tx.accession}: fixed base in codon {k}"
                    seq[i], fixed[i] = b, True
            while 0 < k < len(codons) - 1 and "".join(seq[i] for i in idx) in STOPS:
                free = [i for i in idx if not fixed[i]]
                assert free, f"a fixed stop codon inside {tx.accession}?"
                seq[rng.choice(free)] = rng.choice("ACGT")
            for i in idx:  # a later transcript must not undo this one's codons
                fixed[i] = True
    return region.start, "".join(seq)


def example_ref_alleles() -> list[tuple[int, str]]:
    """(GRCh38 pos, REF) of the bundled example records with sequence REF alleles."""
    found = []
    for path in sorted(EXAMPLES.glob("*.vcf")):
        shift = OFFSET if "GRCh37" in path.name else 0
        for line in path.read_text().splitlines():
            if not line.startswith("#"):
                _chrom, pos, _id, ref = line.split("\t")[:4]
                if set(ref) <= set("ACGT"):
                    found.append((int(pos) + shift, ref))
    return found


def published_codon_changes() -> dict[int, list[tuple[int, str, str]]]:
    """{0-based Gs-alpha codon: [(offset in codon, ALT base, new residue)]} of
    the NM_000516 truth-pair SNVs with a stated protein change."""
    changes: dict[int, list[tuple[int, str, str]]] = {}
    for pair in truth_pairs():
        c_name, p_name = pair["hgvs_c"], pair["hgvs_p"].split(" ")[0]
        if not pair["transcript"].startswith("NM_000516") or ">" not in c_name:
            continue
        c = int(c_name[2:-3])
        new = aa3_to_aa1(p_name.removeprefix("p.(").rstrip(")")[-3:])
        change = ((c - 1) % 3, pair["alt"], new)
        if change not in changes.setdefault((c - 1) // 3, []):
            changes[(c - 1) // 3].append(change)
    return changes


def synthetic_pieces(build: GenomeBuild) -> dict[int, str]:
    """{start: bases} of the whole synthetic region on ``build``."""
    start, seq = synthetic_grch38()
    return {start - (OFFSET if build is GenomeBuild.GRCh37 else 0): seq}


def synthetic_partial_pieces(build: GenomeBuild) -> dict[int, str]:
    """The synthetic bases only where the real-sequence test reference holds
    real ones (plus the published multi-base REF alleles): same layout, other bases."""
    start, seq = synthetic_grch38()
    shift = OFFSET if build is GenomeBuild.GRCh37 else 0
    spans = list(real_piece_spans(str(build)).values())
    spans += [
        (p, p + len(r) - 1) for p, r in published_ref_alleles(str(build)).items() if len(r) > 1
    ]
    return {s: seq[s + shift - start : e + shift - start + 1] for s, e in spans}
