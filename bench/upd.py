"""UPD scan of a whole chromosome 20: gnas_annot vs bcftools +mendelian, same file, same run.

A SIMULATED trio VCF (GRCh38 chr20 coordinates, REF N / ALT A: no real
sequence) with ``--sites`` variable sites over the whole chromosome, a
segmental paternal isodisomy over 20q (35 Mb to the end) and a 0.2 % genotype
error rate; written plain and bgzipped+tabixed.

* gnas_annot: ``analyse_upd(vcf, child, father, mother)`` (every chr20 site,
  scoring, segmentation, runs of homozygosity).
* bcftools: ``bcftools +mendelian -m c`` (counts Mendelian errors only).

Reported: wall times, the Mendelian-error counts of both (must be equal) and
the call.  Not part of the test suite.
Usage: ``.venv/bin/python bench/upd.py [--sites 150000]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent / "tests"))

from gnas_annot.structure.uniparental import analyse_upd  # noqa: E402
from upd_data import simulate_trio  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=150_000)
    parser.add_argument("--out", default=str(_HERE / "out"))
    args = parser.parse_args()
    bcftools = shutil.which("bcftools")
    if bcftools is None:
        print("bcftools not on PATH", file=sys.stderr)
        return 1
    report: dict[str, object] = {"sites_simulated": args.sites}
    with tempfile.TemporaryDirectory() as tmp:
        vcf = simulate_trio(
            Path(tmp) / "trio.vcf",
            sites=args.sites,
            upd=("paternal", "iso", 35_000_000, 64_444_167),
        )
        gz = Path(tmp) / "trio.vcf.gz"
        subprocess.run([bcftools, "view", "-Oz", "-o", str(gz), str(vcf)], check=True)
        subprocess.run([bcftools, "index", "-t", str(gz)], check=True)
        for name, path in (("plain", vcf), ("bgzip+tbi", gz)):
            t0 = time.perf_counter()
            result = analyse_upd(path, "kid", "dad", "mum")
            ours = time.perf_counter() - t0
            t0 = time.perf_counter()
            out = subprocess.run(
                [bcftools, "+mendelian", str(path), "-t", "mum,dad,kid", "-m", "c"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            theirs = time.perf_counter() - t0
            ok, bad = (int(x) for x in out.strip().splitlines()[-1].split("\t")[:2])
            assert result.counts is not None
            report[name] = {
                "gnas_annot_seconds": round(ours, 2),
                "bcftools_mendelian_seconds": round(theirs, 2),
                "trio_sites": result.counts.sites,
                "bcftools_sites": ok + bad,
                "mendelian_errors": result.counts.mendelian_errors,
                "bcftools_mendelian_errors": bad,
                "equal": (result.counts.sites, result.counts.mendelian_errors) == (ok + bad, bad),
                "calls": [
                    f"{c.parent} {c.kind} {c.extent} {c.start}-{c.end} LOD {c.statistic}"
                    for c in result.calls
                ],
            }
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "upd.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
