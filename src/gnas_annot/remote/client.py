"""Opt-in remote look-ups: one careful HTTP client, and the cross-checks built on it.

Nothing here runs unless the user asks (``gnas-annot data fetch``,
``gnas-annot data verify --remote``, ``gnas-annot hgvs --remote``).  Requests
carry accessions, coordinates and HGVS strings only — never a sample name or
a genotype — through :class:`~gnas_annot.remote.http.HttpClient` (timeouts, a
total deadline, a size cap, retries with backoff and an expiring on-disk cache).

* Ensembl REST ``/lookup/id/{ENST}?expand=1``: the exon model of each MANE
  transcript, compared with the pack's.
* VariantValidator ``/VariantValidator/variantvalidator/{build}/{hgvs}/{tx}``:
  the description VariantValidator gives, compared with ours.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from gnas_annot.errors import RemoteDataError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.remote.http import HttpClient as HttpClient  # re-exported: the public place

ENSEMBL_URL = {
    GenomeBuild.GRCh38: "https://rest.ensembl.org/",
    GenomeBuild.GRCh37: "https://grch37.rest.ensembl.org/",
}
ENSEMBL_ENV = "GNAS_ANNOT_ENSEMBL_URL"
VARIANTVALIDATOR_URL = "https://rest.variantvalidator.org/"
VARIANTVALIDATOR_ENV = "GNAS_ANNOT_VV_URL"


def _json(service: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise RemoteDataError(f"{service} answered with something that is not JSON") from exc

    return parse


# -- Ensembl: exon models ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ModelCheck:
    transcript: str
    ensembl: str
    build: GenomeBuild
    verdict: str  # match | differs | not_found
    detail: str = ""


def ensembl_client(build: GenomeBuild, **kwargs: Any) -> HttpClient:
    base = os.environ.get(ENSEMBL_ENV) or ENSEMBL_URL[build]
    return HttpClient("Ensembl REST", base, **kwargs)


def check_ensembl_models(build: GenomeBuild, client: HttpClient) -> list[ModelCheck]:
    """Compare every pack transcript that has an Ensembl ID with Ensembl's exons."""
    checks = []
    for tx in load_locus(build).transcripts:
        if not tx.ensembl or not tx.has_exon_model:
            continue
        stable_id = tx.ensembl.split(".")[0]
        parse = _json("Ensembl REST")
        text = client.get(
            f"lookup/id/{quote(stable_id)}",
            {"expand": "1"},
            headers={"Content-Type": "application/json"},
            validate=parse,
        )
        data = parse(text)
        exons = sorted((int(e["start"]), int(e["end"])) for e in data.get("Exon", []))
        if not exons:
            checks.append(
                ModelCheck(
                    tx.accession,
                    tx.ensembl,
                    build,
                    "not_found",
                    f"Ensembl returned no exons for {stable_id}",
                )
            )
            continue
        ours = [(e.start, e.end) for e in tx.exons]
        version = f"{stable_id}.{data['version']}" if "version" in data else stable_id
        if exons == ours:
            checks.append(ModelCheck(tx.accession, version, build, "match"))
        else:
            diffs = [
                f"exon {i}: pack {a[0]}-{a[1]}, Ensembl {b[0]}-{b[1]}"
                for i, (a, b) in enumerate(zip(ours, exons, strict=False), start=1)
                if a != b
            ]
            if len(ours) != len(exons):
                diffs.append(f"{len(ours)} exons in the pack, {len(exons)} in Ensembl")
            checks.append(ModelCheck(tx.accession, version, build, "differs", "; ".join(diffs)))
    return checks


# -- VariantValidator: HGVS cross-check ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class HgvsCheck:
    ours: str
    theirs: str | None
    agrees: bool
    field: str  # 'transcript' | 'genomic' | 'protein'


def variantvalidator_client(**kwargs: Any) -> HttpClient:
    base = os.environ.get(VARIANTVALIDATOR_ENV) or VARIANTVALIDATOR_URL
    return HttpClient("VariantValidator", base, **kwargs)


def _not_a_warning(text: str) -> bool:
    """VariantValidator's warnings (service trouble, a transcript it cannot map
    today) are asked again next time instead of being cached."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return False
    return not (isinstance(data, dict) and data.get("flag") == "warning")


def check_with_variantvalidator(
    description: str,
    build: GenomeBuild,
    transcripts: Mapping[str, str],
    genomic: str | None,
    client: HttpClient,
) -> list[HgvsCheck]:
    """Ask VariantValidator about ``description`` and compare its answers with ours.

    ``transcripts`` maps accession -> our c./n. description; ``genomic`` is our g.
    """
    parse = _json("VariantValidator")
    select = "|".join(transcripts) or "mane_select"
    path = (
        f"VariantValidator/variantvalidator/{build}/{quote(description, safe='')}/"
        f"{quote(select, safe='')}"
    )
    data = parse(
        client.get(
            path,
            {"content-type": "application/json"},
            validate=parse,
            cacheable=_not_a_warning,
        )
    )
    checks: list[HgvsCheck] = []
    for record in data.values():
        if not isinstance(record, dict) or "hgvs_transcript_variant" not in record:
            continue
        theirs = record["hgvs_transcript_variant"]
        accession = theirs.split(":")[0]
        if accession in transcripts:
            checks.append(
                HgvsCheck(
                    transcripts[accession], theirs, transcripts[accession] == theirs, "transcript"
                )
            )
        loci = record.get("primary_assembly_loci", {}).get(str(build).lower(), {})
        their_g = loci.get("hgvs_genomic_description")
        if genomic and their_g:
            checks.append(HgvsCheck(genomic, their_g, genomic == their_g, "genomic"))
    if not checks:
        raise RemoteDataError(
            f"VariantValidator gave no description of {description} on "
            f"{', '.join(transcripts) or 'the MANE transcript'}"
        )
    return checks
