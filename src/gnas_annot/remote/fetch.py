"""``gnas-annot data fetch``: opt-in download of the locus sequence and the
RefSeq transcript sequences from NCBI E-utilities.

Only accessions and coordinates leave the machine (never a sample name or a
genotype).  Every response is cached on disk, so a second run is offline.
The download is checked before anything is installed: each exon model,
spliced out of the downloaded genome, must reproduce the RefSeq mRNA (or
differ only in its UTR ends); a download that fails is refused (exit 9).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from gnas_annot.errors import RemoteDataError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import Transcript
from gnas_annot.pack.locus import load_locus
from gnas_annot.pack.locus_fasta import write_partial_fasta
from gnas_annot.remote.client import HttpClient
from gnas_annot.seq.codons import reverse_complement
from gnas_annot.seq.reference import cached_locus_fasta

EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
EUTILS_ENV = "GNAS_ANNOT_EUTILS_URL"


@dataclass(frozen=True, slots=True)
class TranscriptCheck:
    accession: str
    build: GenomeBuild
    verdict: str  # match | utr_ends_differ | sequence_differs | no_exon_model
    detail: str = ""


class EutilsClient:
    """NCBI E-utilities efetch over :class:`~gnas_annot.remote.client.HttpClient`."""

    def __init__(
        self,
        base_url: str | None = None,
        cache: Path | None = None,
        email: str | None = None,
        refresh: bool = False,
        backoff: float = 1.0,
    ) -> None:
        base = base_url or os.environ.get(EUTILS_ENV) or EUTILS_URL
        self.http = HttpClient(
            "NCBI E-utilities", base, cache=cache, refresh=refresh, backoff=backoff
        )
        self.email = email

    def efetch_fasta(
        self, accession: str, start: int | None = None, stop: int | None = None
    ) -> str:
        params = {
            "db": "nuccore",
            "id": accession,
            "rettype": "fasta",
            "retmode": "text",
            "tool": "gnas_annot",
        }
        if start is not None and stop is not None:
            params.update(seq_start=str(start), seq_stop=str(stop), strand="1")
        if self.email:
            params["email"] = self.email
        text = self.http.get(
            "efetch.fcgi",
            params,
            validate=lambda t: _parse_fasta(t, accession),
            cache_ignore=("email",),
        )
        return _parse_fasta(text, accession)


def _parse_fasta(text: str, accession: str) -> str:
    lines = text.strip().splitlines()
    if not lines or not lines[0].startswith(">"):
        raise RemoteDataError(f"E-utilities returned no FASTA for {accession}: {text[:120]!r}")
    sequence = "".join(line.strip() for line in lines[1:]).upper()
    if not sequence or set(sequence) - set("ACGTNRYKMSWBDHV"):
        raise RemoteDataError(f"E-utilities returned an invalid sequence for {accession}")
    return sequence


@dataclass(frozen=True, slots=True)
class LocusDownload:
    """The downloaded locus of one build and the pack's transcripts checked against it."""

    build: GenomeBuild
    start: int
    sequence: str
    checks: tuple[TranscriptCheck, ...]

    @property
    def failed(self) -> tuple[TranscriptCheck, ...]:
        return tuple(c for c in self.checks if c.verdict not in ACCEPTED)


#: verdicts that let a download be installed (UTR ends may legitimately differ)
ACCEPTED = frozenset({"match", "utr_ends_differ", "no_exon_model"})


def download_locus(build: GenomeBuild, client: EutilsClient) -> LocusDownload:
    """Download the GNAS+STX16 region of ``build`` and check every pack model
    against it (nothing is written yet)."""
    region = load_locus(build).extraction_region("gnas+stx16")
    sequence = client.efetch_fasta(build.refseq_accession, region.start, region.end)
    if len(sequence) != len(region):
        raise RemoteDataError(
            f"{build.refseq_accession}:{region.start}-{region.end}: expected {len(region)} "
            f"bases, got {len(sequence)}; nothing installed"
        )
    checks = check_transcripts(build, client, sequence, region.start)
    return LocusDownload(build, region.start, sequence, tuple(checks))


def install_locus(download: LocusDownload) -> Path:
    """Write a download that passed its checks into the reference cache.

    A download whose transcripts do not reproduce their RefSeq sequence is
    refused (exit 9) and nothing is written: installed, it would make every
    later ``hgvs`` and ``extract`` blame the user's correct input.
    """
    if download.failed:
        shown = "; ".join(f"{c.accession} {c.verdict} ({c.detail})" for c in download.failed[:3])
        more = f" and {len(download.failed) - 3} more" if len(download.failed) > 3 else ""
        raise RemoteDataError(
            f"the downloaded {download.build} locus fails the transcript checks: {shown}{more}; "
            "nothing installed (retry later with --refresh, or use `data build --fasta`)"
        )
    build = download.build
    return write_partial_fasta(
        cached_locus_fasta(build),
        "chr20",
        build.chr20_length,
        {download.start: download.sequence},
        description=f"GNAS locus {download.start}-{download.start + len(download.sequence) - 1} "
        f"of {build} from NCBI {build.refseq_accession}",
    )


def fetch_locus(build: GenomeBuild, client: EutilsClient) -> Path:
    """Download the GNAS+STX16 region of ``build``, check it, and install it
    into the reference cache (:class:`RemoteDataError` and nothing installed
    if a check fails)."""
    return install_locus(download_locus(build, client))


def spliced(tx: Transcript, genome: str, offset: int) -> str:
    """The transcript's exonic sequence from ``genome`` (which starts at ``offset``)."""
    parts = [genome[e.start - offset : e.end - offset + 1] for e in tx.exons]
    seq = "".join(parts)
    if tx.strand < 0:
        seq = reverse_complement(seq)
    return seq


def check_transcripts(
    build: GenomeBuild, client: EutilsClient, genome: str, offset: int
) -> list[TranscriptCheck]:
    """Compare every pack model with its RefSeq mRNA/ncRNA sequence."""
    checks = []
    for tx in load_locus(build).transcripts:
        if not tx.has_exon_model:
            checks.append(TranscriptCheck(tx.accession, build, "no_exon_model"))
            continue
        rna = client.efetch_fasta(tx.accession)
        checks.append(_compare_sequences(tx, build, rna, spliced(tx, genome, offset)))
    return checks


def _compare_sequences(tx: Transcript, build: GenomeBuild, rna: str, ours: str) -> TranscriptCheck:
    if rna == ours:
        return TranscriptCheck(tx.accession, build, "match")
    where = rna.find(ours)
    if where >= 0:
        # every exon junction agrees; only the transcript ends (UTR) differ
        return TranscriptCheck(
            tx.accession,
            build,
            "utr_ends_differ",
            f"model ({len(ours)} nt) lies inside RefSeq ({len(rna)} nt) at offset {where}",
        )
    if len(rna) == len(ours):
        diffs = [i + 1 for i, (a, b) in enumerate(zip(rna, ours, strict=True)) if a != b]
        detail = f"{len(diffs)} bases differ, first at transcript position {diffs[0]}"
    else:
        detail = f"RefSeq {len(rna)} nt, model {len(ours)} nt, and not contained"
    return TranscriptCheck(tx.accession, build, "sequence_differs", detail)
