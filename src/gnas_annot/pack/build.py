"""``gnas-annot data build``: complete the pack offline from the user's files.

From an indexed FASTA of either build we cut the locus (both extraction
regions, with their flanks) into the per-user cache, so later runs need no
``--reference``.  From a RefSeq or Ensembl GFF3 we compare every pack
transcript model with the annotation and report where they differ; this is
how a lab upgrades an 'inferred' model to one checked against its own
annotation release.
"""

from __future__ import annotations

import gzip
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from gnas_annot.errors import BuildUndetectableError, InputError, InputNotFoundError
from gnas_annot.model.builds import GenomeBuild, is_chr20
from gnas_annot.model.locus import Transcript
from gnas_annot.pack.locus import load_locus
from gnas_annot.pack.locus_fasta import write_partial_fasta
from gnas_annot.seq.reference import ReferenceGenome, cached_locus_fasta


def cut_locus(
    fasta: str | os.PathLike[str],
    build: GenomeBuild | None = None,
    destination: Path | None = None,
) -> Path:
    """Copy the GNAS+STX16 region of ``fasta`` into a partial chr20 FASTA."""
    with ReferenceGenome(fasta, build) as reference:
        if reference.build is None:
            raise BuildUndetectableError(
                f"{fasta}: chr20 is {reference.length:,} bp, which is neither GRCh38 nor "
                "GRCh37; pass --build"
            )
        region = load_locus(reference.build).extraction_region("gnas+stx16")
        bases = reference.fetch(region.start, region.end)
        target = destination or cached_locus_fasta(reference.build)
        return write_partial_fasta(
            target,
            "chr20",
            reference.build.chr20_length,
            {region.start: bases},
            description=f"GNAS locus {region} of {reference.build} from {Path(fasta).name}",
        )


@dataclass(frozen=True, slots=True)
class ModelComparison:
    accession: str
    found: bool
    differences: tuple[str, ...]

    @property
    def matches(self) -> bool:
        return self.found and not self.differences


_ATTR = re.compile(r"([^=;]+)=([^;]*)")


def _attributes(text: str) -> dict[str, str]:
    return {k.strip(): unquote(v) for k, v in _ATTR.findall(text)}


def _open_text(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            return [line for line in handle if not line.startswith("#")]
    except FileNotFoundError as exc:
        raise InputNotFoundError(f"GFF3 not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read GFF3 {path}: {exc}") from exc


def compare_gff3(gff3: str | os.PathLike[str], build: GenomeBuild) -> list[ModelComparison]:
    """Compare each pack transcript of ``build`` with the exons a GFF3 gives it.

    Transcripts are matched by accession.version in ``Name``,
    ``transcript_id`` or the ``ID`` (``rna-NM_000516.7``), as RefSeq and
    Ensembl GFF3 write them.
    """
    locus = load_locus(build)
    wanted = {tx.accession: tx for tx in locus.transcripts}
    ids: dict[str, str] = {}
    exons: dict[str, list[tuple[int, int]]] = defaultdict(list)
    cds: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rows = [line.rstrip("\n").split("\t") for line in _open_text(Path(gff3))]
    for row in rows:
        if len(row) != 9 or not is_chr20(row[0]):
            continue
        attrs = _attributes(row[8])
        names = {
            attrs.get("Name", ""),
            attrs.get("transcript_id", ""),
            attrs.get("ID", "").removeprefix("rna-").removeprefix("transcript:"),
        }
        for name in names & wanted.keys():
            ids[attrs.get("ID", name)] = name
    for row in rows:
        if len(row) != 9 or not is_chr20(row[0]) or row[2] not in ("exon", "CDS"):
            continue
        for parent in _attributes(row[8]).get("Parent", "").split(","):
            if parent in ids:
                target = exons if row[2] == "exon" else cds
                target[ids[parent]].append((int(row[3]), int(row[4])))
    return [
        _compare(tx, sorted(exons.get(acc, [])), sorted(cds.get(acc, [])))
        for acc, tx in wanted.items()
    ]


def _compare(
    tx: Transcript, exons: list[tuple[int, int]], cds: list[tuple[int, int]]
) -> ModelComparison:
    if not exons:
        return ModelComparison(tx.accession, False, ())
    differences = []
    pack = [(e.start, e.end) for e in tx.exons]
    if pack and pack != exons:
        for i, (ours, theirs) in enumerate(zip(pack, exons, strict=False), start=1):
            if ours != theirs:
                differences.append(
                    f"exon {i}: pack {ours[0]}-{ours[1]}, GFF3 {theirs[0]}-{theirs[1]}"
                )
        if len(pack) != len(exons):
            differences.append(f"{len(pack)} exons in the pack, {len(exons)} in the GFF3")
    elif not pack:
        differences.append(f"pack has no exon model; GFF3 has {len(exons)} exons")
    if tx.is_coding and cds:
        # RefSeq/GENCODE GFF3 CDS features include the stop codon, GTF-style
        # files leave it out: accept either
        start, end = cds[0][0], cds[-1][1]
        assert tx.cds_end is not None
        if start != tx.cds_start or end not in (tx.cds_end, tx.cds_end - 3):
            differences.append(
                f"CDS: pack {tx.cds_start}-{tx.cds_end} (stop included), GFF3 {start}-{end}"
            )
    return ModelComparison(tx.accession, True, tuple(differences))
