"""DMR methylation from a modBAM: gnas_annot vs samtools mpileup --output-mods.

A SIMULATED haplotagged long-read BAM over the four GNAS DMRs (real GRCh38
DMR coordinates, synthetic bases: a CpG every 50 bp, tests/modbams.py), at
the real person's phased levels (PROVENANCE: NanoImprint), READS reads per
haplotype per DMR, each spanning its DMR.

* gnas_annot: ``methylation(bam)`` (pysam ``modified_bases``, CpGs combined
  on the + strand, per haplotype).
* reference counting: ``samtools mpileup -M --output-extra HP`` (htslib's
  own pileup of the MM/ML calls) over the same DMRs, parsed here: a call at
  a CpG's C from a forward read or at its G from a reverse read, 5mC + 5hmC
  probability >= 0.66 methylated, <= 0.33 unmethylated (the same rule).

Reported: wall time of each, and whether the per-CpG counts (overall and per
haplotype) are identical.  Not part of the test suite.
Usage: ``.venv/bin/python bench/methylation.py [--reads 15 300 1000]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import pysam

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent / "tests"))

from gnas_annot.epigenetics.load import load_sample  # noqa: E402
from gnas_annot.epigenetics.reference import dmr_specs  # noqa: E402
from modbams import REAL_MATERNAL, REAL_PATERNAL, phased_sample  # noqa: E402

_TOKEN = re.compile(r"([ACGTNacgtn*])(\[[^\]]*\])?")
_MOD = re.compile(r"([+-])([mh])(\d+)")


def reference_counts(bam: Path) -> dict[tuple[str, str], dict[int, list[int]]]:
    """{(region, track): {CpG: [methylated, total]}} from samtools mpileup -M."""
    out: dict[tuple[str, str], dict[int, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    for spec in dmr_specs("GRCh38"):
        region = f"chr20:{spec.interval.start}-{spec.interval.end + 1}"
        text = pysam.samtools.mpileup(
            "-M", "-Q", "0", "-B", "--no-output-ends", "--output-extra", "HP", "-r", region,
            str(bam),
        )  # fmt: skip
        for line in text.splitlines():
            fields = line.split("\t")
            pos, bases, tags = int(fields[1]), fields[4], fields[6].split(",")
            for (base, mods), hp in zip(_TOKEN.findall(bases), tags, strict=True):
                cpg = pos if base.isupper() else pos - 1  # forward: the C; reverse: the G
                if (pos % 50, base.isupper()) not in ((0, True), (1, False)):
                    continue
                if not spec.interval.start <= cpg <= spec.interval.end:
                    continue
                p = sum((int(q) + 0.5) / 256 for _, _, q in _MOD.findall(mods))
                if 0.33 < p < 0.66:
                    continue
                for track in ("all", hp):
                    cell = out[(spec.region, track)][cpg]
                    cell[0] += p >= 0.66
                    cell[1] += 1
    return out


def ours(bam: Path) -> dict[tuple[str, str], dict[int, list[int]]]:
    sample = load_sample([bam])
    out: dict[tuple[str, str], dict[int, list[int]]] = {}
    for obs in sample.observations:
        for t in obs.tracks:
            out[(obs.region, t.label)] = {p: [m, n] for p, m, n in t.sites}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, nargs="+", default=[15, 300, 1000])
    parser.add_argument("--out", default=str(_HERE / "out" / "methylation.md"))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.reads:
            bam = phased_sample("GRCh38", REAL_PATERNAL, REAL_MATERNAL, reads=(n, n))
            path = bam.write(Path(tmp) / f"r{n}.bam")
            t0 = time.perf_counter()
            mine = ours(path)
            t1 = time.perf_counter()
            ref = reference_counts(path)
            t2 = time.perf_counter()
            same = {k: dict(v) for k, v in mine.items()} == {
                k: {p: list(c) for p, c in v.items()} for k, v in ref.items()
            }
            cpgs = sum(len(v) for (r, t), v in mine.items() if t == "all")
            rows.append((8 * n, cpgs, t1 - t0, t2 - t1, same))
    lines = [
        "## DMR methylation benchmark: gnas_annot vs samtools mpileup -M",
        "",
        "SIMULATED haplotagged modBAM at the four real GRCh38 DMRs (synthetic bases), the real",
        "person's phased levels; per-CpG counts overall and per haplotype compared exactly.",
        "",
        "| reads | CpGs | gnas_annot (s) | samtools mpileup -M + parse (s) | ratio "
        "| identical counts |",
        "|---|---|---|---|---|---|",
    ]
    for reads, cpgs, a, b, same in rows:
        lines.append(f"| {reads:,} | {cpgs} | {a:.2f} | {b:.2f} | {a / b:.2f} | {same} |")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if all(r[-1] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
