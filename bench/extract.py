#!/usr/bin/env python3
"""Benchmark ``gnas-annot extract`` against ``bcftools view`` on a WGS-sized VCF.

Run from the repository root with the project's virtualenv::

    .venv/bin/python bench/extract.py                 # 4,000,000 + 400,000 records
    .venv/bin/python bench/extract.py --records 1000000 --out /tmp/bench

The script

1. generates (once; cached in ``--out``) a sorted single-sample GRCh38 VCF with
   ``--records`` records over chr1..chr22 and a 10x smaller one, bgzipped with
   ``bgzip`` and indexed with ``tabix -p vcf``;
2. times (best of ``--repeats`` runs) and measures the peak RSS of indexed and
   streaming extraction of the GNAS region with bcftools and gnas-annot, plus
   gnas-annot's interpreter/import start-up;
3. checks that gnas-annot writes the same sites as ``bcftools view -r`` followed
   by ``bcftools norm -m -any``;
4. prints a markdown report and writes it to ``OUT/extract.md`` and
   ``OUT/extract.json``.

See bench/README.md for what is measured and the targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

# GRCh38 primary-assembly lengths (GRC assembly report GCF_000001405.26).  chr20
# must be exactly 64,444,167: gnas-annot detects the build from it.
# fmt: off
GRCH38_LENGTHS: dict[str, int] = {
    "chr1": 248_956_422, "chr2": 242_193_529, "chr3": 198_295_559, "chr4": 190_214_555,
    "chr5": 181_538_259, "chr6": 170_805_979, "chr7": 159_345_973, "chr8": 145_138_636,
    "chr9": 138_394_717, "chr10": 133_797_422, "chr11": 135_086_622, "chr12": 133_275_309,
    "chr13": 114_364_328, "chr14": 107_043_718, "chr15": 101_991_189, "chr16": 90_338_345,
    "chr17": 83_257_441, "chr18": 80_373_285, "chr19": 58_617_616, "chr20": 64_444_167,
    "chr21": 46_709_983, "chr22": 50_818_468,
}
# fmt: on
# gnas-annot's default extraction region ("gnas") on GRCh38: GNAS-AS1 start to
# GNAS end, with a 5-kb flank on both sides.
REGION_CHROM, REGION_START, REGION_END = "chr20", 58_813_918, 58_916_192
REGION = f"{REGION_CHROM}:{REGION_START}-{REGION_END}"

GENERATOR_VERSION = 1  # bump when the generated records change, to invalidate caches
SAMPLE = "BENCH1"
EXTRA_REGION_RECORDS = 300  # on top of the background density (~140 per 4M records)
REGION_MULTIALLELIC = 8  # region records forced to be multiallelic
BODY_POOL = 50_000  # distinct REF..SAMPLE columns records are drawn from
CHUNK_LINES = 200_000
BASES = "ACGT"

TARGET_INDEXED_RATIO = 1.2
TARGET_STREAMING_RATIO = 2.0
TARGET_RSS_GROWTH = 0.10


# --------------------------------------------------------------------------- input


def vcf_header() -> str:
    lines = [
        "##fileformat=VCFv4.2",
        '##FILTER=<ID=PASS,Description="All filters passed">',
        '##FILTER=<ID=LowQual,Description="Low quality call">',
        '##INFO=<ID=DP,Number=1,Type=Integer,Description="Approximate read depth">',
        '##INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency, per ALT allele">',
        '##INFO=<ID=MQ,Number=1,Type=Float,Description="RMS mapping quality">',
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
        '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths (REF, then ALTs)">',
        '##FORMAT=<ID=DP,Number=1,Type=Integer,Description="Read depth">',
        '##FORMAT=<ID=GQ,Number=1,Type=Integer,Description="Genotype quality">',
        *(f"##contig=<ID={name},length={length}>" for name, length in GRCH38_LENGTHS.items()),
        "##reference=GRCh38",
        f"##source=gnas_annot bench/extract.py (generator v{GENERATOR_VERSION})",
        "\t".join(
            ("#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", SAMPLE)
        ),
    ]
    return "\n".join(lines) + "\n"


def _other_base(rng: random.Random, base: str) -> str:
    return rng.choice([b for b in BASES if b != base])


def _random_seq(rng: random.Random, n: int) -> str:
    return "".join(rng.choices(BASES, k=n))


def record_body(rng: random.Random, kind: str) -> str:
    """REF..SAMPLE columns of one record: ``kind`` is snv, ins, del or multi."""
    anchor = rng.choice(BASES)
    length = min(int(rng.expovariate(0.5)) + 1, 12)
    if kind == "ins":
        ref, alts = anchor, [anchor + _random_seq(rng, length)]
    elif kind == "del":
        ref, alts = anchor + _random_seq(rng, length), [anchor]
    elif kind == "multi":
        first, second = rng.sample([b for b in BASES if b != anchor], 2)
        ref, alts = anchor, [first, second]
    else:
        ref, alts = anchor, [_other_base(rng, anchor)]
    depth = rng.randint(8, 70)
    if len(alts) == 2:
        gt = "1/2"
        a1 = rng.randint(1, depth - 1)
        ad = [0, a1, depth - a1]
        af = ["0.500", "0.500"]
    elif rng.random() < 0.6:
        gt = "0/1"
        alt_depth = rng.randint(1, depth - 1)
        ad = [depth - alt_depth, alt_depth]
        af = ["0.500"]
    else:
        gt = "1/1"
        ad = [rng.randint(0, 1), depth]
        af = ["1.00"]
    qual = rng.uniform(20.0, 2500.0)
    filt = "PASS" if qual >= 40.0 else "LowQual"
    mq = rng.choice(("60.00", "60.00", "60.00", "59.21", "55.47", "42.80"))
    gq = min(99, 10 + depth * 2)
    return "\t".join(
        (
            ref,
            ",".join(alts),
            f"{qual:.2f}",
            filt,
            f"DP={depth + rng.randint(0, 5)};AF={','.join(af)};MQ={mq}",
            "GT:AD:DP:GQ",
            f"{gt}:{','.join(map(str, ad))}:{sum(ad)}:{gq}",
        )
    )


def body_pool(rng: random.Random, size: int) -> list[str]:
    """~89% SNVs, ~10% small indels (half insertions, half deletions), ~1% multiallelic."""
    kinds = rng.choices(("snv", "ins", "del", "multi"), weights=(89, 5, 5, 1), k=size)
    return [record_body(rng, kind) for kind in kinds]


def chromosome_counts(total: int) -> dict[str, int]:
    """Records per chromosome in proportion to its length."""
    genome = sum(GRCH38_LENGTHS.values())
    return {name: round(total * length / genome) for name, length in GRCH38_LENGTHS.items()}


def vcf_lines(n_records: int, seed: int) -> Iterator[str]:
    """Chunks of VCF text (header first), sorted by chromosome and position."""
    rng = random.Random(seed)
    pool = body_pool(rng, BODY_POOL)
    yield vcf_header()
    for chrom, count in chromosome_counts(n_records).items():
        # leave room at the chromosome end for the longest deletion
        positions = rng.sample(range(1, GRCH38_LENGTHS[chrom] - 20), count)
        overrides: dict[int, str] = {}
        if chrom == REGION_CHROM:
            positions, overrides = _region_records(rng, positions)
        positions.sort()
        for start in range(0, len(positions), CHUNK_LINES):
            chunk = positions[start : start + CHUNK_LINES]
            bodies = rng.choices(pool, k=len(chunk))
            if overrides:
                bodies = [overrides.get(p, b) for p, b in zip(chunk, bodies, strict=True)]
            yield "".join(
                f"{chrom}\t{pos}\t.\t{body}\n" for pos, body in zip(chunk, bodies, strict=True)
            )


def _region_records(rng: random.Random, positions: list[int]) -> tuple[list[int], dict[int, str]]:
    """Densify the GNAS region, force some multiallelic records there, and add a
    deletion that starts before the region and reaches into it."""
    inside = set(rng.sample(range(REGION_START, REGION_END + 1), EXTRA_REGION_RECORDS))
    merged = set(positions) | inside
    overrides = {
        p: record_body(rng, "multi") for p in rng.sample(sorted(inside), REGION_MULTIALLELIC)
    }
    boundary = REGION_START - 3  # REF of 6 bases covers REGION_START-3 .. REGION_START+2
    merged.add(boundary)
    ref = _random_seq(rng, 6)
    overrides[boundary] = (
        f"{ref}\t{ref[0]}\t812.40\tPASS\tDP=31;AF=0.500;MQ=60.00\tGT:AD:DP:GQ\t0/1:15,16:31:72"
    )
    return list(merged), overrides


@dataclass(frozen=True)
class GeneratedInput:
    path: Path
    records: int
    seed: int
    generated: bool  # False: reused from the cache
    seconds: float
    size_bytes: int


def ensure_input(out: Path, n_records: int, seed: int, force: bool) -> GeneratedInput:
    """Generate ``OUT/synthetic_<N>.vcf.gz`` (+ .tbi), or reuse it if its parameters match."""
    path = out / f"synthetic_{n_records}.vcf.gz"
    index = Path(f"{path}.tbi")
    meta_path = out / f"synthetic_{n_records}.json"
    meta = {"records": n_records, "seed": seed, "generator_version": GENERATOR_VERSION}
    cached = (
        not force
        and path.is_file()
        and index.is_file()
        and meta_path.is_file()
        and json.loads(meta_path.read_text()) == meta
    )
    if cached:
        return GeneratedInput(path, n_records, seed, False, 0.0, path.stat().st_size)

    print(f"generating {path} ({n_records:,} records) ...", file=sys.stderr, flush=True)
    began = time.perf_counter()
    meta_path.unlink(missing_ok=True)
    tmp = out / f".{path.name}.tmp"
    with tmp.open("wb") as sink:
        bgzip = subprocess.Popen(["bgzip", "-@2", "-c"], stdin=subprocess.PIPE, stdout=sink)
        assert bgzip.stdin is not None
        stdin: IO[bytes] = bgzip.stdin
        try:
            for chunk in vcf_lines(n_records, seed):
                stdin.write(chunk.encode("ascii"))
        finally:
            stdin.close()
        if bgzip.wait() != 0:
            raise RuntimeError(f"bgzip failed with exit code {bgzip.returncode}")
    tmp.replace(path)
    subprocess.run(["tabix", "-f", "-p", "vcf", str(path)], check=True)
    meta_path.write_text(json.dumps(meta) + "\n")
    seconds = time.perf_counter() - began
    print(f"  done in {seconds:.1f} s ({path.stat().st_size / 2**20:.0f} MiB)", file=sys.stderr)
    return GeneratedInput(path, n_records, seed, True, seconds, path.stat().st_size)


def unindexed_copy(source: Path, out: Path) -> Path:
    """The same .vcf.gz in a directory without its .tbi (hard link, else copy)."""
    directory = out / "unindexed"
    directory.mkdir(exist_ok=True)
    target = directory / source.name
    if (
        target.exists()
        and target.stat().st_size == source.stat().st_size
        and target.stat().st_mtime >= source.stat().st_mtime
    ):
        return target
    target.unlink(missing_ok=True)
    try:
        target.hardlink_to(source)
    except OSError:
        shutil.copy2(source, target)
    for suffix in (".tbi", ".csi"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    return target


# --------------------------------------------------------------------- measuring


@dataclass
class Measurement:
    name: str
    tool: str  # "bcftools" or "gnas-annot"
    mode: str  # "indexed", "streaming" or "start-up"
    input_records: int
    command: list[str]
    wall_s: float = 0.0  # best of the runs
    wall_s_runs: list[float] = field(default_factory=list)
    max_rss_kib: int = 0  # largest peak RSS seen over the runs
    max_rss_kib_runs: list[int] = field(default_factory=list)


class Runner:
    """Runs a command and returns (wall seconds, peak RSS in KiB).

    Peak RSS comes from GNU time's ``%M`` (``/usr/bin/time``) if present, else
    from the child's rusage via ``os.wait4``.
    """

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.gnu_time = shutil.which("time", path="/usr/bin:/bin") if os.name == "posix" else None

    @property
    def rss_source(self) -> str:
        return "/usr/bin/time -f %M" if self.gnu_time else "os.wait4 ru_maxrss"

    def run(self, command: Sequence[str]) -> tuple[float, int]:
        if self.gnu_time:
            return self._run_gnu_time(command)
        return self._run_wait4(command)

    def _run_gnu_time(self, command: Sequence[str]) -> tuple[float, int]:
        assert self.gnu_time is not None
        with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
            wrapped = [self.gnu_time, "-f", "%M", "-o", rss.name, *command]
            began = time.perf_counter()
            done = subprocess.run(
                wrapped,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=self.env,
                check=False,
            )
            wall = time.perf_counter() - began
            _check(command, done.returncode, done.stderr)
            return wall, int(Path(rss.name).read_text().split()[-1])

    def _run_wait4(self, command: Sequence[str]) -> tuple[float, int]:
        began = time.perf_counter()
        child = subprocess.Popen(
            list(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=self.env
        )
        assert child.stderr is not None
        stderr = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
        _check(command, child.returncode, stderr)
        return wall, int(usage.ru_maxrss)  # KiB on Linux

    def measure(self, m: Measurement, repeats: int) -> Measurement:
        for _ in range(repeats):
            wall, rss = self.run(m.command)
            m.wall_s_runs.append(round(wall, 4))
            m.max_rss_kib_runs.append(rss)
        m.wall_s = min(m.wall_s_runs)
        m.max_rss_kib = max(m.max_rss_kib_runs)
        print(
            f"  {m.name:34} best {m.wall_s:8.3f} s   peak RSS {m.max_rss_kib / 1024:7.1f} MiB",
            file=sys.stderr,
            flush=True,
        )
        return m


def _check(command: Sequence[str], code: int, stderr: bytes) -> None:
    if code != 0:
        text = stderr.decode(errors="replace").strip()
        raise RuntimeError(f"{' '.join(command)} exited with {code}: {text}")


def _output(command: Sequence[str], env: dict[str, str] | None = None) -> str:
    return subprocess.run(list(command), capture_output=True, text=True, check=True, env=env).stdout


def sites(path: Path, split: bool) -> list[tuple[str, int, str, str]]:
    """(CHROM, POS, REF, ALT) of every record; ``split`` runs ``bcftools norm -m -any`` first."""
    if split:
        text = _output(
            [
                "bash",
                "-c",
                'bcftools norm -m -any "$1" 2>/dev/null | '
                "bcftools query -f '%CHROM\\t%POS\\t%REF\\t%ALT\\n'",
                "_",
                str(path),
            ]
        )
    else:
        text = _output(["bcftools", "query", "-f", "%CHROM\\t%POS\\t%REF\\t%ALT\\n", str(path)])
    rows = [line.split("\t") for line in text.splitlines()]
    return sorted((c, int(p), r.upper(), a.upper()) for c, p, r, a in rows)


def data_lines(path: Path) -> int:
    """Number of records, as ``bcftools view -H FILE | wc -l`` counts them."""
    return int(_output(["bash", "-c", 'bcftools view -H "$1" | wc -l', "_", str(path)]))


# ----------------------------------------------------------------------- report


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 2) if b > 0 else None


def _fmt_ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def _mib(kib: int) -> str:
    return f"{kib / 1024:.1f}"


def build_report(
    results: dict[str, Measurement],
    checks: dict[str, Any],
    inputs: list[GeneratedInput],
    meta: dict[str, Any],
) -> tuple[dict[str, Any], str]:
    startup = results["gnas_startup"].wall_s
    big, small = inputs[0].records, inputs[1].records
    rows: list[dict[str, Any]] = []
    for n in (big, small):
        for mode, bcf_key, gnas_key in (
            ("indexed", "bcftools_r", "gnas_indexed"),
            ("streaming", "bcftools_t", "gnas_streaming"),
        ):
            bcf, gnas = results[f"{bcf_key}_{n}"], results[f"{gnas_key}_{n}"]
            net = max(gnas.wall_s - startup, 0.0)
            rows.append(
                {
                    "input_records": n,
                    "mode": mode,
                    "bcftools_s": bcf.wall_s,
                    "gnas_annot_s": gnas.wall_s,
                    "gnas_annot_minus_startup_s": round(net, 4),
                    "ratio": _ratio(gnas.wall_s, bcf.wall_s),
                    "ratio_minus_startup": _ratio(net, bcf.wall_s),
                    "bcftools_rss_kib": bcf.max_rss_kib,
                    "gnas_annot_rss_kib": gnas.max_rss_kib,
                }
            )
    row = {(r["input_records"], r["mode"]): r for r in rows}
    indexed_ratio = row[(big, "indexed")]["ratio_minus_startup"]
    streaming_ratio = row[(big, "streaming")]["ratio"]
    rss_growth = {
        mode: round(
            results[f"{key}_{big}"].max_rss_kib / results[f"{key}_{small}"].max_rss_kib - 1, 3
        )
        for mode, key in (("indexed", "gnas_indexed"), ("streaming", "gnas_streaming"))
    }
    targets = [
        {
            "target": f"indexed extraction, minus start-up <= {TARGET_INDEXED_RATIO}x bcftools -r",
            "value": _fmt_ratio(indexed_ratio),
            "met": indexed_ratio is not None and indexed_ratio <= TARGET_INDEXED_RATIO,
        },
        {
            "target": f"streaming extraction <= {TARGET_STREAMING_RATIO}x bcftools -t",
            "value": _fmt_ratio(streaming_ratio),
            "met": streaming_ratio is not None and streaming_ratio <= TARGET_STREAMING_RATIO,
        },
        *(
            {
                "target": f"peak RSS flat ({mode}): {big:,} vs {small:,} records within "
                f"{TARGET_RSS_GROWTH:.0%}",
                "value": f"{growth:+.1%}",
                "met": abs(growth) <= TARGET_RSS_GROWTH,
            }
            for mode, growth in rss_growth.items()
        ),
        {
            "target": "gnas-annot writes the same sites as bcftools view -r + norm -m -any",
            "value": f"{checks['gnas_records']} vs {checks['bcftools_split_records']}",
            "met": bool(checks["same_sites"]),
        },
    ]
    data = {
        "meta": meta,
        "inputs": [{**asdict(i), "path": str(i.path)} for i in inputs],
        "region": REGION,
        "startup_s": startup,
        "rows": rows,
        "targets": targets,
        "rss_growth": rss_growth,
        "checks": checks,
        "measurements": {k: asdict(v) for k, v in results.items()},
    }
    return data, render_markdown(data, results)


def render_markdown(data: dict[str, Any], results: dict[str, Measurement]) -> str:
    meta, checks = data["meta"], data["checks"]
    out = [
        "# gnas-annot extract benchmark",
        "",
        f"{meta['date']} on {meta['machine']}; {meta['bcftools']}, gnas-annot "
        f"{meta['gnas_annot']} (Python {meta['python']}, pysam {meta['pysam']}).",
        f"Region {REGION}; wall time = best of {meta['repeats']} runs; peak RSS = largest "
        f"of the runs ({meta['rss_source']}); load average at the end "
        f"{', '.join(map(str, meta['load_average_at_end']))}.",
        "",
        "| input | mode | bcftools (s) | gnas-annot (s) | gnas-annot − start-up (s) "
        "| ratio | ratio − start-up | bcftools RSS (MiB) | gnas-annot RSS (MiB) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["rows"]:
        out.append(
            f"| {r['input_records']:,} | {r['mode']} | {r['bcftools_s']:.3f} "
            f"| {r['gnas_annot_s']:.3f} | {r['gnas_annot_minus_startup_s']:.3f} "
            f"| {_fmt_ratio(r['ratio'])} | {_fmt_ratio(r['ratio_minus_startup'])} "
            f"| {_mib(r['bcftools_rss_kib'])} | {_mib(r['gnas_annot_rss_kib'])} |"
        )
    startup = results["gnas_startup"]
    out += [
        "",
        f"gnas-annot start-up (`gnas-annot --version`: interpreter + imports): "
        f"{startup.wall_s:.3f} s, {_mib(startup.max_rss_kib)} MiB.",
        "bcftools' indexed/streaming modes are `view -r` / `view -t`; gnas-annot's are the "
        "same file with and without its .tbi.",
        "",
        "| target | value | met |",
        "|---|---:|:---:|",
        *(
            f"| {t['target']} | {t['value']} | {'yes' if t['met'] else '**no**'} |"
            for t in data["targets"]
        ),
        "",
        "Checks on the largest input: "
        f"{checks['bcftools_r_records']} records in the region with `bcftools view -r` "
        f"({checks['bcftools_t_records']} with `-t`, which by default keeps only records whose "
        f"POS is inside), {checks['multiallelic_records']} of them multiallelic; "
        f"{checks['bcftools_split_records']} after `bcftools norm -m -any`; gnas-annot wrote "
        f"{checks['gnas_records']} (streaming: {checks['gnas_streaming_records']}); "
        f"same sites: {'yes' if checks['same_sites'] else 'NO'}.",
        "",
    ]
    return "\n".join(out)


# ------------------------------------------------------------------------- main


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--records",
        type=int,
        default=4_000_000,
        help="records in the large input (default 4,000,000); the small input has a tenth of them",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent / "out",
        help="output and cache directory (default bench/out)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="runs per command (best kept)")
    parser.add_argument("--seed", type=int, default=20, help="random seed of the generator")
    parser.add_argument("--regenerate", action="store_true", help="ignore cached inputs")
    parser.add_argument(
        "--gnas-annot",
        default=None,
        help="gnas-annot executable (default: beside this Python, else PATH)",
    )
    args = parser.parse_args(argv)
    if args.records < 10_000:
        parser.error("--records must be at least 10000")
    return args


def _gnas_annot(explicit: str | None) -> str:
    candidates = (
        [explicit]
        if explicit
        else [str(Path(sys.executable).parent / "gnas-annot"), shutil.which("gnas-annot")]
    )
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise SystemExit(
        "gnas-annot not found: install the project (pip install -e .) or pass --gnas-annot"
    )


def _gnas_env(out: Path) -> dict[str, str]:
    """Environment with no reference for gnas-annot: the random REF bases of the
    synthetic input would disagree with a real one (and stop the run)."""
    env = dict(os.environ)
    env.pop("GNAS_ANNOT_REFERENCE", None)
    # an installed package has its .pyc files; without them every run would
    # recompile the modules a command imports beyond --version, which the
    # start-up subtraction does not cover (this machine sets the variable)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    empty_cache = out / "empty-xdg-cache"
    empty_cache.mkdir(exist_ok=True)
    env["XDG_CACHE_HOME"] = str(empty_cache)
    return env


def _meta(runner: Runner, gnas: str, repeats: int) -> dict[str, Any]:
    try:
        from importlib.metadata import version

        pysam_version = version("pysam")
    except Exception:  # not importable from this interpreter: not important
        pysam_version = "unknown"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()} {platform.system()} {platform.release()}, "
        f"{os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "pysam": pysam_version,
        "bcftools": _output(["bcftools", "--version"]).splitlines()[0],
        "gnas_annot": _output([gnas, "--version"], runner.env).strip().split()[-1],
        "repeats": repeats,
        "rss_source": runner.rss_source,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    for tool in ("bcftools", "bgzip", "tabix", "bash"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found on PATH")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    gnas = _gnas_annot(args.gnas_annot)
    runner = Runner(_gnas_env(out))

    inputs = [
        ensure_input(out, n, args.seed, args.regenerate) for n in (args.records, args.records // 10)
    ]
    work = out / "work"
    work.mkdir(exist_ok=True)

    print(f"measuring (best of {args.repeats}; RSS via {runner.rss_source}):", file=sys.stderr)
    results: dict[str, Measurement] = {}

    def add(key: str, tool: str, mode: str, n: int, command: list[str]) -> None:
        results[key] = runner.measure(Measurement(key, tool, mode, n, command), args.repeats)

    add("gnas_startup", "gnas-annot", "start-up", 0, [gnas, "--version"])
    for item in inputs:
        n, path = item.records, item.path
        plain = unindexed_copy(path, out)
        add(
            f"bcftools_r_{n}",
            "bcftools",
            "indexed",
            n,
            [
                "bcftools",
                "view",
                "-r",
                REGION,
                str(path),
                "-Oz",
                "-o",
                str(work / f"bcftools_r_{n}.vcf.gz"),
            ],
        )
        add(
            f"bcftools_t_{n}",
            "bcftools",
            "streaming",
            n,
            [
                "bcftools",
                "view",
                "-t",
                REGION,
                str(path),
                "-Oz",
                "-o",
                str(work / f"bcftools_t_{n}.vcf.gz"),
            ],
        )
        add(
            f"gnas_indexed_{n}",
            "gnas-annot",
            "indexed",
            n,
            [
                gnas,
                "extract",
                str(path),
                "-o",
                str(work / f"gnas_indexed_{n}.vcf.gz"),
                "--build",
                "GRCh38",
                "-q",
            ],
        )
        add(
            f"gnas_streaming_{n}",
            "gnas-annot",
            "streaming",
            n,
            [
                gnas,
                "extract",
                str(plain),
                "-o",
                str(work / f"gnas_streaming_{n}.vcf.gz"),
                "--build",
                "GRCh38",
                "-q",
            ],
        )

    n = inputs[0].records
    bcf_r = work / f"bcftools_r_{n}.vcf.gz"
    gnas_sites = sites(work / f"gnas_indexed_{n}.vcf.gz", split=False)
    bcf_sites = sites(bcf_r, split=True)
    multiallelic = _output(
        ["bash", "-c", 'bcftools view -H "$1" | cut -f5 | grep -c ,', "_", str(bcf_r)]
    ).strip()
    checks: dict[str, Any] = {
        "bcftools_r_records": data_lines(bcf_r),
        "bcftools_t_records": data_lines(work / f"bcftools_t_{n}.vcf.gz"),
        "multiallelic_records": int(multiallelic),
        "bcftools_split_records": len(bcf_sites),
        "gnas_records": data_lines(work / f"gnas_indexed_{n}.vcf.gz"),
        "gnas_streaming_records": data_lines(work / f"gnas_streaming_{n}.vcf.gz"),
        "same_sites": gnas_sites == bcf_sites
        and sites(work / f"gnas_streaming_{n}.vcf.gz", split=False) == bcf_sites,
    }
    if not checks["same_sites"]:
        only_gnas = sorted(set(gnas_sites) - set(bcf_sites))[:5]
        only_bcf = sorted(set(bcf_sites) - set(gnas_sites))[:5]
        checks["differences_sample"] = {"only_gnas_annot": only_gnas, "only_bcftools": only_bcf}

    data, markdown = build_report(results, checks, inputs, _meta(runner, gnas, args.repeats))
    (out / "extract.json").write_text(json.dumps(data, indent=2) + "\n")
    (out / "extract.md").write_text(markdown)
    print(markdown)
    print(f"wrote {out / 'extract.md'} and {out / 'extract.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
