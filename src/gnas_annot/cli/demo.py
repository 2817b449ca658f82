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

from gnas_annot.annotate.pipeline import AnnotationRun
from gnas_annot.errors import GnasAnnotError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.output.tables import write_tsv
from gnas_annot.pack.files import data_dir
from gnas_annot.seq.reference import cached_locus_fasta

EXAMPLES = (("trio.GRCh38.vcf", GenomeBuild.GRCh38), ("tumour.GRCh37.vcf", GenomeBuild.GRCh37))


def _say(text: str = "") -> None:
    print(text, flush=True)


def _network_reachable() -> bool:
    from gnas_annot.remote.fetch import EUTILS_URL

    try:
        requests.head(EUTILS_URL, timeout=3)
    except requests.RequestException:
        return False
    return True


def _try_fetch() -> None:
    from gnas_annot.remote.fetch import EutilsClient, fetch_locus

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
    _say(
        "gnas_annot demo: annotate the bundled examples (synthetic genotypes on published "
        "GNAS variants).\n"
    )
    if not offline:
        _try_fetch()
    out.mkdir(parents=True, exist_ok=True)
    examples = data_dir().joinpath("examples")
    for name, build in EXAMPLES:
        source = str(examples.joinpath(name))
        ped = str(examples.joinpath("trio.ped")) if name.startswith("trio") else None
        target = out / name.replace(".vcf", ".annotated.tsv")
        with AnnotationRun(source, ped=ped, build=build) as run:
            annotated = list(run)
            has_reference = run.extractor.reference is not None
        write_tsv(annotated, target)
        _say(f"\n{name} ({build}) -> {target}")
        _say(
            f"  {'allele':24} {'NM_000516.7 (Gs-alpha)':24} {'protein':22} {'PVS1':14} "
            f"{'origin':17} reading"
        )
        for a in annotated:
            v = a.variant
            gs = a.transcript("NM_000516.7")
            lof = a.lof_on("NM_000516.7")
            carrier = next((s for s in a.samples if s.interpretation is not None), None)
            c = (
                gs.hgvs.c_or_n
                if gs and gs.hgvs and gs.hgvs.c_or_n
                else (gs.most_severe if gs else v.status.value)
            )
            p = gs.hgvs.protein.split(":")[-1] if gs and gs.hgvs and gs.hgvs.protein else ""
            pvs1 = f"{lof.pvs1_criterion} {lof.pvs1_strength.value}" if lof and lof.is_lof else ""
            origin = f"{carrier.sample}:{carrier.origin}" if carrier else ""
            reading = carrier.interpretation.summary if carrier and carrier.interpretation else ""
            _say(
                f"  {v.pos} {v.ref[:6]}>{v.alt[:6]:13} {c[:24]:24} {p[:22]:22} {pvs1:14} "
                f"{origin[:17]:17} {reading}"
            )
        if not has_reference:
            _say(
                "  No reference sequence: REF alleles are unchecked, indels keep their input "
                "position and get no HGVS\n  name (the 3' rule needs sequence), and protein "
                "consequences are not predicted. Run\n  `gnas-annot data fetch` or pass "
                "--reference FASTA to `gnas-annot annotate` for the full result."
            )
    _say(
        f"\nDone. Outputs are in {out}/ (TSV; `gnas-annot annotate -o x.vcf.gz` writes VCF). "
        "Evidence for interpretation, not a diagnosis."
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_demo(Path("demo-out")))
