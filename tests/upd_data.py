"""Simulated trio VCFs over the whole of chromosome 20 for UPD tests.

Parents get two haplotypes each from allele frequencies drawn per site; the
child inherits one haplotype of each parent with one crossover per parent,
except inside a UPD segment, where it takes both chromosomes from one parent
(heterodisomy) or one chromosome twice (isodisomy).  Genotype errors replace
a call by another genotype.  REF is N (bases unknown: nothing here is real
sequence) and ALT is A; only sites where someone carries ALT are written, as
a joint caller does.
"""

from __future__ import annotations

import random
from pathlib import Path

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.structure.genotypes import Site

GT = {0: "0/0", 1: "0/1", 2: "1/1"}


def simulate_genotypes(
    build: GenomeBuild = GenomeBuild.GRCh38,
    *,
    sites: int = 20_000,
    upd: tuple[str, str, int, int] | None = None,  # (parent, 'iso'|'hetero', start, end)
    error: float = 0.002,
    seed: int = 0,
    region: tuple[int, int] | None = None,
) -> list[tuple[int, list[int]]]:
    """(pos, [child, father, mother] ALT counts) at sites where someone carries ALT."""
    rng = random.Random(seed)
    lo, hi = region or (100_000, build.chr20_length - 100_000)
    positions = sorted(rng.sample(range(lo, hi), sites))
    cross_f, cross_m = rng.randrange(lo, hi), rng.randrange(lo, hi)
    first_f, first_m = rng.randrange(2), rng.randrange(2)
    iso_pick = rng.randrange(2)
    out = []
    for pos in positions:
        p = rng.uniform(0.05, 0.5)
        f = [int(rng.random() < p), int(rng.random() < p)]
        m = [int(rng.random() < p), int(rng.random() < p)]
        hf = first_f if pos < cross_f else 1 - first_f
        hm = first_m if pos < cross_m else 1 - first_m
        child = [f[hf], m[hm]]
        if upd is not None and upd[2] <= pos <= upd[3]:
            parent = f if upd[0] == "paternal" else m
            child = [parent[iso_pick]] * 2 if upd[1] == "iso" else list(parent)
        genotypes = [sum(child), sum(f), sum(m)]
        if not any(genotypes):
            continue
        for i, g in enumerate(genotypes):
            if rng.random() < error:
                genotypes[i] = rng.choice([x for x in (0, 1, 2) if x != g])
        out.append((pos, genotypes))
    return out


def as_sites(rows: list[tuple[int, list[int]]]) -> list[Site]:
    decode = {0: (0, 0), 1: (0, 1), 2: (1, 1)}
    return [Site(pos, tuple(decode[g] for g in gts)) for pos, gts in rows]


def simulate_trio(
    path: Path,
    build: GenomeBuild = GenomeBuild.GRCh38,
    *,
    samples: tuple[str, ...] = ("kid", "dad", "mum"),
    contig: str = "chr20",
    **kw: object,
) -> Path:
    rows = simulate_genotypes(build, **kw)  # type: ignore[arg-type]
    lines = []
    for pos, genotypes in rows:
        site = f"{contig}\t{pos}\t.\tN\tA\t50\tPASS\t.\tGT\t"
        lines.append(site + "\t".join(GT[g] for g in genotypes[: len(samples)]))
    header = (
        "##fileformat=VCFv4.2\n"
        f"##contig=<ID={contig},length={build.chr20_length}>\n"
        '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
        "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t" + "\t".join(samples) + "\n"
    )
    path.write_text(header + "\n".join(lines) + "\n")
    return path
