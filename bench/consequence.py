#!/usr/bin/env python3
"""Benchmark consequences + loss of function (``ConsequenceCalculator`` + ``lof.assess``)
against ``bcftools csq`` and SnpEff, on every possible SNV of the GNAS locus.

Run from the repository root with the project's virtualenv::

    .venv/bin/python bench/consequence.py                     # whole region, best of 1
    .venv/bin/python bench/consequence.py --scope exons --repeats 3 --out /tmp/bench

The script

1. reuses bench/hgvs.py's SYNTHETIC GRCh38 chr20 (random bases over the
   ``gnas+stx16`` extraction region, real ones where ../shared/data knows them,
   every coding transcript translatable; ``N`` elsewhere);
2. writes the pack's seven GNAS transcript models with an exon model as an
   Ensembl-style GFF3 (``bcftools csq``) and as a GTF 2.2 + FASTA + cds.fa +
   protein.fa SnpEff database (``GNASSYN``, built with ``snpEff build -gtf22``);
3. writes a sites-only VCF of every SNV (3 alternative bases) of the workload:
   ``--scope region`` (default), every base of gnas-annot's ``gnas`` extraction
   region (GNAS-AS1 start to GNAS end, +-5 kb, ~102 kb, ~307k SNVs) and, as a
   second workload, the exon-focused set (exons of the seven transcripts +-20 bp);
   ``--scope exons``: the exon-focused set and a ``--sample``-SNV random sample
   of the region;
4. times (best of ``--repeats``) the in-process ``annotate`` + ``assess`` loop,
   ``bcftools csq`` and ``snpEff ann`` (also on a header-only VCF: JVM start-up +
   database load), and splits gnas_annot's time (naming / consequences / LoF)
   on a sample, with a cProfile listing;
5. compares the most severe consequence per SNV and transcript (all three tools'
   terms mapped to SO and ranked by VEP's severity order), classifies the
   disagreements and says which tool follows VEP's conventions;
6. reports gnas_annot's PVS1 / LOFTEE calls on NM_000516.7, with sanity checks,
   against SnpEff's gene-level LOF / NMD tags;
7. prints a markdown report and writes it to ``OUT/consequence.md`` and
   ``OUT/consequence.json``.

See bench/README.md for what is measured.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import importlib.util
import io
import json
import pstats
import random
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Run as a script, bench/ comes first on sys.path: bench/hgvs.py would shadow the
# biocommons ``hgvs`` package, and this file any top-level ``consequence`` module.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from gnas_annot.effect.consequence import RANK, ConsequenceCalculator  # noqa: E402
from gnas_annot.effect.lof import assess  # noqa: E402
from gnas_annot.model.builds import GenomeBuild  # noqa: E402
from gnas_annot.model.locus import Locus, Transcript, transcript_segments  # noqa: E402
from gnas_annot.pack.locus import load_locus  # noqa: E402
from gnas_annot.seq.reference import ReferenceGenome  # noqa: E402


def _load_hgvs_bench() -> Any:
    """bench/hgvs.py under another module name (its own name would shadow ``hgvs``):
    the synthetic reference, its translatability check and the timing helpers."""
    spec = importlib.util.spec_from_file_location("_bench_hgvs", _HERE / "hgvs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_bench_hgvs"] = module
    spec.loader.exec_module(module)
    return module


H = _load_hgvs_bench()

BUILD = GenomeBuild.GRCh38
CONTIG = H.CONTIG
CONTIG_LENGTH = H.CONTIG_LENGTH
MAIN = "NM_000516.7"  # Gs-alpha (MANE Select)
#: every pack transcript with an exon model (GNAS-AS1 NR_185847.1 has none)
TRANSCRIPTS = (
    "NM_000516.7",
    "NM_001077488.5",
    "NM_001077489.4",
    "NM_080426.4",
    "NM_080425.4",
    "NM_016592.5",
    "NR_003259.1",
)
FLANK_BP = 20  # intronic bases on each side of every exon in the exon-focused set
GENOME = "GNASSYN"  # the SnpEff database name
SNPEFF_JAR = Path("/usr/share/java/snpeff.jar")
BASES = "ACGT"
PROFILE_VARIANTS = 3_000  # exon-set variants run under cProfile and in the time split
GENERATOR_VERSION = 1

# ------------------------------------------------------------------ term mapping

#: bcftools csq consequence -> SO term (bcftools has no splice_region subtypes,
#: no intron subtypes and no up/downstream terms)
BCFTOOLS_SO = {
    "intron": "intron_variant",
    "5_prime_utr": "5_prime_UTR_variant",
    "3_prime_utr": "3_prime_UTR_variant",
    "splice_region": "splice_region_variant",
    "splice_donor": "splice_donor_variant",
    "splice_acceptor": "splice_acceptor_variant",
    "missense": "missense_variant",
    "synonymous": "synonymous_variant",
    "stop_gained": "stop_gained",
    "stop_lost": "stop_lost",
    "start_lost": "start_lost",
    "stop_retained": "stop_retained_variant",
    "start_retained": "start_retained_variant",
    "non_coding": "non_coding_transcript_variant",  # exon or intron of a non-coding transcript
    "coding_sequence": "coding_sequence_variant",
    "frameshift": "frameshift_variant",
    "inframe_deletion": "inframe_deletion",
    "inframe_insertion": "inframe_insertion",
    "inframe_altering": "protein_altering_variant",
    "feature_elongation": "feature_elongation",
    "intergenic": "intergenic_variant",
}
#: SnpEff terms that are not VEP's; the rest are already SO/VEP names
SNPEFF_SO = {
    "5_prime_UTR_premature_start_codon_gain_variant": "5_prime_UTR_variant",
    "intergenic_region": "intergenic_variant",
    "non_coding_transcript_exon_variant": "non_coding_transcript_exon_variant",
    "conservative_inframe_deletion": "inframe_deletion",
    "disruptive_inframe_deletion": "inframe_deletion",
    "conservative_inframe_insertion": "inframe_insertion",
    "disruptive_inframe_insertion": "inframe_insertion",
}
#: terms VEP does not emit, ranked next to their closest VEP term
EXTRA_RANK = {
    "initiator_codon_variant": RANK["start_retained_variant"] - 0.5,
    "exon_loss_variant": RANK["splice_acceptor_variant"] + 0.5,
    "intragenic_variant": RANK["coding_transcript_variant"] + 0.5,
    "gene_variant": RANK["coding_transcript_variant"] + 0.6,
    "(none)": len(RANK) + 10,
}


def rank(term: str) -> float:
    return RANK.get(term, EXTRA_RANK.get(term, len(RANK) + 5))


def most_severe(terms: Iterable[str]) -> str:
    return min(terms, key=rank, default="(none)")


# ---------------------------------------------------------------------- models


def _trim(
    pieces: list[tuple[int, int]], bases: int, from_end: bool, strand: int
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Split ``bases`` bases off the 5' (or 3') end of ``pieces`` (transcript order):
    (rest, the split-off bases) in genomic intervals."""
    rest = list(pieces)
    cut: list[tuple[int, int]] = []
    order = range(len(rest) - 1, -1, -1) if from_end else range(len(rest))
    for i in order:
        if bases == 0:
            break
        a, b = rest[i]
        n = min(bases, b - a + 1)
        bases -= n
        # transcript 3' end of a piece is b on + strand, a on - strand
        take_high = from_end == (strand > 0)
        if take_high:
            cut.append((b - n + 1, b))
            rest[i] = (a, b - n)
        else:
            cut.append((a, a + n - 1))
            rest[i] = (a + n, b)
    return [p for p in rest if p[0] <= p[1]], cut


def write_gtf(path: Path, locus: Locus) -> None:
    """GTF 2.2 of the seven transcripts for ``snpEff build -gtf22``: CDS without the
    stop codon, plus start_codon / stop_codon features (GTF 2.2 convention)."""
    txs = [locus.transcript(acc) for acc in TRANSCRIPTS]
    gene = 'gene_id "GNAS"; gene_name "GNAS"; gene_biotype "protein_coding";'
    # one gene line spanning every transcript: without it SnpEff splits GNAS into
    # GNAS, GNAS.2, ... wherever a transcript starts outside the gene seen so far
    lines = [
        "\t".join(
            (
                CONTIG,
                "gnas_annot",
                "gene",
                str(min(t.start for t in txs)),
                str(max(t.end for t in txs)),
                ".",
                "+" if txs[0].strand > 0 else "-",
                ".",
                gene,
            )
        )
    ]
    for tx in txs:
        acc = tx.accession
        sign = "+" if tx.strand > 0 else "-"
        biotype = "protein_coding" if tx.is_coding else "lncRNA"
        attrs = (
            f'gene_id "GNAS"; transcript_id "{acc}"; gene_name "GNAS"; '
            f'gene_biotype "protein_coding"; transcript_biotype "{biotype}";'
        )

        def row(
            kind: str, a: int, b: int, frame: str = ".", sign: str = sign, attrs: str = attrs
        ) -> str:
            return "\t".join((CONTIG, "gnas_annot", kind, str(a), str(b), ".", sign, frame, attrs))

        lines.append(row("transcript", tx.start, tx.end))
        for e in tx.exons:
            lines.append(row("exon", e.start, e.end))
        if not tx.is_coding:
            continue
        pieces = H.cds_pieces(tx)
        coding, stop = _trim(pieces, 3, True, tx.strand)
        _, start = _trim(pieces, 3, False, tx.strand)
        phases = H.cds_phases(coding)
        for piece in sorted(coding):
            lines.append(row("CDS", piece[0], piece[1], str(phases[piece])))
        for a, b in sorted(start):
            lines.append(row("start_codon", a, b, "0"))
        for a, b in sorted(stop):
            lines.append(row("stop_codon", a, b, "0"))
    path.write_text("\n".join(lines) + "\n")


CODON_TABLE = {
    a + b + c: aa
    for (a, b, c), aa in zip(
        ((x, y, z) for x in "TCAG" for y in "TCAG" for z in "TCAG"),
        "FFLLSSSSYY**CC*WLLLLPPPPHHQQRRRRIIIMTTTTNNKKSSRRVVVVAAAADDEEGGGG",
        strict=True,
    )
}


def _cds_sequence(tx: Transcript, fetch: Callable[[int, int], str]) -> str:
    seq = "".join(fetch(a, b) for a, b in sorted(H.cds_pieces(tx)))
    return seq if tx.strand > 0 else H._complement(seq)


def write_snpeff_db(work: Path, locus: Locus, reference: Any) -> tuple[Path, Path]:
    """A SnpEff data dir with the GTF, chr20 FASTA, cds.fa and protein.fa (so that
    ``build`` checks our models), and a copy of the system snpEff.config with a
    ``GNASSYN`` genome entry.  Returns (config, data dir)."""
    data = work / "snpeff_data"
    db = data / GENOME
    db.mkdir(parents=True, exist_ok=True)
    write_gtf(db / "genes.gtf", locus)
    fasta = db / "sequences.fa"
    if not fasta.is_file() or fasta.stat().st_mtime < reference.path.stat().st_mtime:
        with gzip.open(reference.path, "rt") as src, fasta.open("w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
    cds, protein = [], []
    for acc in TRANSCRIPTS:
        tx = locus.transcript(acc)
        if not tx.is_coding:
            continue
        seq = _cds_sequence(tx, reference.fetch)
        cds.append(f">{acc}\n{seq}\n")
        protein.append(
            f">{acc}\n{''.join(CODON_TABLE[seq[i : i + 3]] for i in range(0, len(seq), 3))}\n"
        )
    (db / "cds.fa").write_text("".join(cds))
    (db / "protein.fa").write_text("".join(protein))
    system = Path("/etc/snpeff/snpEff.config")
    config = work / "snpEff.config"
    text = (
        system.read_text()
        if system.is_file()
        else "codon.Standard : " + ", ".join(f"{k}/{v}" for k, v in CODON_TABLE.items())
    )
    lines = [
        f"data.dir = {data}/" if line.startswith("data.dir") else line for line in text.splitlines()
    ]
    lines += ["", f"{GENOME}.genome : GNAS locus, SYNTHETIC sequence (gnas_annot bench)", ""]
    config.write_text("\n".join(lines) + "\n")
    return config, data


# ------------------------------------------------------------------- workloads

Variant = tuple[int, str, str]


def _snvs(positions: Iterable[int], fetch: Callable[[int, int], str]) -> list[Variant]:
    out = []
    for pos in sorted(set(positions)):
        base = fetch(pos, pos).upper()
        if base in BASES:
            out.extend((pos, base, alt) for alt in BASES if alt != base)
    return out


def region_positions(locus: Locus) -> tuple[range, str]:
    region = locus.extraction_region("gnas")
    return range(region.start, region.end + 1), f"{CONTIG}:{region.start}-{region.end}"


def exon_positions(locus: Locus) -> set[int]:
    out: set[int] = set()
    for acc in TRANSCRIPTS:
        for e in locus.transcript(acc).exons:
            out.update(range(e.start - FLANK_BP, e.end + FLANK_BP + 1))
    return out


def write_vcf(path: Path, variants: Sequence[Variant], prefix: str, source: str) -> None:
    header = [
        "##fileformat=VCFv4.2",
        f"##contig=<ID={CONTIG},length={CONTIG_LENGTH}>",
        "##reference=SYNTHETIC_GRCh38_chr20",
        f"##source=gnas_annot bench/consequence.py: {source} (generator v{GENERATOR_VERSION})",
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO",
    ]
    with path.open("w") as fh:
        fh.write("\n".join(header) + "\n")
        for i, (pos, r, a) in enumerate(variants):
            fh.write(f"{CONTIG}\t{pos}\t{prefix}{i}\t{r}\t{a}\t.\t.\t.\n")


# ------------------------------------------------------------------- measuring

#: per variant: ({transcript: terms}, {transcript: LoF tuple}) or None when it raised
LofTuple = tuple[str | None, str, str, str | None, tuple[str, ...], bool | None]
Compact = tuple[dict[str, tuple[str, ...]], dict[str, LofTuple]] | None


def time_gnas(
    calc: ConsequenceCalculator, name: str, variants: Sequence[Variant], repeats: int
) -> tuple[Any, list[Compact], list[dict[str, str]]]:
    """Best-of-``repeats`` wall time of ``annotate`` + ``assess`` per variant.  The
    loop keeps a compact copy of each result (terms and LoF per transcript)."""
    timing = H.Timing(f"gnas_annot_{name}", len(variants))
    provider = calc.namer.provider
    results: list[Compact] = []
    failures: list[dict[str, str]] = []
    for _ in range(repeats):
        results, failures = [], []
        interned: dict[Any, Any] = {}
        keep = interned.setdefault
        append, annotate = results.append, calc.annotate
        began = time.perf_counter()
        for pos, r, a in variants:
            try:
                res = annotate(BUILD, pos, r, a)
                lof = assess(res, provider)
            except Exception as exc:  # a bug to report, not a reason to stop
                append(None)
                failures.append(
                    {"variant": f"{CONTIG}:{pos}:{r}:{a}", "error": f"{type(exc).__name__}: {exc}"}
                )
                continue
            append(
                (
                    {t.transcript: keep(t.terms, t.terms) for t in res.transcripts},
                    {
                        c.transcript: keep(
                            k := (
                                c.lof_class,
                                str(c.pvs1_strength),
                                c.pvs1_criterion,
                                c.loftee,
                                c.loftee_filters,
                                c.nmd,
                            ),
                            k,
                        )
                        for c in lof.calls
                    },
                )
            )
        timing.add(time.perf_counter() - began)
    H._report(timing)
    if failures:
        print(f"  {len(failures)} {name} variants raised, e.g. {failures[0]}", file=sys.stderr)
    return timing, results, failures


def time_to_file(name: str, command: list[str], variants: int, repeats: int, out: Path) -> Any:
    """Best-of-``repeats`` wall time of a subprocess whose stdout goes to ``out``."""
    timing = H.Timing(name, variants, command=command)
    for _ in range(repeats):
        with out.open("w") as fh:
            began = time.perf_counter()
            done = subprocess.run(command, stdout=fh, stderr=subprocess.PIPE, text=True)
            timing.add(time.perf_counter() - began)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr}")
    H._report(timing)
    return timing


def split_time(calc: ConsequenceCalculator, variants: Sequence[Variant]) -> dict[str, Any]:
    """Where a variant's time goes: naming alone, naming + consequences, + LoF (warm)."""
    provider = calc.namer.provider
    name, annotate = calc.namer.name, calc.annotate
    for pos, r, a in variants:  # warm the caches
        assess(annotate(BUILD, pos, r, a), provider)
    out: dict[str, Any] = {"variants": len(variants)}
    stages: dict[str, Callable[[int, str, str], object]] = {
        "name_s": lambda p, r, a: name(BUILD, p, r, a),
        "annotate_s": lambda p, r, a: annotate(BUILD, p, r, a),
        "annotate_assess_s": lambda p, r, a: assess(annotate(BUILD, p, r, a), provider),
    }
    best: dict[str, float] = {}
    for _ in range(3):  # interleaved, best of 3: the machine is shared
        for key, stage in stages.items():
            began = time.perf_counter()
            for pos, r, a in variants:
                stage(pos, r, a)
            best[key] = min(best.get(key, float("inf")), time.perf_counter() - began)
    out.update(best)
    out["consequence_only_s"] = out["annotate_s"] - out["name_s"]
    out["assess_only_s"] = out["annotate_assess_s"] - out["annotate_s"]
    total = out["annotate_assess_s"]
    # differences of best-of-3 times: noisy to a few percent
    out["shares"] = {
        "naming (HgvsNamer.name)": round(out["name_s"] / total, 3),
        "consequence terms": round(out["consequence_only_s"] / total, 3),
        "lof.assess": round(out["assess_only_s"] / total, 3),
    }
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def profile(calc: ConsequenceCalculator, variants: Sequence[Variant], path: Path) -> list[str]:
    provider = calc.namer.provider
    profiler = cProfile.Profile()
    profiler.enable()
    for pos, r, a in variants:
        assess(calc.annotate(BUILD, pos, r, a), provider)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    path.write_text(text.getvalue())
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())
    rows = []
    for (filename, line, func), (_, ncalls, tottime, cumtime, _) in sorted(
        raw.items(), key=lambda kv: -kv[1][3]
    )[:60]:
        if filename.startswith(("~", "<")) or "bench" in filename:
            continue
        rows.append(
            f"`{func}` ({filename}:{line}): cumulative {cumtime:.2f} s "
            f"({cumtime / total:.0%}), own {tottime:.2f} s, {ncalls:,} calls"
        )
    own = [
        f"`{func}` ({filename}:{line}): own {tottime:.2f} s ({tottime / total:.0%}), "
        f"{ncalls:,} calls"
        for (filename, line, func), (_, ncalls, tottime, _, _) in sorted(
            raw.items(), key=lambda kv: -kv[1][2]
        )[:10]
    ]
    return [*rows[:18], "**by own time:**", *own]


# --------------------------------------------------------------------- parsing


def _info(column: str) -> dict[str, str]:
    return dict(item.split("=", 1) if "=" in item else (item, "") for item in column.split(";"))


def parse_bcftools(path: Path, n: int) -> list[dict[str, set[str]]]:
    """Per variant: transcript -> SO terms of every BCSQ entry for it."""
    out: list[dict[str, set[str]]] = [{} for _ in range(n)]
    unknown: Counter[str] = Counter()
    with path.open() as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            cols = line.split("\t", 8)
            i = int(cols[2][1:])
            bcsq = _info(cols[7].rstrip("\n")).get("BCSQ")
            if not bcsq:
                continue
            for entry in bcsq.split(","):
                fields = entry.split("|")
                if len(fields) < 3:
                    continue
                # 'intron' and 'non_coding' come once per gene, without a transcript:
                # kept under '(gene):<biotype>' and resolved per transcript in compare()
                tx = fields[2] or f"(gene):{fields[3] if len(fields) > 3 else ''}"
                for term in fields[0].lstrip("*@").split("&"):
                    so = BCFTOOLS_SO.get(term)
                    if so is None:
                        unknown[term] += 1
                        so = term
                    out[i].setdefault(tx, set()).add(so)
    if unknown:
        print(f"  bcftools terms without an SO mapping: {dict(unknown)}", file=sys.stderr)
    return out


@dataclass
class SnpEffRecord:
    terms: dict[str, set[str]] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)  # transcript -> SnpEff's own terms
    lof: str | None = None
    nmd: str | None = None


def parse_snpeff(path: Path, n: int) -> tuple[list[SnpEffRecord], Counter[str]]:
    out = [SnpEffRecord() for _ in range(n)]
    warnings: Counter[str] = Counter()
    with path.open() as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            cols = line.split("\t", 8)
            rec = out[int(cols[2][1:])]
            info = _info(cols[7].rstrip("\n"))
            rec.lof, rec.nmd = info.get("LOF"), info.get("NMD")
            for entry in info.get("ANN", "").split(","):
                fields = entry.split("|")
                if len(fields) < 8:
                    continue
                tx = fields[6] or "(intergenic)"
                if fields[5] not in ("transcript", "") and fields[1] != "intergenic_region":
                    continue
                rec.raw[tx] = f"{rec.raw[tx]},{fields[1]}" if tx in rec.raw else fields[1]
                for term in fields[1].split("&"):
                    rec.terms.setdefault(tx, set()).add(SNPEFF_SO.get(term, term))
                if len(fields) > 15 and fields[15]:
                    for w in fields[15].split("&"):
                        warnings[w] += 1
    return out, warnings


# ------------------------------------------------------------------- locations


def location(tx: Transcript, pos: int) -> str:
    """Where ``pos`` lies on ``tx``, in transcript terms, bucketed for the disagreement
    tables: 'CDS', 'start codon', 'stop codon', "5'UTR", "3'UTR", 'exon (non-coding)',
    'exon last 3 (donor side)', 'exon first 3 (acceptor side)', 'intron +1..+2',
    'intron +3/+4/+6', 'intron +5', 'intron +7..+8', 'intron -1..-2', 'intron -3..-8',
    'intron -9..-17', 'intron deep', 'upstream', 'downstream', 'intergenic'."""
    if pos < tx.start or pos > tx.end:
        before = pos < tx.start
        dist = tx.start - pos if before else pos - tx.end
        if dist > 5000:
            return "intergenic"
        return "upstream" if before == (tx.strand > 0) else "downstream"
    segments = _segments(tx)
    for seg in segments:
        if seg.start <= pos <= seg.end:
            break
    n = len(tx.exons)
    fwd = tx.strand > 0
    if seg.kind == "intron":
        from_donor = pos - seg.start + 1 if fwd else seg.end - pos + 1
        from_acceptor = seg.end - pos + 1 if fwd else pos - seg.start + 1
        if from_donor <= from_acceptor:
            k = from_donor
            if k <= 2:
                return "intron +1..+2"
            if k == 5:
                return "intron +5"
            if k <= 6:
                return "intron +3/+4/+6"
            if k <= 8:
                return "intron +7..+8"
            return "intron deep"
        k = from_acceptor
        if k <= 2:
            return "intron -1..-2"
        if k <= 8:
            return "intron -3..-8"
        if k <= 17:
            return "intron -9..-17"
        return "intron deep"
    # exon: transcript-direction distance to its 5' (acceptor) and 3' (donor) edges
    to_3 = seg.end - pos if fwd else pos - seg.start
    to_5 = pos - seg.start if fwd else seg.end - pos
    if tx.is_coding:
        assert tx.cds_start is not None and tx.cds_end is not None
        c_first = tx.cds_start if fwd else tx.cds_end
        c_last = tx.cds_end if fwd else tx.cds_start
        if abs(pos - c_first) <= 2 and (pos - c_first) * tx.strand >= 0:
            return "start codon"
        if abs(pos - c_last) <= 2 and (c_last - pos) * tx.strand >= 0:
            return "stop codon"
    if seg.number == n and to_3 <= 2:
        return "transcript 3' end (last 3 bases)"
    if seg.number == 1 and to_5 <= 2:
        return "transcript 5' end (first 3 bases)"
    if seg.number < n and to_3 <= 2:
        return "exon last 3 (donor side)"
    if seg.number > 1 and to_5 <= 2:
        return "exon first 3 (acceptor side)"
    if not tx.is_coding:
        return "exon (non-coding)"
    lo, hi = min(tx.cds_start, tx.cds_end), max(tx.cds_start, tx.cds_end)  # type: ignore[type-var]
    if lo <= pos <= hi:
        return "CDS"
    return "5'UTR" if (pos < lo) == fwd else "3'UTR"


_SEGMENTS: dict[str, list[Any]] = {}


def _segments(tx: Transcript) -> list[Any]:
    if tx.accession not in _SEGMENTS:
        _SEGMENTS[tx.accession] = transcript_segments(tx)
    return _SEGMENTS[tx.accession]


# ------------------------------------------------------------------- agreement

#: (gnas_annot most severe, bcftools, SnpEff) patterns -> category, who is right, why.
#: Checked in order; ``None`` matches anything, a tuple any of its members.
Pattern = tuple[
    tuple[str, ...] | None,
    str | tuple[str, ...] | None,
    str | tuple[str, ...] | None,
    str | tuple[str, ...] | None,
]
_G_S = "gnas_annot, SnpEff"
_G_B = "gnas_annot, bcftools"
_VEP105 = "VEP >= 105 term (ensembl-variation PR #737)"
VERDICTS: list[tuple[Pattern, str, str, str]] = [
    (
        (("upstream", "downstream"), None, "(none)", None),
        "bcftools: no upstream/downstream terms",
        _G_S,
        "VEP reports upstream/downstream_gene_variant within 5 kb of a transcript; "
        "bcftools csq annotates only variants inside a transcript",
    ),
    (
        (None, "splice_polypyrimidine_tract_variant", None, None),
        "polypyrimidine tract (acceptor -9..-17)",
        "gnas_annot",
        f"{_VEP105}, acceptor -3..-17; bcftools csq and SnpEff 5.1 have no such term "
        "(intron, or nothing). At -3..-8 all three agree on splice_region_variant, which "
        "VEP ranks higher and also reports",
    ),
    (
        (None, "splice_donor_5th_base_variant", None, None),
        "donor +5 (5th base)",
        "gnas_annot",
        f"{_VEP105}; bcftools csq (no splice_region subtypes) and SnpEff 5.1 say "
        "splice_region_variant",
    ),
    (
        (("start codon",), "start_lost", None, "initiator_codon_variant"),
        "start codon ATG>CTG/TTG",
        _G_B,
        "VEP: start_lost whenever the first codon no longer encodes Met; SnpEff's codon "
        "table marks CTG and TTG as alternative initiators ('L+') and calls "
        "initiator_codon_variant (LOW)",
    ),
    (
        (
            ("transcript 3' end (last 3 bases)", "transcript 5' end (first 3 bases)"),
            None,
            None,
            "splice_region_variant",
        ),
        "SnpEff: splice_region at a transcript end",
        _G_B,
        "there is no splice junction at the transcript's first/last base; VEP's "
        "splice_region needs an intron (SnpEff applies its exon 1-3 bp window to every "
        "exon end)",
    ),
    (
        (None, None, "non_coding_transcript_variant", None),
        "bcftools: one 'non_coding' term for a non-coding transcript",
        _G_S,
        "bcftools csq gives lincRNA transcripts only 'non_coding' (per gene, no transcript "
        "ID, no exon/intron or splice terms); VEP gives non_coding_transcript_exon_variant, "
        "intron_variant and splice terms",
    ),
    (
        (None, None, "(none)", None),
        "bcftools: nothing reported for this transcript",
        _G_S,
        "bcftools csq writes 'intron' (and 'non_coding') once per gene, without a "
        "transcript, and only when no transcript has an exonic or splice consequence; VEP "
        "annotates every transcript",
    ),
]


def _match(value: str, want: str | tuple[str, ...] | None) -> bool:
    return want is None or value == want or (isinstance(want, tuple) and value in want)


def categorise(loc: str, g: str, b: str, s: str) -> tuple[str, str, str]:
    for (locs, pg, pb, ps), category, right, why in VERDICTS:
        if (locs is None or loc in locs) and _match(g, pg) and _match(b, pb) and _match(s, ps):
            return category, right, why
    return "uncategorised", "?", ""


def _bcftools_on(entries: dict[str, set[str]], tx: Transcript, pos: int) -> set[str] | None:
    """bcftools' terms for ``tx``: its own entries, plus the gene-level ones that
    apply to it ('intron' of a protein_coding gene where ``pos`` is intronic on
    ``tx``; 'non_coding' of a lincRNA for the non-coding transcript)."""
    own = entries.get(tx.accession)
    if tx.is_coding:
        gene = entries.get("(gene):protein_coding")
        if gene and location(tx, pos).startswith("intron"):
            return (own or set()) | gene
    else:
        gene = entries.get("(gene):lincRNA")
        if gene and tx.start <= pos <= tx.end:
            return (own or set()) | gene
    return own


def compare(
    variants: Sequence[Variant],
    gnas: Sequence[Compact],
    bcf: Sequence[dict[str, set[str]]],
    snp: Sequence[SnpEffRecord],
    tx: Transcript,
    detail: bool,
) -> dict[str, Any]:
    """Most severe consequence on ``tx`` per SNV, three tools.  Variants that no tool
    places on ``tx`` (beyond 5 kb) are left out."""
    acc = tx.accession
    n = 0
    agree: Counter[str] = Counter()
    triples: Counter[tuple[str, str, str, str]] = Counter()
    examples: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    by_term: Counter[str] = Counter()
    term_sets: dict[str, Counter[str]] = defaultdict(Counter)
    for i, (pos, r, a) in enumerate(variants):
        res = gnas[i]
        if res is None:
            continue
        g_terms = res[0].get(acc)
        b_terms = _bcftools_on(bcf[i], tx, pos)
        s_terms = snp[i].terms.get(acc)
        if g_terms is None and b_terms is None and s_terms is None:
            continue
        n += 1
        g = g_terms[0] if g_terms else "(none)"
        b = most_severe(b_terms or ())
        s = most_severe(s_terms or ())
        by_term[g] += 1
        if detail and g_terms:
            loc = location(tx, pos)
            if loc.startswith(("intron", "exon ")):
                term_sets[loc]["&".join(t for t in g_terms if not t.endswith("_variant") or
                                        t.startswith(("splice", "intron")))] += 1  # fmt: skip
        agree["gnas=bcftools"] += g == b
        agree["gnas=snpeff"] += g == s
        agree["bcftools=snpeff"] += b == s
        agree["all three"] += g == b == s
        if g == b == s:
            continue
        loc = location(tx, pos)
        key = (loc, g, b, s)
        triples[key] += 1
        if len(examples[key]) < 2:
            examples[key].append(
                f"{CONTIG}:{pos}{r}>{a} gnas_annot `{'&'.join(g_terms or ())}`, bcftools "
                f"`{'&'.join(sorted(b_terms or (), key=rank))}`, SnpEff "
                f"`{snp[i].raw.get(acc, '-')}`"
            )
    categories: dict[str, dict[str, Any]] = {}
    rows = []
    for (loc, g, b, s), count in triples.most_common():
        category, right, why = categorise(loc, g, b, s)
        cat = categories.setdefault(
            category, {"variants": 0, "right": right, "why": why, "patterns": 0, "example": None}
        )
        cat["variants"] += count
        cat["patterns"] += 1
        cat["example"] = cat["example"] or examples[(loc, g, b, s)][0]
        rows.append(
            {
                "location": loc,
                "gnas_annot": g,
                "bcftools": b,
                "snpeff": s,
                "variants": count,
                "category": category,
                "examples": examples[(loc, g, b, s)],
            }
        )
    return {
        "transcript": acc,
        "variants": n,
        "agree": dict(agree),
        "agree_fraction": {k: round(v / n, 4) for k, v in agree.items()} if n else {},
        "gnas_annot_most_severe": dict(by_term.most_common()),
        "categories": dict(sorted(categories.items(), key=lambda kv: -kv[1]["variants"])),
        "patterns": rows if detail else rows[:12],
        "gnas_splice_term_sets": {
            loc: dict(c.most_common(4)) for loc, c in sorted(term_sets.items())
        },
    }


#: what VEP >= 105 reports for an SNV at each location (splice/intron terms only), and
#: whether gnas_annot's most severe term matches.  Sources: ensembl-variation
#: BaseTranscriptVariationAllele::_intron_effects ('intronic' needs intron +3..-3, so
#: +1/+2 and -1/-2 are not intron_variant); ensembl-vep issue #1345 and gnomad-browser
#: #1542 (since 105, splice_region_variant is no longer given where
#: splice_donor_5th_base_variant or splice_donor_region_variant applies).
VEP_SPLICE = {
    "intron +1..+2": ("splice_donor_variant (no intron_variant)", "yes; extra intron_variant"),
    "intron -1..-2": ("splice_acceptor_variant (no intron_variant)", "yes; extra intron_variant"),
    "intron +3/+4/+6": (
        "splice_donor_region_variant&intron_variant",
        "**no**: adds splice_region_variant, which ranks higher",
    ),
    "intron +5": (
        "splice_donor_5th_base_variant&intron_variant",
        "yes; extra splice_region_variant",
    ),
    "intron +7..+8": ("splice_region_variant&intron_variant", "yes"),
    "intron -3..-8": (
        "splice_region_variant&splice_polypyrimidine_tract_variant&intron_variant",
        "yes",
    ),
    "intron -9..-17": ("splice_polypyrimidine_tract_variant&intron_variant", "yes"),
    "intron deep": ("intron_variant", "yes"),
    "exon last 3 (donor side)": ("splice_region_variant (+ coding/UTR term)", "yes"),
    "exon first 3 (acceptor side)": ("splice_region_variant (+ coding/UTR term)", "yes"),
}


# ---------------------------------------------------------------------- LoF


def lof_report(
    variants: Sequence[Variant],
    gnas: Sequence[Compact],
    snp: Sequence[SnpEffRecord],
    locus: Locus,
) -> dict[str, Any]:
    tx = locus.transcript(MAIN)
    strengths: Counter[str] = Counter()
    criteria: Counter[str] = Counter()
    loftee: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    stop_by_exon: dict[str, Counter[str]] = defaultdict(Counter)
    splice_by_intron: dict[str, Counter[str]] = defaultdict(Counter)
    vs_snpeff: Counter[str] = Counter()
    nmd_vs: Counter[str] = Counter()
    examples: dict[str, str] = {}
    sanity: Counter[str] = Counter()
    sanity_fail: list[str] = []
    exon_of = {id(s): s for s in _segments(tx)}
    del exon_of
    segments = _segments(tx)

    def seg_of(pos: int) -> Any:
        return next(s for s in segments if s.start <= pos <= s.end)

    n_exons = len(tx.exons)
    for i, (pos, r, a) in enumerate(variants):
        res = gnas[i]
        if res is None or MAIN not in res[1]:
            continue
        lof_class, strength, criterion, lt, filters, nmd = res[1][MAIN]
        if lof_class is None:
            continue
        classes[lof_class] += 1
        strengths[strength] += 1
        criteria[f"{criterion} ({strength})"] += 1
        if lt:
            loftee[f"{lt}" + (f" [{','.join(filters)}]" if filters else "")] += 1
        seg = seg_of(pos)
        if lof_class == "stop_gained":
            stop_by_exon[f"exon {seg.number}"][f"{criterion} {strength}"] += 1
            want = (
                ("NF3", "Strong")
                if seg.number == n_exons
                else ("NF1", "VeryStrong")
                if nmd
                else ("NF3/NF5", "Strong")
            )
            ok = (criterion in want[0].split("/")) and strength == want[1]
            sanity["nonsense: exons 1-12 NMD -> NF1 VeryStrong, exon 13 -> NF3 Strong"] += ok
            if not ok and len(sanity_fail) < 10:
                sanity_fail.append(
                    f"{CONTIG}:{pos}{r}>{a} exon {seg.number}: {criterion} {strength}"
                )
        elif lof_class in ("splice_donor_variant", "splice_acceptor_variant"):
            side = "donor" if lof_class == "splice_donor_variant" else "acceptor"
            splice_by_intron[f"intron {seg.number} {side}"][f"{criterion} {strength}"] += 1
            ok = criterion.startswith("SS")
            sanity["canonical splice -> SS*"] += ok
            if not ok and len(sanity_fail) < 10:
                sanity_fail.append(f"{CONTIG}:{pos}{r}>{a}: {lof_class} {criterion}")
        # SnpEff's LOF/NMD are per gene: compare where SnpEff's NM_000516.7 effect or ours is LoF
        s_terms = snp[i].terms.get(MAIN, set())
        s_lofish = bool(
            s_terms
            & {
                "stop_gained",
                "splice_donor_variant",
                "splice_acceptor_variant",
                "start_lost",
                "frameshift_variant",
                "exon_loss_variant",
            }
        )
        key = (
            f"{lof_class} / gnas PVS1 "
            f"{'met' if strength not in ('Unmet', 'NotApplicable') else 'unmet'}"
            f" / SnpEff {'LOF' if snp[i].lof else 'no LOF'}"
            + ("" if s_lofish else " (SnpEff effect not LoF)")
        )
        vs_snpeff[key] += 1
        examples.setdefault(key, f"{CONTIG}:{pos}{r}>{a} ({criterion}; SnpEff LOF={snp[i].lof})")
        if lof_class == "stop_gained":
            nmd_vs[f"gnas nmd={nmd} / SnpEff {'NMD' if snp[i].nmd else 'no NMD'}"] += 1
            examples.setdefault(
                f"nmd {nmd} {bool(snp[i].nmd)}",
                f"{CONTIG}:{pos}{r}>{a} exon {seg.number} ({criterion}; SnpEff NMD={snp[i].nmd})",
            )
    return {
        "transcript": MAIN,
        "lof_classes": dict(classes.most_common()),
        "pvs1_strength": dict(strengths.most_common()),
        "pvs1_criterion": dict(criteria.most_common()),
        "loftee": dict(loftee.most_common()),
        "stop_gained_by_exon": {
            k: dict(v)
            for k, v in sorted(stop_by_exon.items(), key=lambda kv: int(kv[0].split()[1]))
        },
        "splice_by_intron": {
            k: dict(v)
            for k, v in sorted(
                splice_by_intron.items(), key=lambda kv: (int(kv[0].split()[1]), kv[0])
            )
        },
        "sanity_ok": dict(sanity),
        "sanity_failures": sanity_fail,
        "vs_snpeff_lof": dict(vs_snpeff.most_common()),
        "vs_snpeff_nmd": dict(nmd_vs.most_common()),
        "examples": examples,
    }


# ---------------------------------------------------------------------- report


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2%}"


def render_markdown(data: dict[str, Any]) -> str:
    meta = data["meta"]
    out = [
        "# Consequence + LoF benchmark: gnas_annot vs bcftools csq vs SnpEff",
        "",
        f"{meta['date']} on {meta['machine']}; {meta['bcftools']}; {meta['snpeff']}; "
        f"{meta['java']}; gnas_annot {meta['gnas_annot']} (Python {meta['python']}). "
        f"Wall time = best of {meta['repeats']} run(s); load average at the end "
        f"{', '.join(map(str, meta['load_average_at_end']))}.",
        "",
        f"**Reference: SYNTHETIC** chr20 ({data['reference']['source']}); every coding "
        "transcript translatable. Consequences are about mechanism, not biology. "
        f"Scope: **{data['scope_note']}**.",
        "",
        "| workload | SNVs | gnas_annot (s) | gnas_annot (SNV/s) | bcftools csq (s) | "
        "bcftools (SNV/s) | SnpEff (s) | SnpEff (SNV/s) | SnpEff minus load (SNV/s) "
        "| gnas/bcftools | gnas/SnpEff | gnas/SnpEff (minus load) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in data["rows"]:
        out.append(
            f"| {row['workload']} | {row['variants']:,} | {row['gnas_annot_s']:.1f} | "
            f"{row['gnas_annot_per_s']:,.0f} | {row['bcftools_s']:.2f} | "
            f"{row['bcftools_per_s']:,.0f} | {row['snpeff_s']:.1f} | {row['snpeff_per_s']:,.0f} "
            f"| {row['snpeff_net_per_s']:,.0f} | {row['ratio_bcftools']:.4f} | "
            f"{row['ratio_snpeff']:.3f} | {row['ratio_snpeff_net']:.3f} |"
        )
    fixed = data["fixed_costs"]
    out += [
        "",
        f"Fixed costs (included above): bcftools csq on a header-only VCF "
        f"{fixed['bcftools_empty_s']:.3f} s; SnpEff (JVM start-up, config, database load) "
        f"on a header-only VCF {fixed['snpeff_empty_s']:.2f} s and on a one-record VCF "
        f"{fixed['snpeff_one_s']:.2f} s (best of 5 each); the smaller, "
        f"{fixed['snpeff_load_s']:.2f} s, is subtracted in the 'minus load' columns; "
        "SnpEff database build (once, not in the times) "
        f"{fixed['snpeff_build_s']:.1f} s. gnas_annot: calculator built once in-process "
        f"({fixed['gnas_construct_s']:.3f} s), import not counted; the loop keeps a "
        "compact copy of each result, the other tools write a VCF.",
        "",
    ]
    split = data["time_split"]
    out += [
        f"Where gnas_annot's time goes ({split['variants']:,} exon-set SNVs, warm): "
        f"naming {split['name_s']:.2f} s, consequence terms {split['consequence_only_s']:.2f} s, "
        f"`assess` {split['assess_only_s']:.2f} s "
        f"(shares: {', '.join(f'{k} {v:.0%}' for k, v in split['shares'].items())}).",
        "",
    ]
    main = data["agreement"]
    out += [
        f"## Most severe consequence on {main['transcript']} ({main['variants']:,} SNVs "
        "within 5 kb of it)",
        "",
        "Terms are mapped to SO and ranked by VEP's severity order for all three tools "
        "(bcftools' `missense` -> `missense_variant`, SnpEff's "
        "`5_prime_UTR_premature_start_codon_gain_variant` -> `5_prime_UTR_variant`; "
        "SnpEff's `initiator_codon_variant` kept, ranked next to `start_retained_variant`).",
        "",
        "| pair | agree | fraction |",
        "|---|---:|---:|",
        *(f"| {k} | {v:,} | {_pct(main['agree_fraction'][k])} |" for k, v in main["agree"].items()),
        "",
        "### Disagreements by category",
        "",
        "| category | SNVs | patterns | right | why | example |",
        "|---|---:|---:|---|---|---|",
        *(
            f"| {name} | {c['variants']:,} | {c['patterns']} | {c['right']} | {c['why']} | "
            f"{c['example']} |"
            for name, c in main["categories"].items()
        ),
        "",
        "### Disagreement patterns (location on the transcript, most severe per tool)",
        "",
        "| location | gnas_annot | bcftools | SnpEff | SNVs | category |",
        "|---|---|---|---|---:|---|",
        *(
            f"| {p['location']} | {p['gnas_annot']} | {p['bcftools']} | {p['snpeff']} | "
            f"{p['variants']:,} | {p['category']} |"
            for p in main["patterns"][:40]
        ),
        "",
    ]
    if len(main["patterns"]) > 40:
        out += [f"({len(main['patterns']) - 40} more patterns in the JSON.)", ""]
    out += [
        "### gnas_annot's own splice/intron terms against VEP's conventions",
        "",
        "Not a three-tool disagreement (bcftools and SnpEff have no splice subtypes), "
        f"so checked here: gnas_annot's splice/intron term sets on {main['transcript']} by "
        "location (coding terms left out), and what VEP >= 105 reports for an SNV there.",
        "",
        "| location | gnas_annot term sets (SNVs) | VEP >= 105 | gnas_annot's most severe right? |",
        "|---|---|---|---|",
        *(
            f"| {loc} | "
            + "; ".join(f"`{t or '-'}` {n:,}" for t, n in sets.items())
            + f" | {VEP_SPLICE.get(loc, ('?', '?'))[0]} | {VEP_SPLICE.get(loc, ('?', '?'))[1]} |"
            for loc, sets in main["gnas_splice_term_sets"].items()
        ),
        "",
        "### Other transcripts",
        "",
        "| transcript | SNVs | gnas=bcftools | gnas=SnpEff | all three | top disagreement "
        "categories |",
        "|---|---:|---:|---:|---:|---|",
        *(
            f"| {o['transcript']} | {o['variants']:,} | "
            f"{_pct(o['agree_fraction'].get('gnas=bcftools'))} "
            f"| {_pct(o['agree_fraction'].get('gnas=snpeff'))} | "
            f"{_pct(o['agree_fraction'].get('all three'))} | "
            + "; ".join(f"{k} {c['variants']:,}" for k, c in list(o["categories"].items())[:4])
            + " |"
            for o in data["agreement_other_transcripts"]
        ),
        "",
    ]
    lof = data["lof"]
    out += [
        f"## Loss of function on {lof['transcript']}",
        "",
        "LoF classes: " + ", ".join(f"{k} {v:,}" for k, v in lof["lof_classes"].items()) + ".",
        "",
        "PVS1 strength: "
        + ", ".join(f"{k} {v:,}" for k, v in lof["pvs1_strength"].items())
        + ". Criterion: "
        + ", ".join(f"{k} {v:,}" for k, v in lof["pvs1_criterion"].items())
        + ".",
        "",
        "LOFTEE: " + ", ".join(f"{k} {v:,}" for k, v in lof["loftee"].items()) + ".",
        "",
        "| stop_gained in | calls |",
        "|---|---|",
        *(
            f"| {k} | " + ", ".join(f"{c} {n}" for c, n in v.items()) + " |"
            for k, v in lof["stop_gained_by_exon"].items()
        ),
        "",
        "| canonical splice site | calls |",
        "|---|---|",
        *(
            f"| {k} | " + ", ".join(f"{c} {n}" for c, n in v.items()) + " |"
            for k, v in lof["splice_by_intron"].items()
        ),
        "",
        "Sanity checks passed: "
        + ", ".join(f"{k}: {v:,}" for k, v in lof["sanity_ok"].items())
        + (
            "; failures: " + "; ".join(lof["sanity_failures"])
            if lof["sanity_failures"]
            else "; no failures"
        )
        + ".",
        "",
        "Against SnpEff's gene-level `LOF` tag (variants that gnas_annot classes as LoF "
        f"on {MAIN}):",
        "",
        "| gnas_annot class / PVS1 / SnpEff | SNVs | example |",
        "|---|---:|---|",
        *(
            f"| {k} | {v:,} | {lof['examples'].get(k, '')} |"
            for k, v in lof["vs_snpeff_lof"].items()
        ),
        "",
        "stop_gained, NMD: "
        + ", ".join(f"{k} {v:,}" for k, v in lof["vs_snpeff_nmd"].items())
        + ".",
        "",
    ]
    for workload, failed in data["failures"].items():
        if failed["count"]:
            out += [
                f"**gnas_annot raised on {failed['count']:,} {workload} SNV(s)** (timed, left "
                "out of the comparisons), e.g.:",
                "",
                *(f"* `{f['variant']}`: {f['error']}" for f in failed["examples"][:5]),
                "",
            ]
    checks = data["checks"]
    out += [
        "## Checks",
        "",
        f"* SnpEff build: {checks['snpeff_build']}",
        f"* SnpEff warnings in ANN: {checks['snpeff_warnings'] or 'none'}",
        f"* records with a BCSQ / ANN annotation for {MAIN}: bcftools "
        f"{checks['bcftools_on_main']:,}, SnpEff {checks['snpeff_on_main']:,}, gnas_annot "
        f"{checks['gnas_on_main']:,}",
        "",
        f"## Profile of annotate + assess ({PROFILE_VARIANTS:,} exon-set SNVs, cProfile)",
        "",
        "Top functions by cumulative time (full listing in `consequence_profile.txt`):",
        "",
        *(f"* {r}" for r in data["profile"]),
        "",
    ]
    return "\n".join(out)


# ------------------------------------------------------------------------ main


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=_HERE / "out", help="output and cache directory (bench/out)"
    )
    parser.add_argument(
        "--scope",
        choices=("region", "exons"),
        default="region",
        help="region: every SNV of the ~102-kb gnas region (+ the exon set); "
        "exons: the exon-focused set + a random sample of the region",
    )
    parser.add_argument("--sample", type=int, default=20_000, help="region sample (--scope exons)")
    parser.add_argument("--repeats", type=int, default=1, help="runs per measurement (best kept)")
    parser.add_argument("--seed", type=int, default=20, help="seed of the region sample")
    parser.add_argument("--regenerate", action="store_true", help="rewrite the cached reference")
    parser.add_argument("--java-heap", default="-Xmx4g", help="JVM heap option for SnpEff")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.sample < 1:
        parser.error("--repeats and --sample must be positive")
    return args


def _version(command: Sequence[str]) -> str:
    try:
        done = subprocess.run(list(command), capture_output=True, text=True, check=False)
    except OSError:
        return "?"
    text = (done.stdout + done.stderr).strip().splitlines()
    return text[0] if text else "?"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    for tool in ("bcftools", "java"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found on PATH")
    if not SNPEFF_JAR.is_file():
        raise SystemExit(f"{SNPEFF_JAR} not found (apt-get install snpeff)")
    out: Path = args.out
    work = out / "consequence"
    work.mkdir(parents=True, exist_ok=True)
    locus = load_locus(BUILD)
    reference = H.ensure_reference(out, locus, args.seed, args.regenerate)
    translatable = H.check_translatable(locus, reference.fetch)

    gff = work / "GNAS.gff3"
    H.write_gff3(gff, locus, TRANSCRIPTS)
    config, _ = write_snpeff_db(work, locus, reference)
    java = ["java", args.java_heap, "-jar", str(SNPEFF_JAR)]
    print("building the SnpEff database ...", file=sys.stderr, flush=True)
    began = time.perf_counter()
    build = subprocess.run(
        [*java, "build", "-gtf22", "-v", "-noLog", "-c", str(config), GENOME],
        capture_output=True,
        text=True,
        check=False,
    )
    build_s = time.perf_counter() - began
    (work / "snpeff_build.log").write_text(build.stdout + build.stderr)
    if build.returncode != 0:
        raise SystemExit(f"snpEff build failed, see {work / 'snpeff_build.log'}")
    build_check = [
        line.strip()
        for line in (build.stdout + build.stderr).splitlines()
        if "CDS check" in line
        or "Protein check" in line
        or "Checking database" in line
        or ("OK:" in line and "Errors:" in line)
    ]

    positions, region_name = region_positions(locus)
    exon_set = _snvs(exon_positions(locus), reference.fetch)
    if args.scope == "region":
        workloads = {"region": _snvs(positions, reference.fetch), "exons": exon_set}
        scope_note = (
            f"every SNV of the gnas region {region_name} ({len(positions):,} bp x 3); "
            f"also the exon-focused set (exons of the 7 transcripts +-{FLANK_BP} bp)"
        )
    else:
        rng = random.Random(args.seed)
        full = _snvs(positions, reference.fetch)
        workloads = {"exons": exon_set, "sample": sorted(rng.sample(full, args.sample))}
        scope_note = (
            f"the exon-focused set (exons of the 7 transcripts +-{FLANK_BP} bp) and a "
            f"{args.sample:,}-SNV random sample of {region_name}"
        )
    vcfs = {name: work / f"{name}.vcf" for name in workloads}
    for name, variants in workloads.items():
        write_vcf(vcfs[name], variants, name[0], f"{name}: every SNV ({len(variants)})")
    empty = work / "empty.vcf"
    write_vcf(empty, [], "e", "header only")

    def csq(vcf: Path, result: Path) -> list[str]:
        return ["bcftools", "csq", "-l", "-p", "a", "-f", str(reference.path), "-g", str(gff),
                str(vcf), "-Ov", "-o", str(result)]  # fmt: skip

    def snpeff(vcf: Path) -> list[str]:
        return [*java, "ann", "-noStats", "-nodownload", "-noLog", "-c", str(config), GENOME,
                str(vcf)]  # fmt: skip

    print(f"measuring (best of {args.repeats}):", file=sys.stderr, flush=True)
    began = time.perf_counter()
    genome = ReferenceGenome(reference.path, BUILD)
    calc = ConsequenceCalculator({BUILD: genome})
    construct_s = time.perf_counter() - began
    timings: dict[str, Any] = {}
    timings["bcftools_empty"] = H.time_command(
        "bcftools_csq_empty", csq(empty, work / "empty.csq.vcf"), 0, max(3, args.repeats)
    )
    # the JVM start-up and database load vary by +-50% on a shared machine: best of 5
    timings["snpeff_empty"] = time_to_file(
        "snpeff_empty", snpeff(empty), 0, max(5, args.repeats), work / "empty.ann.vcf"
    )
    write_vcf(work / "one.vcf", exon_set[:1], "o", "one record")
    timings["snpeff_one"] = time_to_file(
        "snpeff_one", snpeff(work / "one.vcf"), 1, max(5, args.repeats), work / "one.ann.vcf"
    )
    snpeff_load = min(timings["snpeff_empty"].wall_s, timings["snpeff_one"].wall_s)
    rows: list[dict[str, Any]] = []
    results: dict[str, list[Compact]] = {}
    failures: dict[str, list[dict[str, str]]] = {}
    bcsq: dict[str, list[dict[str, set[str]]]] = {}
    ann: dict[str, list[SnpEffRecord]] = {}
    warnings: Counter[str] = Counter()
    for name, variants in workloads.items():
        result = work / f"{name}.csq.vcf"
        bcf = H.time_command(f"bcftools_csq_{name}", csq(vcfs[name], result), len(variants),
                             args.repeats)  # fmt: skip
        bcsq[name] = parse_bcftools(result, len(variants))
        annotated = work / f"{name}.ann.vcf"
        snp = time_to_file(f"snpeff_{name}", snpeff(vcfs[name]), len(variants), args.repeats,
                           annotated)  # fmt: skip
        ann[name], w = parse_snpeff(annotated, len(variants))
        warnings.update(w)
        gnas, results[name], failures[name] = time_gnas(calc, name, variants, args.repeats)
        timings[gnas.name], timings[bcf.name], timings[snp.name] = gnas, bcf, snp
        net = snp.wall_s - snpeff_load
        net_per_s = len(variants) / net if net > 0 else float("nan")
        rows.append(
            {
                "workload": name,
                "variants": len(variants),
                "gnas_annot_s": gnas.wall_s,
                "gnas_annot_per_s": round(gnas.per_second, 1),
                "bcftools_s": bcf.wall_s,
                "bcftools_per_s": round(bcf.per_second, 1),
                "snpeff_s": snp.wall_s,
                "snpeff_per_s": round(snp.per_second, 1),
                "snpeff_net_s": round(net, 4),
                "snpeff_net_per_s": round(net_per_s, 1),
                "ratio_bcftools": round(gnas.per_second / bcf.per_second, 5),
                "ratio_snpeff": round(gnas.per_second / snp.per_second, 4),
                "ratio_snpeff_net": round(gnas.per_second / net_per_s, 4),
            }
        )

    print("comparing ...", file=sys.stderr, flush=True)
    big = next(iter(workloads))
    variants = workloads[big]
    agreement = compare(variants, results[big], bcsq[big], ann[big], locus.transcript(MAIN), True)
    others = [
        compare(variants, results[big], bcsq[big], ann[big], locus.transcript(acc), False)
        for acc in TRANSCRIPTS
        if acc != MAIN
    ]
    lof = lof_report(variants, results[big], ann[big], locus)
    sample = [v for v in workloads["exons"] if locus.transcript(MAIN).start <= v[0]][
        :PROFILE_VARIANTS
    ]
    print("splitting and profiling gnas_annot's time ...", file=sys.stderr, flush=True)
    time_split = split_time(calc, sample)
    profile_rows = profile(calc, sample, out / "consequence_profile.txt")

    data = {
        "meta": {
            **H._meta(args.repeats),
            "snpeff": _version([*java, "-version"]),
            "java": _version(["java", "-version"]),
        },
        "scope": args.scope,
        "scope_note": scope_note,
        "reference": {
            "path": str(reference.path),
            "source": reference.source,
            "synthetic": True,
            "known_bases": f"{CONTIG}:{reference.start}-{reference.end}",
            "translatable": translatable,
        },
        "models": {"gff3": str(gff), "snpeff_config": str(config), "transcripts": TRANSCRIPTS},
        "inputs": {name: str(path) for name, path in vcfs.items()},
        "rows": rows,
        "fixed_costs": {
            "bcftools_empty_s": timings["bcftools_empty"].wall_s,
            "snpeff_empty_s": timings["snpeff_empty"].wall_s,
            "snpeff_one_s": timings["snpeff_one"].wall_s,
            "snpeff_load_s": snpeff_load,
            "snpeff_build_s": round(build_s, 3),
            "gnas_construct_s": round(construct_s, 4),
        },
        "time_split": time_split,
        "agreement": agreement,
        "agreement_other_transcripts": others,
        "lof": lof,
        "failures": {k: {"count": len(v), "examples": v[:10]} for k, v in failures.items()},
        "checks": {
            "snpeff_build": "; ".join(build_check[-6:]) or "(no check lines in the build log)",
            "snpeff_warnings": dict(warnings.most_common(8)),
            "bcftools_on_main": sum(1 for b in bcsq[big] if MAIN in b),
            "snpeff_on_main": sum(1 for s in ann[big] if MAIN in s.terms),
            "gnas_on_main": sum(1 for r in results[big] if r is not None and MAIN in r[0]),
        },
        "profile": profile_rows,
        "timings": {k: asdict(v) for k, v in timings.items()},
    }
    markdown = render_markdown(data)
    (out / "consequence.json").write_text(json.dumps(data, indent=2, default=list) + "\n")
    (out / "consequence.md").write_text(markdown)
    print(markdown)
    print(f"wrote {out / 'consequence.md'} and {out / 'consequence.json'}", file=sys.stderr)
    genome.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
