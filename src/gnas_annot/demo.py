"""``gnas-annot demo`` / ``make demo``: run on the bundled examples.

The examples are synthetic genotypes on published GNAS variants (ClinVar,
DoCM; see data/examples/README.md).  When NCBI is reachable the demo first
completes the pack with ``data fetch`` (and says so); offline it runs on the
bundled pack and tells which results need reference sequence.
"""

from __future__ import annotations

import sys
from pathlib import Path

import requests

from gnas_annot.builds import GenomeBuild
from gnas_annot.errors import GnasAnnotError
from gnas_annot.extract import Extractor
from gnas_annot.pack.files import data_dir
from gnas_annot.reference import cached_locus_fasta
from gnas_annot.vcf_writer import write_vcf

EXAMPLES = (("trio.GRCh38.vcf", GenomeBuild.GRCh38), ("tumour.GRCh37.vcf", GenomeBuild.GRCh37))


def _say(text: str = "") -> None:
    print(text, flush=True)


def _network_reachable() -> bool:
    from gnas_annot.pack.fetch import EUTILS_URL

    try:
        requests.head(EUTILS_URL, timeout=3)
    except requests.RequestException:
        return False
    return True


def _try_fetch() -> None:
    from gnas_annot.pack.fetch import EutilsClient, fetch_locus

    if all(cached_locus_fasta(b).is_file() for b in GenomeBuild):
        _say("Locus sequence already cached by an earlier `gnas-annot data fetch`.")
        return
    if not _network_reachable():
        _say("NCBI is not reachable: running offline on the bundled pack (coordinates only).")
        return
    _say("NCBI is reachable: running `gnas-annot data fetch` to cache the locus sequence ...")
    client = EutilsClient()
    for build in GenomeBuild:
        try:
            _say(f"  {build}: {fetch_locus(build, client)}")
        except GnasAnnotError as exc:
            _say(f"  {build}: fetch failed ({exc}); continuing offline")


def run_demo(out: Path, offline: bool = False) -> int:
    _say("gnas_annot demo: extract and normalize the GNAS records of the bundled examples.\n")
    if not offline:
        _try_fetch()
    out.mkdir(parents=True, exist_ok=True)
    examples = data_dir().joinpath("examples")
    for name, build in EXAMPLES:
        source = examples.joinpath(name)
        target = out / name.replace(".vcf", ".gnas.vcf.gz")
        with Extractor(str(source), build=build) as ex:
            items = list(ex.records())
            write_vcf(items, ex.source.header, target)
            has_reference = ex.reference is not None
        _say(f"\n{name} ({build}) -> {target}")
        _say(f"  {'source record':38} {'normalized allele':38} status")
        for item in items:
            for v in item.variants:
                src = f"{item.record.pos} {item.record.ref}>{','.join(item.record.alts or ())}"
                norm = f"{v.pos} {v.ref}>{v.alt}"
                _say(f"  {src[:38]:38} {norm[:38]:38} {v.status.value}")
        if not has_reference:
            _say(
                "  Without reference sequence, REF alleles are not checked and indels are "
                "trimmed but not left-aligned\n  (status reference_unavailable). Run "
                "`gnas-annot data fetch`, or pass --reference to `gnas-annot extract`."
            )
    _say(f"\nDone. Outputs are in {out}/ (bgzipped VCF + .tbi).")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_demo(Path("demo-out")))
