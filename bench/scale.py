#!/usr/bin/env python3
"""Benchmark ``gnas_annot.annotate_many`` (Dask scale-out) on generated GNAS VCFs.

Run from the repository root with the project's virtualenv (needs the ``scale``
extra: ``pip install -e '.[scale]'``)::

    .venv/bin/python bench/scale.py                      # 200 VCFs; cohorts of 500 and 2,500
    .venv/bin/python bench/scale.py --vcfs 50 --cohorts 500 --out /tmp/bench

(a) Many small VCFs: ``--vcfs`` single-sample and trio VCFs of the ``gnas`` region
    (``--records`` records each, REF bases from the synthetic reference of
    bench/hgvs.py) annotated by ``annotate_many`` on a LocalCluster of 1 and then 2
    single-threaded worker processes; also a plain serial loop (``annotate_vcf`` ->
    Parquet) in one process.  Reports wall times and the 1 -> 2 worker speed-up.
(b) Joint-called cohorts: one bgzipped, indexed VCF of the region with ``--cohorts``
    samples (most of them in trios, listed in a PED), annotated with parent of origin
    for every trio child, each configuration in its own subprocess: serial
    ``annotate_vcf`` (rows streamed and counted), serial ``writers.write_parquet``,
    ``annotate_many`` unchunked and ``annotate_many --chunk-samples``.  Reports wall
    time and peak RSS (the subprocess, and each Dask worker).  The serial 2,500-sample
    run is profiled with cProfile.

Writes ``OUT/scale.md`` and ``OUT/scale.json``.  See bench/README.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import importlib.util
import io
import json
import os
import platform
import pstats
import random
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Run as a script, bench/ comes first on sys.path, and bench/hgvs.py would shadow the
# biocommons ``hgvs`` package (in this process and in the Dask workers it spawns).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

REPO = _HERE.parent
CONTIG = "chr20"
CONTIG_LENGTH = 64_444_167  # GRCh38: gnas_annot detects the build from it
FORMAT = "GT:AD:DP:GQ"
TARGET_SPEEDUP = 1.6
HEADER = (
    "##fileformat=VCFv4.2\n"
    "##reference=GRCh38\n"
    f"##contig=<ID={CONTIG},length={CONTIG_LENGTH}>\n"
    "##source=gnas_annot bench/scale.py\n"
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
    '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths">\n'
    '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">\n'
    '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">\n'
)
CALL = {0: "0/0:30,0:30:99", 1: "0/1:16,14:30:99", 2: "1/1:0,30:30:99"}


# --------------------------------------------------------------------------- input


def _load_hgvs_bench() -> Any:
    """bench/hgvs.py under another name (its own would shadow ``hgvs``): the reference."""
    spec = importlib.util.spec_from_file_location("_bench_hgvs", _HERE / "hgvs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_bench_hgvs"] = module
    spec.loader.exec_module(module)
    return module


class Sites:
    """Random GNAS-region alleles with REF from the synthetic reference."""

    def __init__(self, reference: Any) -> None:
        from gnas_annot.model.builds import GenomeBuild
        from gnas_annot.pack.locus import load_locus

        locus = load_locus(GenomeBuild.GRCh38)
        self.region = locus.extraction_region("gnas")
        exonic = {
            p
            for tx in locus.transcripts
            for e in tx.exons
            for p in range(e.start, e.end + 1)
            if self.region.start <= p <= self.region.end - 10
        }
        self.exonic = sorted(exonic)
        self.reference = reference

    def draw(self, rng: random.Random, n: int) -> list[tuple[int, str, str]]:
        """``n`` distinct positions: 40% exonic, 85% SNV, 10% deletion, 5% insertion."""
        positions: set[int] = set()
        while len(positions) < n:
            if rng.random() < 0.4:
                positions.add(rng.choice(self.exonic))
            else:
                positions.add(rng.randint(self.region.start, self.region.end - 10))
        sites = []
        for pos in sorted(positions):
            kind = rng.random()
            if kind < 0.85:
                ref = self.reference.fetch(pos, pos)
                sites.append((pos, ref, rng.choice([b for b in "ACGT" if b != ref])))
            elif kind < 0.95:
                ref = self.reference.fetch(pos, pos + rng.randint(1, 6))
                sites.append((pos, ref, ref[0]))
            else:
                ref = self.reference.fetch(pos, pos)
                sites.append((pos, ref, ref + "".join(rng.choices("ACGT", k=rng.randint(1, 4)))))
        return sites


def _line(site: tuple[int, str, str], calls: Sequence[str], ident: str) -> str:
    pos, ref, alt = site
    return f"{CONTIG}\t{pos}\t{ident}\t{ref}\t{alt}\t50\tPASS\t.\t{FORMAT}\t" + "\t".join(calls)


def _columns(samples: Sequence[str]) -> str:
    return "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(samples) + "\n"


def _trio_dosages(rng: random.Random, freq: float) -> tuple[int, int, int]:
    """(child, father, mother) ALT dosages: parents from HWE, the child Mendelian,
    with a 2% chance of a de novo allele."""
    dad = (rng.random() < freq) + (rng.random() < freq)
    mum = (rng.random() < freq) + (rng.random() < freq)
    kid = (rng.random() < dad / 2) + (rng.random() < mum / 2)
    if kid < 2 and rng.random() < 0.02:
        kid += 1
    return kid, dad, mum


def small_vcfs(folder: Path, sites: Sites, n: int, records: int, seed: int) -> tuple[list, Path]:
    """``n`` VCFs (every other one a trio) and one PED for all the trios."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths, ped = [], []
    for i in range(n):
        trio = i % 2 == 1
        samples = [f"K{i}", f"D{i}", f"M{i}"] if trio else [f"S{i}"]
        if trio:
            ped += [f"T{i} K{i} D{i} M{i} 2 2", f"T{i} D{i} 0 0 1 1", f"T{i} M{i} 0 0 2 1"]
        lines = []
        for k, site in enumerate(sites.draw(rng, records)):
            if trio:
                dosages = _trio_dosages(rng, 0.3)
                if not any(dosages):
                    dosages = (1, 0, 1)
            else:
                dosages = (rng.choice((1, 1, 2)),)
            lines.append(_line(site, [CALL[d] for d in dosages], f"v{k}"))
        path = folder / f"sample_{i:04d}.vcf"
        path.write_text(HEADER + _columns(samples) + "\n".join(lines) + "\n")
        paths.append(path)
    ped_path = folder / "all.ped"
    ped_path.write_text("\n".join(ped) + "\n")
    return paths, ped_path


def cohort_vcf(folder: Path, sites: Sites, n_samples: int, records: int, seed: int) -> tuple:
    """A joint-called cohort (bgzipped + .tbi): 80% of the samples in trios, in a PED."""
    import pysam

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    trios = int(n_samples * 0.8) // 3
    samples = [f"{who}{t}" for t in range(trios) for who in ("KID", "DAD", "MUM")]
    samples += [f"U{i}" for i in range(n_samples - len(samples))]
    ped = [
        line
        for t in range(trios)
        for line in (
            f"F{t} KID{t} DAD{t} MUM{t} 1 2",
            f"F{t} DAD{t} 0 0 1 1",
            f"F{t} MUM{t} 0 0 2 1",
        )
    ]
    path = folder / f"cohort_{n_samples}.vcf"
    with path.open("w") as out:
        out.write(HEADER + _columns(samples))
        for k, site in enumerate(sites.draw(rng, records)):
            freq = 10 ** rng.uniform(-3, -0.5)  # 0.1% .. 32%
            calls = []
            for _ in range(trios):
                calls += [CALL[d] for d in _trio_dosages(rng, freq)]
            calls += [
                CALL[(rng.random() < freq) + (rng.random() < freq)]
                for _ in range(n_samples - 3 * trios)
            ]
            out.write(_line(site, calls, f"v{k}") + "\n")
    gz = pysam.tabix_index(str(path), preset="vcf", force=True)  # removes the plain file
    ped_path = folder / f"cohort_{n_samples}.ped"
    ped_path.write_text("\n".join(ped) + "\n")
    return Path(gz), ped_path, trios


# --------------------------------------------------------------------------- runs


def _cluster(workers: int) -> tuple[Any, Any]:
    import logging

    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    return cluster, Client(cluster)


def _peak_rss_mib() -> float:
    """This process's peak RSS (VmHWM).  Not ``ru_maxrss``: Linux carries the
    parent's RSS at fork into the child's ``ru_maxrss`` across the exec, so a
    Dask worker spawned by a big driver would report the driver's size."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _count_rows(dataset: Path) -> int:
    """Rows of an annotate_many dataset, from the Parquet footers (nothing loaded)."""
    import pyarrow.dataset as ds

    return int(ds.dataset(str(dataset), format="parquet", partitioning="hive").count_rows())


def _worker_peaks(client: Any) -> list[float]:
    """Peak RSS (MiB) of each worker process so far."""
    peaks = client.run(_peak_rss_mib)
    return sorted(round(v, 1) for v in peaks.values())


def many_vcfs(
    paths: list[Path], ped: Path, reference: Path, work: Path, repeats: int
) -> dict[str, Any]:
    from gnas_annot import annotate_many, annotate_vcf
    from gnas_annot.output.tables import write_parquet

    result: dict[str, Any] = {"inputs": len(paths), "load_before": os.getloadavg()[0]}
    serial_dir = work / "serial"
    runs = []
    for _ in range(repeats):
        shutil.rmtree(serial_dir, ignore_errors=True)
        serial_dir.mkdir(parents=True)
        t = time.perf_counter()
        n_rows = 0
        for path in paths:
            # the serial loop needs each file's own family, annotate_many takes the cohort PED
            i = int(path.stem.split("_")[1])
            trio = f"K{i},D{i},M{i}" if i % 2 == 1 else None  # as small_vcfs writes them
            n_rows += write_parquet(
                annotate_vcf(path, trio=trio, reference=reference),
                serial_dir / f"{path.name}.parquet",
            )
        runs.append(time.perf_counter() - t)
    result["serial"] = {"wall_s": min(runs), "wall_s_runs": runs, "rows": n_rows}
    # both clusters up at once, runs alternated (1, 2, 1, 2, ...): the machine is
    # shared, and alternating spreads the other users' load over both
    clusters = {}
    for workers in (1, 2):
        t = time.perf_counter()
        clusters[workers] = (*_cluster(workers), time.perf_counter() - t)
    timings: dict[int, list[float]] = {1: [], 2: []}
    try:
        for _ in range(repeats):
            for workers, (_, client, _) in clusters.items():
                out = work / f"dask{workers}"
                shutil.rmtree(out, ignore_errors=True)
                t = time.perf_counter()
                annotate_many(paths, output_dir=out, client=client, ped=ped, reference=reference)
                timings[workers].append(time.perf_counter() - t)
        for workers, (_, client, startup) in clusters.items():
            result[f"workers_{workers}"] = {
                "wall_s": min(timings[workers]),
                "wall_s_runs": timings[workers],
                "cluster_startup_s": startup,
                "rows": _count_rows(work / f"dask{workers}"),
                "worker_peak_rss_mib": _worker_peaks(client),
            }
    finally:
        for cluster, client, _ in clusters.values():
            client.close()
            cluster.close()
    result["load_after"] = os.getloadavg()[0]
    w1, w2 = result["workers_1"]["wall_s"], result["workers_2"]["wall_s"]
    result["speedup_1_to_2"] = w1 / w2
    result["dask_overhead_1_worker"] = w1 / result["serial"]["wall_s"]
    result["rows_agree"] = (
        result["serial"]["rows"] == result["workers_1"]["rows"] == result["workers_2"]["rows"]
    )
    return result


CHILD_MODES = ("serial", "write_parquet", "dask", "dask_chunked")


def child(mode: str, vcf: str, ped: str, reference: str, work: str, chunk: int) -> None:
    """One cohort configuration in this (fresh) process; prints a JSON line."""
    from gnas_annot import annotate_many, annotate_vcf
    from gnas_annot.annotate.results import rows
    from gnas_annot.output.tables import write_parquet

    out = Path(work) / mode
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    t = time.perf_counter()
    extra: dict[str, Any] = {}
    if mode == "serial":
        n_rows = sum(1 for av in annotate_vcf(vcf, ped=ped, reference=reference) for _ in rows(av))
    elif mode == "write_parquet":
        n_rows = write_parquet(annotate_vcf(vcf, ped=ped, reference=reference), out / "x.parquet")
    else:
        cluster, client = _cluster(2)
        extra["cluster_startup_s"] = time.perf_counter() - t
        t = time.perf_counter()
        try:
            annotate_many(
                [vcf],
                output_dir=out / "ds",
                client=client,
                ped=ped,
                reference=reference,
                chunk_samples=chunk if mode == "dask_chunked" else None,
            )
            extra["worker_peak_rss_mib"] = _worker_peaks(client)
            extra["driver_peak_rss_mib"] = round(_peak_rss_mib(), 1)  # scheduler included
        finally:
            wall = time.perf_counter() - t
            client.close()
            cluster.close()
        n_rows = _count_rows(out / "ds")
        print(json.dumps({"wall_s": wall, "rows": n_rows, **extra}))
        return
    wall = time.perf_counter() - t
    print(json.dumps({"wall_s": wall, "rows": n_rows, **extra}))


def run_child(mode: str, vcf: Path, ped: Path, reference: Path, work: Path, chunk: int) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        mode,
        str(vcf),
        str(ped),
        str(reference),
        str(work),
        str(chunk),
    ]
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    if gnu_time:
        command = [gnu_time, "-f", "PEAK_RSS_KB %M", *command]
    t = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"{mode} on {vcf} failed:\n{done.stderr[-3000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    data["process_s"] = elapsed
    peak = [ln for ln in done.stderr.splitlines() if ln.startswith("PEAK_RSS_KB")]
    if peak:
        data["peak_rss_mib"] = round(int(peak[-1].split()[1]) / 1024, 1)
    else:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        data["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)  # max over all children
    return data


def profile_serial(vcf: Path, ped: Path, reference: Path, path: Path) -> list[str]:
    from gnas_annot import annotate_vcf
    from gnas_annot.annotate.results import rows

    profiler = cProfile.Profile()
    profiler.enable()
    sum(1 for av in annotate_vcf(vcf, ped=ped, reference=reference) for _ in rows(av))
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).sort_stats("tottime")
    stats.print_stats(40)
    path.write_text(text.getvalue())
    brief = io.StringIO()
    pstats.Stats(profiler, stream=brief).sort_stats("tottime").print_stats(12)
    lines = brief.getvalue().splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip().startswith("ncalls"))
    return [ln for ln in lines[start : start + 13] if ln.strip()]


# --------------------------------------------------------------------------- report


def render(data: dict[str, Any]) -> str:
    a = data["many"]
    out = [
        "# annotate_many benchmark",
        "",
        f"{data['meta']['date']}, {data['meta']['cpus']} CPUs, load {data['meta']['load']}",
        "",
        f"## (a) {a['inputs']} small VCFs ({data['args']['records']} records each)",
        "",
        "| run | wall s | rows | worker peak RSS MiB |",
        "|---|---:|---:|---|",
        f"| serial loop (annotate_vcf -> write_parquet) | {a['serial']['wall_s']:.2f} | "
        f"{a['serial']['rows']} | - |",
    ]
    for w in (1, 2):
        r = a[f"workers_{w}"]
        out.append(
            f"| annotate_many, {w} worker(s) (+{r['cluster_startup_s']:.1f} s cluster start) | "
            f"{r['wall_s']:.2f} | {r['rows']} | {r['worker_peak_rss_mib']} |"
        )
    verdict = "met" if a["speedup_1_to_2"] >= TARGET_SPEEDUP else "NOT met"
    out += [
        "",
        f"Speed-up 1 -> 2 workers: **{a['speedup_1_to_2']:.2f}x** (target >= {TARGET_SPEEDUP}x: "
        f"{verdict}); 1 worker / serial loop: {a['dask_overhead_1_worker']:.2f}; "
        f"rows agree: {a['rows_agree']}; 1-min load average {a['load_before']:.2f} before, "
        f"{a['load_after']:.2f} after.",
        "",
        "## (b) joint-called cohorts",
        "",
        "| samples | trios | run | wall s | process s | rows | process peak RSS MiB "
        "| driver peak MiB | worker peaks MiB |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for c in data["cohorts"]:
        for mode, r in c["runs"].items():
            out.append(
                f"| {c['samples']} | {c['trios']} | {mode} | {r['wall_s']:.2f} | "
                f"{r['process_s']:.2f} | {r['rows']} | {r['peak_rss_mib']} | "
                f"{r.get('driver_peak_rss_mib', '-')} | {r.get('worker_peak_rss_mib', '-')} |"
            )
    if data.get("profile"):
        out += ["", "### cProfile, serial annotate_vcf, largest cohort (by tottime)", "", "```"]
        out += data["profile"] + ["```"]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--vcfs", type=int, default=200)
    parser.add_argument("--records", type=int, default=50)
    parser.add_argument("--cohorts", default="500,2500", help="sample counts, comma-separated")
    parser.add_argument("--cohort-records", type=int, default=50)
    parser.add_argument("--chunk-samples", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, vcf, ped, reference, work, chunk = args.child
        child(mode, vcf, ped, reference, work, int(chunk))
        return 0

    from gnas_annot.model.builds import GenomeBuild
    from gnas_annot.pack.locus import load_locus

    hgvs_bench = _load_hgvs_bench()
    args.out.mkdir(parents=True, exist_ok=True)
    ref = hgvs_bench.ensure_reference(args.out, load_locus(GenomeBuild.GRCh38), args.seed, False)
    work = args.out / "scale"
    shutil.rmtree(work, ignore_errors=True)
    sites = Sites(ref)
    print(f"generating {args.vcfs} VCFs ...", file=sys.stderr, flush=True)
    paths, ped = small_vcfs(work / "inputs", sites, args.vcfs, args.records, args.seed)
    print("(a) 1 and 2 workers ...", file=sys.stderr, flush=True)
    data: dict[str, Any] = {
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "many": many_vcfs(paths, ped, ref.path, work / "many", args.repeats),
        "cohorts": [],
    }
    largest = None
    for n in (int(x) for x in args.cohorts.split(",") if x):
        print(f"(b) cohort of {n} samples ...", file=sys.stderr, flush=True)
        t = time.perf_counter()
        vcf, cped, trios = cohort_vcf(work / "cohort", sites, n, args.cohort_records, args.seed)
        generated = time.perf_counter() - t
        runs = {
            mode: run_child(mode, vcf, cped, ref.path, work / f"cohort{n}", args.chunk_samples)
            for mode in CHILD_MODES
        }
        data["cohorts"].append(
            {"samples": n, "trios": trios, "generate_s": generated, "runs": runs}
        )
        largest = (vcf, cped)
    if largest and not args.no_profile:
        data["profile"] = profile_serial(*largest, ref.path, args.out / "scale_profile.txt")
    data["meta"] = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }
    report = render(data)
    print(report)
    (args.out / "scale.md").write_text(report)
    (args.out / "scale.json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
