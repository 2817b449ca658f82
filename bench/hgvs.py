#!/usr/bin/env python3
"""Benchmark HGVS naming (``gnas_annot.naming.names.HgvsNamer``) against ``bcftools csq``.

Run from the repository root with the project's virtualenv::

    .venv/bin/python bench/hgvs.py                        # 10,000 indels, best of 3
    .venv/bin/python bench/hgvs.py --indels 2000 --repeats 5 --out /tmp/bench

The script

1. builds a SYNTHETIC GRCh38 chr20 (there is no real genome offline): random bases
   over the ``gnas+stx16`` extraction region, real ones where ../shared/data knows
   them (via tests/synthetic.py), with every coding transcript translatable (ATG
   start, stop codon at its end, no premature in-frame stop); ``N`` elsewhere;
2. writes an Ensembl-style GFF3 of the six coding GNAS transcripts for
   ``bcftools csq``;
3. writes two sites-only VCFs: every SNV of the NM_000516.7 CDS, and ``--indels``
   random 1-10 bp indels (left-aligned) in the GNAS transcripts' exons and introns;
4. times (best of ``--repeats``) the in-process loop over ``HgvsNamer.name`` and
   ``bcftools csq`` on the same VCF, plus gnas_annot's cold start (import,
   construction, first name) in a fresh interpreter;
5. compares gnas_annot's NM_000516.7 protein changes with bcftools csq's
   amino-acid changes for the SNV workload;
6. prints a markdown report and writes it to ``OUT/hgvs.md`` and ``OUT/hgvs.json``.

See bench/README.md for what is measured.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# This file is bench/hgvs.py: run as a script, its directory comes first on
# sys.path and it would shadow the biocommons ``hgvs`` package gnas_annot imports.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from gnas_annot.model.builds import GenomeBuild  # noqa: E402
from gnas_annot.model.locus import Locus, Transcript  # noqa: E402
from gnas_annot.naming.names import HgvsNamer, TranscriptHgvs, VariantHgvs  # noqa: E402
from gnas_annot.pack.locus import load_locus  # noqa: E402
from gnas_annot.pack.locus_fasta import write_partial_fasta  # noqa: E402
from gnas_annot.seq.normalize import left_align  # noqa: E402
from gnas_annot.seq.reference import ReferenceGenome  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BUILD = GenomeBuild.GRCh38
CONTIG = "chr20"
CONTIG_LENGTH = 64_444_167  # GRCh38 chr20: gnas_annot detects the build from it
SNV_TRANSCRIPT = "NM_000516.7"  # Gs-alpha (MANE Select)
INDEL_FROM_TRANSCRIPT = "NM_016592.5"  # NESP55: the 5'-most GNAS first exon
# the coding transcripts written to the GFF3 (non-coding ones do not matter to csq)
GFF_TRANSCRIPTS = (
    "NM_000516.7",
    "NM_001077488.5",
    "NM_001077489.4",
    "NM_080426.4",
    "NM_080425.4",
    "NM_016592.5",
)
GENERATOR_VERSION = 1  # bump when the generated inputs change, to invalidate caches
MAX_INDEL = 10
PROFILE_BELOW = 1_000.0  # variants/s under which the naming loop is profiled
BASES = "ACGT"
STOPS = frozenset({"TAA", "TAG", "TGA"})
# bcftools csq amino-acid change: "201R>201C", "201R" (synonymous), "395*>395Q"
BCSQ_AA = re.compile(r"^(\d+)([A-Z*]+)(?:>(\d+)([A-Z*]+))?$")


# ----------------------------------------------------------------- reference


def _random_pieces(locus: Locus, seed: int) -> dict[int, str]:
    """A purely random locus sequence under the same constraints as tests/synthetic.py
    (fallback when that module or ../shared/data is not available)."""
    region = locus.extraction_region("gnas+stx16")
    rng = random.Random(seed)
    seq = rng.choices(BASES, k=len(region))
    for tx in locus.transcripts:
        if not tx.is_coding:
            continue
        codons = _codons(tx)
        for k, codon in enumerate(codons):
            idx = [p - region.start for p in codon]
            if k == 0:
                for i, base in zip(idx, "ATG", strict=True):
                    seq[i] = base
            elif k == len(codons) - 1:
                for i, base in zip(idx, "TAA", strict=True):
                    seq[i] = base
            else:
                while "".join(seq[i] for i in idx) in STOPS:
                    seq[rng.choice(idx)] = rng.choice(BASES)
    return {region.start: "".join(seq)}


def _codons(tx: Transcript) -> list[list[int]]:
    """Genomic positions of each codon of a coding transcript, 5' to 3'."""
    assert tx.cds_start is not None and tx.cds_end is not None
    positions = [
        p for e in tx.exons for p in range(e.start, e.end + 1) if tx.cds_start <= p <= tx.cds_end
    ]
    if tx.strand < 0:
        positions.reverse()
    return [positions[i : i + 3] for i in range(0, len(positions), 3)]


def _complement(seq: str) -> str:
    return seq[::-1].translate(str.maketrans("ACGTN", "TGCAN"))


def synthetic_pieces(locus: Locus, seed: int) -> tuple[dict[int, str], str]:
    """{1-based start: bases} of the synthetic locus, and where they came from."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from synthetic import synthetic_pieces as from_tests  # type: ignore[import-not-found]

        pieces: dict[int, str] = from_tests(BUILD)
        return pieces, "tests/synthetic.py (P63092-1 back-translated, published REF alleles)"
    except Exception as exc:  # the test helper is optional
        print(f"tests/synthetic.py unavailable ({exc}); using random bases", file=sys.stderr)
        return _random_pieces(locus, seed), f"random bases (seed {seed})"
    finally:
        sys.path.remove(str(REPO / "tests"))


def check_translatable(locus: Locus, fetch: Callable[[int, int], str]) -> dict[str, str]:
    """Every coding transcript: ATG start, stop at the end, no premature stop."""
    verdicts: dict[str, str] = {}
    for tx in locus.transcripts:
        if not tx.is_coding:
            continue
        codons = [
            "".join(fetch(p, p) for p in codon)
            if tx.strand > 0
            else _complement("".join(fetch(p, p) for p in reversed(codon)))
            for codon in _codons(tx)
        ]
        premature = [k + 1 for k, c in enumerate(codons[:-1]) if c in STOPS]
        if codons[0] != "ATG" or codons[-1] not in STOPS or premature or "N" in "".join(codons):
            raise SystemExit(
                f"synthetic reference: {tx.accession} is not translatable (start {codons[0]}, "
                f"end {codons[-1]}, premature stops at codons {premature[:5]})"
            )
        verdicts[tx.accession] = f"ATG..{codons[-1]}, {len(codons) - 1} aa"
    return verdicts


@dataclass(frozen=True)
class Reference:
    path: Path
    source: str
    start: int  # 1-based first known base
    bases: str  # the known bases (the rest of chr20 is N)
    generated: bool

    @property
    def end(self) -> int:
        return self.start + len(self.bases) - 1

    def fetch(self, start: int, end: int) -> str:
        """1-based inclusive, like ReferenceGenome.fetch; N outside the known bases."""
        lo, hi = start - self.start, end - self.start + 1
        if lo >= 0 and hi <= len(self.bases):
            return self.bases[lo:hi]
        return "".join(
            self.bases[p - self.start] if 0 <= p - self.start < len(self.bases) else "N"
            for p in range(start, end + 1)
        )


def ensure_reference(out: Path, locus: Locus, seed: int, force: bool) -> Reference:
    pieces, source = synthetic_pieces(locus, seed)
    if len(pieces) != 1:
        raise SystemExit(f"expected one synthetic piece, got {len(pieces)}")
    ((start, bases),) = pieces.items()
    path = out / "synthetic_chr20_GRCh38.fa.gz"
    meta_path = out / "synthetic_chr20_GRCh38.json"
    meta = {"start": start, "length": len(bases), "hash": _digest(bases), "source": source}
    cached = (
        not force
        and all(Path(f"{path}{s}").is_file() for s in ("", ".fai", ".gzi"))
        and meta_path.is_file()
        and json.loads(meta_path.read_text()) == meta
    )
    if not cached:
        print(f"writing {path} ...", file=sys.stderr, flush=True)
        meta_path.unlink(missing_ok=True)
        write_partial_fasta(
            path, CONTIG, CONTIG_LENGTH, pieces, "SYNTHETIC gnas_annot bench/hgvs.py"
        )
        meta_path.write_text(json.dumps(meta) + "\n")
    return Reference(path, source, start, bases, not cached)


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("ascii")).hexdigest()[:16]


# ---------------------------------------------------------------------- GFF3


def cds_pieces(tx: Transcript) -> list[tuple[int, int]]:
    """Coding pieces of each exon, 5'->3' in transcript order (stop codon included)."""
    assert tx.cds_start is not None and tx.cds_end is not None
    pieces = [
        (max(e.start, tx.cds_start), min(e.end, tx.cds_end))
        for e in tx.exons
        if e.end >= tx.cds_start and e.start <= tx.cds_end
    ]
    return pieces if tx.strand > 0 else pieces[::-1]


def cds_phases(pieces: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """GFF3 phase of each coding piece given in transcript order."""
    phases: dict[tuple[int, int], int] = {}
    done = 0
    for piece in pieces:
        phases[piece] = (3 - done % 3) % 3
        done += piece[1] - piece[0] + 1
    return phases


def write_gff3(path: Path, locus: Locus, accessions: Sequence[str] = GFF_TRANSCRIPTS) -> list[str]:
    """An Ensembl-style GFF3 of ``accessions`` as bcftools csq wants it (a non-coding
    transcript as ``lincRNA`` with exons only); returns the accessions written."""
    txs = [locus.transcript(acc) for acc in accessions]

    def row(kind: str, start: int, end: int, attrs: str, sign: str, phase: str = ".") -> str:
        return "\t".join(
            (CONTIG, "gnas_annot", kind, str(start), str(end), ".", sign, phase, attrs)
        )

    lines = [
        "##gff-version 3",
        f"##sequence-region {CONTIG} 1 {CONTIG_LENGTH}",
        row(
            "gene",
            min(t.start for t in txs),
            max(t.end for t in txs),
            "ID=gene:GNAS;Name=GNAS;biotype=protein_coding",
            "+" if txs[0].strand > 0 else "-",
        ),
    ]
    for tx in txs:
        sign = "+" if tx.strand > 0 else "-"
        parent = f"Parent=transcript:{tx.accession}"
        # bcftools 1.16 ignores the biotype "lncRNA" but knows Ensembl's older "lincRNA"
        biotype = "protein_coding" if tx.is_coding else "lincRNA"
        kind = "mRNA" if tx.is_coding else "lnc_RNA"
        lines.append(
            row(
                kind,
                tx.start,
                tx.end,
                f"ID=transcript:{tx.accession};Parent=gene:GNAS;Name={tx.accession};"
                f"biotype={biotype}",
                sign,
            )
        )
        for e in tx.exons:
            lines.append(row("exon", e.start, e.end, parent, sign))
        if not tx.is_coding:
            continue
        assert tx.cds_start is not None and tx.cds_end is not None
        utr5, utr3 = ("five_prime_UTR", "three_prime_UTR")[:: tx.strand]
        for e in tx.exons:
            if e.start < tx.cds_start:
                lines.append(row(utr5, e.start, min(e.end, tx.cds_start - 1), parent, sign))
            if e.end > tx.cds_end:
                lines.append(row(utr3, max(e.start, tx.cds_end + 1), e.end, parent, sign))
        pieces = cds_pieces(tx)
        phases = cds_phases(pieces)
        for piece in sorted(pieces):
            lines.append(row("CDS", piece[0], piece[1], parent, sign, str(phases[piece])))
    path.write_text("\n".join(lines) + "\n")
    return [t.accession for t in txs]


# ----------------------------------------------------------------- workloads

Variant = tuple[int, str, str]  # VCF POS, REF, ALT


def snv_workload(locus: Locus, ref: Reference) -> list[Variant]:
    """Every SNV of every exonic CDS position of NM_000516.7."""
    tx = locus.transcript(SNV_TRANSCRIPT)
    positions = sorted(p for codon in _codons(tx) for p in codon)
    out = []
    for pos in positions:
        base = ref.fetch(pos, pos)
        out.extend((pos, base, alt) for alt in BASES if alt != base)
    return out


def indel_workload(locus: Locus, ref: Reference, n: int, seed: int) -> list[Variant]:
    """``n`` distinct random 1-10 bp deletions/insertions, left-aligned (VCF style),
    between the NM_016592.5 start and the GNAS end."""
    lo = locus.transcript(INDEL_FROM_TRANSCRIPT).start
    hi = locus.region("GNAS").interval.end
    rng = random.Random(seed)
    seen: set[Variant] = set()
    while len(seen) < n:
        pos = rng.randint(lo, hi - MAX_INDEL - 1)
        length = rng.randint(1, MAX_INDEL)
        if rng.random() < 0.5:
            ref_allele = ref.fetch(pos, pos + length)
            alt_allele = ref_allele[0]
        else:
            ref_allele = ref.fetch(pos, pos)
            alt_allele = ref_allele + "".join(rng.choices(BASES, k=length))
        seen.add(left_align(pos, ref_allele, alt_allele, ref.fetch))
    return sorted(seen)


def write_vcf(path: Path, variants: Iterable[Variant], prefix: str, source: str) -> None:
    header = [
        "##fileformat=VCFv4.2",
        f"##contig=<ID={CONTIG},length={CONTIG_LENGTH}>",
        "##reference=SYNTHETIC_GRCh38_chr20",
        f"##source=gnas_annot bench/hgvs.py: {source} (generator v{GENERATOR_VERSION})",
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
    ]
    body = [
        f"{CONTIG}\t{pos}\t{prefix}{i}\t{r}\t{a}\t.\t.\t." for i, (pos, r, a) in enumerate(variants)
    ]
    path.write_text("\n".join(header + body) + "\n")


# ------------------------------------------------------------------ measuring


@dataclass
class Timing:
    name: str
    variants: int
    wall_s: float = 0.0  # best of the runs
    wall_s_runs: list[float] = field(default_factory=list)
    command: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.variants / self.wall_s if self.wall_s > 0 else 0.0

    def add(self, seconds: float) -> None:
        self.wall_s_runs.append(round(seconds, 4))
        self.wall_s = min(self.wall_s_runs)


Named = VariantHgvs | None  # None: HgvsNamer.name raised (see the failures)


def _on(names: Named, transcript: str) -> TranscriptHgvs | None:
    return names.on(transcript) if names is not None else None


def time_gnas(
    namer: HgvsNamer, name: str, variants: Sequence[Variant], repeats: int
) -> tuple[Timing, list[Named], list[dict[str, str]]]:
    """Best-of-``repeats`` wall time of the naming loop.  A variant whose naming
    raises counts as named (its time is in the loop) and is reported as a failure."""
    timing = Timing(f"gnas_annot_{name}", len(variants))
    results: list[Named] = []
    failures: list[dict[str, str]] = []
    for _ in range(repeats):
        results, failures = [], []
        append, naming = results.append, namer.name
        began = time.perf_counter()
        for pos, r, a in variants:
            try:
                append(naming(BUILD, pos, r, a))
            except Exception as exc:  # a bug to report, not a reason to stop
                append(None)
                failures.append(
                    {"variant": f"{CONTIG}:{pos}:{r}:{a}", "error": f"{type(exc).__name__}: {exc}"}
                )
        timing.add(time.perf_counter() - began)
    _report(timing)
    if failures:
        print(f"  {len(failures)} {name} variants raised, e.g. {failures[0]}", file=sys.stderr)
    return timing, results, failures


def time_command(name: str, command: list[str], variants: int, repeats: int) -> Timing:
    timing = Timing(name, variants, command=command)
    for _ in range(repeats):
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        timing.add(time.perf_counter() - began)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr}")
    _report(timing)
    return timing


def _report(timing: Timing) -> None:
    print(
        f"  {timing.name:30} best {timing.wall_s:8.3f} s  {timing.per_second:10,.0f} variants/s",
        file=sys.stderr,
        flush=True,
    )


COLD_START = """
import sys, time
t0 = time.perf_counter()
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.seq.reference import ReferenceGenome
t1 = time.perf_counter()
namer = HgvsNamer({GenomeBuild.GRCh38: ReferenceGenome(sys.argv[1])})
t2 = time.perf_counter()
namer.name(GenomeBuild.GRCh38, int(sys.argv[2]), sys.argv[3], sys.argv[4])
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def cold_start(fasta: Path, first: Variant, repeats: int) -> dict[str, Any]:
    """Import, construction and first name in a fresh interpreter (best of runs by total)."""
    runs = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-c", COLD_START, str(fasta), *map(str, first)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append([round(float(x), 4) for x in done.stdout.split()])
    best = min(runs, key=sum)
    print(f"  cold start (import, construct, first): {best}", file=sys.stderr, flush=True)
    return {
        "import_s": best[0],
        "construct_s": best[1],
        "first_name_s": best[2],
        "total_s": round(sum(best), 4),
        "runs": runs,
    }


def profile_naming(namer: HgvsNamer, variants: Sequence[Variant], path: Path) -> list[str]:
    """cProfile one pass of the naming loop; the top entries by cumulative and own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for pos, r, a in variants:
        namer.name(BUILD, pos, r, a)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)
    path.write_text(text.getvalue())
    rows = []
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())
    for (filename, line, func), (_, ncalls, tottime, cumtime, _) in sorted(
        raw.items(), key=lambda kv: -kv[1][2]
    )[:12]:
        rows.append(
            f"{func} ({filename}:{line}): own {tottime:.3f} s ({tottime / total:.0%}), "
            f"cumulative {cumtime:.3f} s, {ncalls:,} calls"
        )
    return rows


# ---------------------------------------------------------------- agreement


def bcsq_by_id(path: Path) -> dict[str, list[str]]:
    """ID -> BCSQ entries of a bcftools csq output VCF."""
    out: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        info = dict(
            item.split("=", 1) if "=" in item else (item, "") for item in cols[7].split(";")
        )
        out[cols[2]] = info["BCSQ"].split(",") if info.get("BCSQ") else []
    return out


def _bcftools_aa(entries: list[str], transcript: str) -> tuple[str, str] | None:
    """(consequence, amino-acid change) of ``transcript`` in a record's BCSQ.

    bcftools may list a transcript twice (``splice_region`` apart from the
    ``missense``): the entry with an amino-acid change wins.
    """
    found = [
        (fields[0], fields[5] if len(fields) > 5 else "")
        for fields in (entry.split("|") for entry in entries)
        if len(fields) >= 3 and fields[2] == transcript
    ]
    with_aa = [f for f in found if f[1]]
    return (with_aa or found or [None])[0]


def compare_snvs(
    variants: Sequence[Variant],
    names: Sequence[Named],
    bcsq: dict[str, list[str]],
    transcript: str,
    keep_all: bool,
) -> dict[str, Any]:
    """gnas_annot's p. on ``transcript`` against bcftools csq's amino-acid change.

    Compared: residue number, reference and alternative amino acid (start_lost:
    the consequence only, bcftools writes no amino acids for it).  With
    ``keep_all`` every variant counts; otherwise only those where at least
    one tool predicts an amino-acid change on ``transcript``.
    """
    by_kind: Counter[str] = Counter()
    agree: Counter[str] = Counter()
    examples: list[dict[str, Any]] = []
    bcftools_kinds: Counter[str] = Counter()
    for i, ((pos, r, a), names_i) in enumerate(zip(variants, names, strict=True)):
        tx = _on(names_i, transcript)
        change = tx.protein_change if tx else None
        found = _bcftools_aa(bcsq.get(f"s{i}", []), transcript)
        bcf_kind, bcf_aa = found if found else ("(none)", "")
        ours, theirs = _ours(change), _theirs(bcf_kind, bcf_aa)
        if not keep_all and ours is None and theirs is None:
            continue
        kind = change.kind if change else "none"
        by_kind[kind] += 1
        bcftools_kinds[bcf_kind] += 1
        if ours is not None and ours == theirs:
            agree[kind] += 1
        elif len(examples) < 20:
            examples.append(
                {
                    "variant": f"{CONTIG}:{pos}{r}>{a}",
                    "gnas_annot": f"{tx.hgvs if tx else '-'} {tx.protein if tx else '-'}",
                    "gnas_annot_kind": kind,
                    "gnas_annot_key": ours,
                    "bcftools": f"{bcf_kind}|{bcf_aa}",
                    "bcftools_key": theirs,
                }
            )
    total = sum(by_kind.values())
    agreed = sum(agree.values())
    return {
        "transcript": transcript,
        "variants": total,
        "agree": agreed,
        "agree_fraction": round(agreed / total, 4) if total else None,
        "by_kind": {k: {"n": n, "agree": agree[k]} for k, n in sorted(by_kind.items())},
        "bcftools_consequences": dict(sorted(bcftools_kinds.items())),
        "disagreements": examples,
    }


def _ours(change: Any) -> tuple[int, str, str] | None:
    """(residue, reference aa, alternative aa) of gnas_annot's change, in bcftools' terms."""
    if change is None:
        return None
    match change.kind:
        case "synonymous" | "stop_retained":
            return change.start, change.ref, change.ref
        case "missense" | "nonsense":
            return change.start, change.ref, change.alt
        case "stop_lost":
            return change.start, "*", change.alt[:1]
        case "start_lost":
            return 1, "M", "?"
    return None


def _theirs(consequence: str, aa: str) -> tuple[int, str, str] | None:
    if "start_lost" in consequence.split("&"):
        return 1, "M", "?"
    match = BCSQ_AA.match(aa)
    if not match:
        return None
    pos, ref, pos2, alt = match.groups()
    if pos2 is None:  # synonymous / stop_retained: "201R"
        return int(pos), ref, ref
    return int(pos), ref, alt[:1]


def indel_classes(
    names: Sequence[Named], bcsq: dict[str, list[str]], transcript: str
) -> dict[str, int]:
    """Cross-tabulation "gnas_annot kind -> bcftools consequence" on ``transcript`` for
    the indels that either tool calls coding (informative: the tools place indels
    differently, gnas_annot 3'-shifted as HGVS wants, bcftools left-aligned)."""
    pairs: Counter[str] = Counter()
    for i, v in enumerate(names):
        tx = _on(v, transcript)
        kind = tx.protein_change.kind if tx and tx.protein_change else "none"
        found = _bcftools_aa(bcsq.get(f"i{i}", []), transcript)
        consequence = found[0] if found else "(none)"
        coding = kind not in ("none", "unknown", "unchanged") or any(
            c in consequence for c in ("frameshift", "inframe", "stop_", "start_")
        )
        if coding:
            pairs[f"{kind} -> {consequence}"] += 1
    return dict(pairs.most_common())


def bcsq_coverage(bcsq: dict[str, list[str]]) -> dict[str, Any]:
    annotated = sum(1 for entries in bcsq.values() if entries)
    kinds: Counter[str] = Counter(e.split("|")[0] for v in bcsq.values() for e in v)
    return {
        "records": len(bcsq),
        "with_bcsq": annotated,
        "fraction": round(annotated / len(bcsq), 4) if bcsq else None,
        "consequences": dict(kinds.most_common(12)),
    }


def gnas_coverage(names: Sequence[Named]) -> dict[str, Any]:
    kinds: Counter[str] = Counter()
    for v in names:
        tx = _on(v, SNV_TRANSCRIPT)
        if v is None:
            kinds["(naming raised)"] += 1
        elif tx is None:
            kinds["(not on NM_000516.7)"] += 1
        else:
            kinds[tx.protein_change.kind if tx.protein_change else "no p."] += 1
    return {
        "variants": len(names),
        "with_transcripts": sum(1 for v in names if v is not None and v.transcripts),
        "nm_000516_protein_kinds": dict(kinds.most_common()),
        "example": _example(names),
    }


def _example(names: Sequence[Named]) -> dict[str, Any] | None:
    for v in names:
        tx = _on(v, SNV_TRANSCRIPT)
        if tx is not None and tx.protein and "fs" in tx.protein:
            return {"genomic": v.genomic, "c": tx.hgvs, "p": tx.protein}
    return None


# --------------------------------------------------------------------- report


def render_markdown(data: dict[str, Any]) -> str:
    meta = data["meta"]
    out = [
        "# HGVS naming benchmark: gnas_annot vs bcftools csq",
        "",
        f"{meta['date']} on {meta['machine']}; {meta['bcftools']}; gnas_annot "
        f"{meta['gnas_annot']} (Python {meta['python']}, hgvs {meta['hgvs']}). "
        f"Wall time = best of {meta['repeats']} runs; load average at the end "
        f"{', '.join(map(str, meta['load_average_at_end']))}.",
        "",
        f"**Reference: SYNTHETIC** chr20 ({data['reference']['source']}); every coding "
        "transcript translatable. Numbers and names are about mechanism, not biology.",
        "",
        "| workload | variants | gnas_annot (s) | gnas_annot (variants/s) | bcftools csq (s) "
        "| bcftools csq (variants/s) | ratio (gnas/bcftools, variants/s) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in data["rows"]:
        out.append(
            f"| {row['workload']} | {row['variants']:,} | {row['gnas_annot_s']:.3f} "
            f"| {row['gnas_annot_per_s']:,.0f} | {row['bcftools_s']:.3f} "
            f"| {row['bcftools_per_s']:,.0f} | {row['ratio']:.3f} |"
        )
    cold, empty = data["cold_start"], data["bcftools_empty"]
    out += [
        "",
        f"gnas_annot cold start in a fresh interpreter: import {cold['import_s']:.3f} s, "
        f"construction (`ReferenceGenome` + `HgvsNamer`) {cold['construct_s']:.3f} s, "
        f"first `name()` {cold['first_name_s']:.3f} s; total {cold['total_s']:.3f} s. "
        f"The loop times above exclude it (namer built once, warm). "
        f"bcftools csq on a header-only VCF (start-up, GFF and FASTA index): "
        f"{empty['wall_s']:.3f} s, included in its times above.",
        "",
    ]
    agreement = data["agreement"]
    out += [
        f"## Protein changes on {agreement['transcript']} (SNV workload)",
        "",
        f"Agreement with bcftools csq (residue number, reference and alternative amino acid): "
        f"**{agreement['agree']:,} / {agreement['variants']:,}** "
        f"({agreement['agree_fraction']:.2%}).",
        "",
        "| gnas_annot kind | variants | agree |",
        "|---|---:|---:|",
        *(f"| {kind} | {v['n']:,} | {v['agree']:,} |" for kind, v in agreement["by_kind"].items()),
        "",
        "bcftools csq consequences: "
        + ", ".join(f"{k} {n:,}" for k, n in agreement["bcftools_consequences"].items())
        + ".",
        "",
    ]
    if agreement["disagreements"]:
        out += ["Disagreements (first ones):", ""]
        out += [
            f"* {d['variant']}: gnas_annot {d['gnas_annot']} ({d['gnas_annot_kind']}); "
            f"bcftools `{d['bcftools']}`"
            for d in agreement["disagreements"][:10]
        ]
        out.append("")
    others = data["agreement_other_transcripts"]
    if others:
        out += [
            "The same SNVs on the other coding transcripts with a protein accession (only "
            "variants where at least one tool gives an amino-acid change):",
            "",
            "| transcript | variants | agree | disagreements (first) |",
            "|---|---:|---:|---|",
            *(
                f"| {o['transcript']} | {o['variants']:,} | {o['agree']:,} | "
                + "; ".join(
                    f"{d['variant']} gnas_annot {d['gnas_annot_kind']} {d['gnas_annot_key']}, "
                    f"bcftools `{d['bcftools']}`"
                    for d in o["disagreements"][:2]
                )
                + " |"
                for o in others
            ),
            "",
        ]
    classes = data["indel_classes"]
    out += [
        f"Indels on {SNV_TRANSCRIPT} that either tool calls coding, gnas_annot kind -> "
        "bcftools consequence (informative; gnas_annot names the 3'-shifted indel, "
        "bcftools the left-aligned one): "
        + ", ".join(f"{k} {n:,}" for k, n in classes.items())
        + ".",
        "",
    ]
    for workload, failed in data["failures"].items():
        if failed["count"]:
            out += [
                f"**gnas_annot raised on {failed['count']:,} {workload} variant(s)** (counted "
                "in the timing, left out of the comparisons), e.g.:",
                "",
                *(f"* `{f['variant']}`: {f['error']}" for f in failed["examples"][:5]),
                "",
            ]
    cov = data["coverage"]
    out += [
        "## Checks",
        "",
        *(
            f"* {w}: bcftools BCSQ on {c['with_bcsq']:,} / {c['records']:,} records "
            f"({c['fraction']:.1%}); consequences "
            + ", ".join(f"{k} {n:,}" for k, n in c["consequences"].items())
            for w, c in cov["bcftools"].items()
        ),
        *(
            f"* {w}: gnas_annot named {c['variants']:,} variants, {c['with_transcripts']:,} on "
            f"at least one transcript; NM_000516.7 p. kinds "
            + ", ".join(f"{k} {n:,}" for k, n in c["nm_000516_protein_kinds"].items())
            for w, c in cov["gnas_annot"].items()
        ),
        "",
    ]
    for workload, rows in data.get("profiles", {}).items():
        out += [
            f"## Profile of the {workload} loop (slower than {PROFILE_BELOW:,.0f} variants/s)",
            "",
            f"Top functions by own time (cProfile; full listing in `hgvs_profile_{workload}.txt`):",
            "",
            *(f"* {r}" for r in rows),
            "",
        ]
    return "\n".join(out)


# ----------------------------------------------------------------------- main


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent / "out",
        help="output and cache directory (default bench/out)",
    )
    parser.add_argument("--indels", type=int, default=10_000, help="random indels (default 10000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--seed", type=int, default=20, help="random seed of the indel generator")
    parser.add_argument("--regenerate", action="store_true", help="rewrite the cached reference")
    parser.add_argument(
        "--no-profile", action="store_true", help="do not profile a slow naming loop"
    )
    args = parser.parse_args(argv)
    if args.indels < 1 or args.repeats < 1:
        parser.error("--indels and --repeats must be positive")
    return args


def _output(command: Sequence[str]) -> str:
    return subprocess.run(list(command), capture_output=True, text=True, check=True).stdout


def _meta(repeats: int) -> dict[str, Any]:
    from importlib.metadata import version

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()} {platform.system()} {platform.release()}, "
        f"{os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "hgvs": version("hgvs"),
        "gnas_annot": version("gnas_annot"),
        "bcftools": _output(["bcftools", "--version"]).splitlines()[0],
        "repeats": repeats,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    if shutil.which("bcftools") is None:
        raise SystemExit("bcftools not found on PATH")
    out: Path = args.out
    work = out / "hgvs"
    work.mkdir(parents=True, exist_ok=True)
    locus = load_locus(BUILD)

    reference = ensure_reference(out, locus, args.seed, args.regenerate)
    translatable = check_translatable(locus, reference.fetch)
    gff = work / "GNAS.gff3"
    gff_transcripts = write_gff3(gff, locus)

    workloads = {
        "snv": snv_workload(locus, reference),
        "indel": indel_workload(locus, reference, args.indels, args.seed),
    }
    vcfs = {name: work / f"{name}.vcf" for name in workloads}
    write_vcf(vcfs["snv"], workloads["snv"], "s", f"every SNV of the {SNV_TRANSCRIPT} CDS")
    write_vcf(vcfs["indel"], workloads["indel"], "i", f"{args.indels} random 1-10 bp indels")
    empty = work / "empty.vcf"
    write_vcf(empty, [], "e", "header only")

    def csq(vcf: Path, result: Path) -> list[str]:
        # -l: one record at a time (the workloads are alternatives, not one haplotype);
        # sites-only, so -p does not matter (there are no genotypes to phase)
        return [
            "bcftools",
            "csq",
            "-l",
            "-p",
            "a",
            "-f",
            str(reference.path),
            "-g",
            str(gff),
            str(vcf),
            "-Ov",
            "-o",
            str(result),
        ]

    print(f"measuring (best of {args.repeats}):", file=sys.stderr, flush=True)
    cold = cold_start(reference.path, workloads["snv"][0], args.repeats)
    began = time.perf_counter()
    genome = ReferenceGenome(reference.path, BUILD)
    namer = HgvsNamer({BUILD: genome})
    construct_s = time.perf_counter() - began

    rows: list[dict[str, Any]] = []
    names: dict[str, list[Named]] = {}
    failures: dict[str, list[dict[str, str]]] = {}
    bcsq: dict[str, dict[str, list[str]]] = {}
    timings: dict[str, Timing] = {}
    profiles: dict[str, list[str]] = {}
    timings["bcftools_empty"] = time_command(
        "bcftools_csq_empty", csq(empty, work / "empty.csq.vcf"), 0, args.repeats
    )
    for name, variants in workloads.items():
        gnas, names[name], failures[name] = time_gnas(namer, name, variants, args.repeats)
        result = work / f"{name}.csq.vcf"
        bcf = time_command(
            f"bcftools_csq_{name}", csq(vcfs[name], result), len(variants), args.repeats
        )
        bcsq[name] = bcsq_by_id(result)
        timings[gnas.name], timings[bcf.name] = gnas, bcf
        rows.append(
            {
                "workload": name,
                "variants": len(variants),
                "gnas_annot_s": gnas.wall_s,
                "gnas_annot_per_s": round(gnas.per_second, 1),
                "bcftools_s": bcf.wall_s,
                "bcftools_per_s": round(bcf.per_second, 1),
                "ratio": round(gnas.per_second / bcf.per_second, 4),
            }
        )
        if gnas.per_second < PROFILE_BELOW and not args.no_profile:
            profiles[name] = profile_naming(namer, variants, out / f"hgvs_profile_{name}.txt")

    data = {
        "meta": _meta(args.repeats),
        "reference": {
            "path": str(reference.path),
            "source": reference.source,
            "synthetic": True,
            "known_bases": f"{CONTIG}:{reference.start}-{reference.end}",
            "translatable": translatable,
        },
        "gff3": {"path": str(gff), "transcripts": gff_transcripts},
        "inputs": {name: str(path) for name, path in vcfs.items()},
        "rows": rows,
        "construct_in_process_s": round(construct_s, 4),
        "cold_start": cold,
        "bcftools_empty": asdict(timings["bcftools_empty"]),
        "agreement": compare_snvs(
            workloads["snv"], names["snv"], bcsq["snv"], SNV_TRANSCRIPT, keep_all=True
        ),
        "agreement_other_transcripts": [
            compare_snvs(workloads["snv"], names["snv"], bcsq["snv"], acc, keep_all=False)
            for acc in gff_transcripts
            if acc != SNV_TRANSCRIPT and locus.transcript(acc).protein
        ],
        "indel_classes": indel_classes(names["indel"], bcsq["indel"], SNV_TRANSCRIPT),
        "coverage": {
            "bcftools": {name: bcsq_coverage(b) for name, b in bcsq.items()},
            "gnas_annot": {name: gnas_coverage(n) for name, n in names.items()},
        },
        "failures": {k: {"count": len(v), "examples": v[:10]} for k, v in failures.items()},
        "profiles": profiles,
        "timings": {k: asdict(v) for k, v in timings.items()},
    }
    markdown = render_markdown(data)
    (out / "hgvs.json").write_text(json.dumps(data, indent=2) + "\n")
    (out / "hgvs.md").write_text(markdown)
    print(markdown)
    print(f"wrote {out / 'hgvs.md'} and {out / 'hgvs.json'}", file=sys.stderr)
    genome.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
