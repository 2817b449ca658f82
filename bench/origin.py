"""Read-backed phasing of de novo alleles: gnas_annot vs WhatsHap, same data, same run.

A SIMULATED 30x trio on a random-sequence GNAS region (GRCh38 coordinates,
not real sequence): parents get random haplotypes over variable sites, the
child inherits one haplotype from each, and N de novo SNVs are put on a random
parental haplotype (the truth).  Paired 2x150 reads with 0.2% substitution
errors are drawn from the child's haplotypes and written to an indexed BAM.

* gnas_annot: ``assign_origin(vcf, trio, alignments={child: bam})`` (read-backed).
* WhatsHap: ``whatshap phase`` of the child from the same BAM (single-sample,
  read-based), then gnas_annot's phased-genotype method assigns each de novo
  allele from the trio-informative sites in its phase set.

Reported: calls made, accuracy against the truth, agreement between the two
where both call, and wall times (ratio gnas_annot / WhatsHap).  Not part of
the test suite.  Usage: ``.venv/bin/python bench/origin.py [--sites 100]``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pysam

# Run as a script, bench/ comes first on sys.path, and bench/hgvs.py would
# shadow the biocommons ``hgvs`` package that gnas_annot imports.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from gnas_annot import Origin, assign_origin  # noqa: E402

CHR20 = 64_444_167
START, END = 58_815_000, 58_915_000  # inside gnas-annot's GRCh38 extraction region
SAMPLES = ("kid", "dad", "mum")


def simulate(out: Path, n_denovo: int, depth: int, seed: int) -> dict[int, str]:
    rng = random.Random(seed)
    seq = [rng.choice("ACGT") for _ in range(END - START + 1)]
    fasta = out / "ref.fa"
    with fasta.open("w") as fh:
        fh.write(">chr20 SIMULATED: random bases in the GNAS region, N elsewhere\n")
        full = "N" * (START - 1) + "".join(seq) + "N" * (CHR20 - END)
        for i in range(0, len(full), 60):
            fh.write(full[i : i + 60] + "\n")
    pysam.faidx(str(fasta))

    def ref(pos: int) -> str:
        return seq[pos - START]

    # variable sites: about one per 250 bp, each haplotype ALT with p = 0.4
    var = sorted(rng.sample(range(START + 500, END - 500), (END - START) // 250))
    alt_of = {p: rng.choice([b for b in "ACGT" if b != ref(p)]) for p in var}
    haps = {
        who: [{p for p in var if rng.random() < 0.4} for _ in range(2)] for who in ("dad", "mum")
    }
    paternal, maternal = set(haps["dad"][0]), set(haps["mum"][0])  # transmitted haplotypes
    step = (END - START - 2000) // n_denovo
    truth: dict[int, str] = {}
    for i in range(n_denovo):
        pos = START + 1000 + i * step + rng.randrange(-100, 100)
        while pos in alt_of:
            pos += 1
        alt_of[pos] = rng.choice([b for b in "ACGT" if b != ref(pos)])
        parent = rng.choice(("paternal", "maternal"))
        (paternal if parent == "paternal" else maternal).add(pos)
        truth[pos] = parent
    child = (paternal, maternal)

    lines = []
    for pos in sorted(alt_of):
        gts = []
        for who in SAMPLES:
            pair = child if who == "kid" else haps[who]
            n = sum(pos in h for h in pair)
            gts.append(["0/0", "0/1", "1/1"][n] + f":{30 - 15 * n},{15 * n}:30:99")
        lines.append(
            f"chr20\t{pos}\t.\t{ref(pos)}\t{alt_of[pos]}\t50\tPASS\t.\tGT:AD:DP:GQ\t"
            + "\t".join(gts)
        )
    vcf = out / "trio.vcf"
    vcf.write_text(
        "##fileformat=VCFv4.2\n##reference=GRCh38\n"
        f"##contig=<ID=chr20,length={CHR20}>\n"
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Depth">\n'
        '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t"
        + "\t".join(SAMPLES)
        + "\n"
        + "\n".join(lines)
        + "\n"
    )
    pysam.tabix_index(str(vcf), preset="vcf", force=True)

    header = pysam.AlignmentHeader.from_dict(
        {
            "HD": {"VN": "1.6", "SO": "coordinate"},
            "SQ": [{"SN": "chr20", "LN": CHR20}],
            "RG": [{"ID": "rg", "SM": "kid"}],
        }
    )
    segments = []
    n_pairs = depth * (END - START) // 300
    for i in range(n_pairs):
        hap = child[rng.randrange(2)]
        insert = max(310, int(rng.gauss(400, 50)))
        left = rng.randrange(START, END - insert)
        for mate, start in ((1, left), (2, left + insert - 150)):
            bases = [alt_of[p] if p in hap else ref(p) for p in range(start, start + 150)]
            for k in range(150):
                if rng.random() < 0.002:
                    bases[k] = rng.choice([b for b in "ACGT" if b != bases[k]])
            seg = pysam.AlignedSegment(header)
            seg.query_name, seg.reference_id, seg.reference_start = f"r{i}", 0, start - 1
            seg.mapping_quality, seg.cigartuples = 60, [(0, 150)]
            seg.query_sequence = "".join(bases)
            seg.query_qualities = pysam.qualitystring_to_array("?" * 150)
            seg.flag = 0x1 | 0x2 | (0x40 | 0x20 if mate == 1 else 0x80 | 0x10)
            seg.next_reference_id = 0
            seg.next_reference_start = (left + insert - 150 if mate == 1 else left) - 1
            seg.template_length = insert if mate == 1 else -insert
            seg.set_tag("RG", "rg")
            segments.append(seg)
    segments.sort(key=lambda s: s.reference_start)
    with pysam.AlignmentFile(str(out / "kid.bam"), "wb", header=header) as bam:
        for seg in segments:
            bam.write(seg)
    pysam.index(str(out / "kid.bam"))
    return truth


def calls(results: list, truth: dict[int, str]) -> dict[int, str | None]:
    got = {}
    for r in results:
        if r.sample == "kid" and r.variant.pos in truth:
            ok = r.origin in (Origin.PATERNAL, Origin.MATERNAL)
            got[r.variant.pos] = r.origin.value if ok else None
    return got


def score(got: dict[int, str | None], truth: dict[int, str]) -> dict[str, float | int]:
    made = {p: o for p, o in got.items() if o is not None}
    right = sum(truth[p] == o for p, o in made.items())
    return {
        "called": len(made),
        "correct": right,
        "accuracy_pct": round(100 * right / max(1, len(made)), 1),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sites", type=int, default=100)
    ap.add_argument("--depth", type=int, default=30)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "origin")
    args = ap.parse_args()
    whatshap = shutil.which("whatshap") or str(Path(sys.executable).with_name("whatshap"))
    if not Path(whatshap).exists():
        print("whatshap not found: pip install whatshap", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    truth = simulate(args.out, args.sites, args.depth, args.seed)
    simulate_s = time.perf_counter() - t0
    vcf, bam, ref = args.out / "trio.vcf.gz", args.out / "kid.bam", args.out / "ref.fa"

    t0 = time.perf_counter()
    ours = calls(
        assign_origin(vcf, trio="kid,dad,mum", alignments={"kid": bam}, reference=ref), truth
    )
    ours_s = time.perf_counter() - t0

    phased = args.out / "kid.whatshap.vcf"
    t0 = time.perf_counter()
    subprocess.run(
        [
            whatshap,
            "phase",
            "--sample",
            "kid",
            "--reference",
            str(ref),
            "-o",
            str(phased),
            str(vcf),
            str(bam),
        ],
        check=True,
        capture_output=True,
    )
    whatshap_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = calls(assign_origin(phased, trio="kid,dad,mum", reference=ref), truth)
    anchor_s = time.perf_counter() - t0

    both = [p for p in truth if ours.get(p) and theirs.get(p)]
    report = {
        "sites": len(truth),
        "depth": args.depth,
        "seed": args.seed,
        "gnas_annot": {**score(ours, truth), "seconds": round(ours_s, 2)},
        "whatshap": {
            **score(theirs, truth),
            "seconds": round(whatshap_s + anchor_s, 2),
            "phase_seconds": round(whatshap_s, 2),
            "anchor_seconds": round(anchor_s, 2),
        },
        "both_called": len(both),
        "agreement_pct": round(
            100 * sum(ours[p] == theirs[p] for p in both) / max(1, len(both)), 1
        ),
        "time_ratio_gnas_over_whatshap": round(ours_s / (whatshap_s + anchor_s), 2),
        "simulate_seconds": round(simulate_s, 1),
        "whatshap_version": subprocess.run(
            [whatshap, "--version"], capture_output=True, text=True
        ).stdout.strip(),
    }
    (args.out / "origin.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
