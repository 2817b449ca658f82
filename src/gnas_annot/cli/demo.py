"""``gnas-annot demo`` / ``make demo``: run on the bundled examples.

The examples are synthetic genotypes on published GNAS variants (ClinVar,
DoCM; see data/examples/README.md).  Offline by default, like every command:
it runs on the bundled pack and tells which results need reference sequence.
With ``--online`` it first completes the pack with ``data fetch`` (NCBI).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import requests

from gnas_annot.annotate.results import AnnotatedVariant
from gnas_annot.annotate.run import AnnotationRun
from gnas_annot.errors import GnasAnnotError, OutputError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.origin.pedigree import Pedigree
from gnas_annot.output.provenance import Provenance
from gnas_annot.output.report import write_family_reports
from gnas_annot.output.tables import write_tsv
from gnas_annot.pack.files import data_dir
from gnas_annot.pack.store import load_pack
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


def run_demo(out: Path, offline: bool = True) -> int:
    _say(
        "gnas_annot demo: annotate the bundled examples (synthetic genotypes on published "
        "GNAS variants).\n"
    )
    if not offline:
        _try_fetch()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the demo output folder {out}: {exc.strerror}") from exc
    examples = data_dir().joinpath("examples")
    for name, build in EXAMPLES:
        source = str(examples.joinpath(name))
        ped = str(examples.joinpath("trio.ped")) if name.startswith("trio") else None
        target = out / name.replace(".vcf", ".annotated.tsv")
        with AnnotationRun(source, ped=ped, build=build) as run:
            annotated = list(run)
            reference = run.extractor.reference
        provenance = Provenance.of_run(
            ["demo", "--out", str(out)], build, reference.path if reference else None
        )
        write_tsv(annotated, target, provenance)
        _say(f"\n{name} ({build}) -> {target}")
        if ped is not None:
            page = out / "family.html"
            write_family_reports(
                annotated,
                Pedigree.read(ped),
                run.extractor.source.samples,
                page,
                provenance=tuple(provenance.as_dict().items()),
            )
            _say(f"  family report (pedigree, parent of origin, Gs-alpha plot) -> {page}")
        header = (
            "allele",
            f"{load_pack().reference_accession} (Gs-alpha)",
            "protein",
            "PVS1",
            "origin",
            "reading",
        )
        table = [header, *(_row(a, provisional=reference is None) for a in annotated)]
        for line in aligned(table):
            _say("  " + line)
        if reference is None:
            _say(
                "  No reference sequence: REF alleles are unchecked, indels keep their input "
                "position and get no HGVS\n  name (the 3' rule needs sequence), and protein "
                "consequences are not predicted."
            )
            if any(row[3].endswith("*") for row in table):
                _say(
                    "  * PVS1 is provisional without it and may change with the reference "
                    "(c.565_568del: NF6 Moderate\n    here, NF1 VeryStrong with it)."
                )
            _say(
                "  Run `gnas-annot data fetch` or pass --reference FASTA to `gnas-annot "
                "annotate` for the full result."
            )
    _say(
        f"\nDone. Outputs are in {out}/ (TSV; `gnas-annot annotate -o x.vcf.gz` writes VCF). "
        "Evidence for interpretation, not a diagnosis."
    )
    return 0


_LONG_ALLELE = 12


def _allele(text: str) -> str:
    """Long alleles by length (the full sequence is in the TSV), not cut mid-base."""
    return text if len(text) <= _LONG_ALLELE else f"{text[:3]}...({len(text)} bp)"


def _row(a: AnnotatedVariant, provisional: bool) -> tuple[str, ...]:
    v = a.variant
    reference = load_pack().reference_accession
    gs = a.transcript(reference)
    lof = a.lof_on(reference)
    carrier = next((s for s in a.samples if s.interpretation is not None), None)
    if gs is None:
        c = f"not on this transcript ({v.status.value})"
    else:
        c = gs.hgvs.c_or_n if gs.hgvs and gs.hgvs.c_or_n else f"{gs.most_severe} (no name)"
    p = gs.hgvs.protein.split(":")[-1] if gs and gs.hgvs and gs.hgvs.protein else "-"
    pvs1 = "-"
    if lof and lof.is_lof:
        pvs1 = f"{lof.pvs1_criterion} {lof.pvs1_strength.value}" + ("*" if provisional else "")
    if carrier is not None and carrier.interpretation is not None:
        origin = f"{carrier.sample}:{carrier.origin}"
        reading = carrier.interpretation.summary
    elif a.samples:  # a child with an origin call who does not carry this allele
        first = a.samples[0]
        origin = f"{first.sample}:{first.origin}"
        reading = (
            f"no reading: {first.sample} does not carry this ALT "
            f"(GT {first.genotype}; this is ALT {v.allele_index})"
        )
    else:
        origin, reading = "-", "no reading: no sample carries this allele"
    return (f"{v.pos} {_allele(v.ref)}>{_allele(v.alt)}", c, p, pvs1, origin, reading)


def aligned(table: list[tuple[str, ...]]) -> list[str]:
    """Columns padded to their widest cell (the last one is not padded)."""
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]) - 1)]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
        for row in table
    ]


def configure_parser(demo: argparse.ArgumentParser) -> None:
    demo.add_argument("--out", default="demo-out", help="output directory (default demo-out)")
    mode = demo.add_mutually_exclusive_group()
    mode.add_argument(
        "--online",
        action="store_true",
        help="first complete the pack with `data fetch` (network: NCBI); default: offline",
    )
    mode.add_argument(
        "--offline", action="store_true", help="no network (the default; kept for scripts)"
    )
    demo.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    return run_demo(Path(args.out), offline=not args.online)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_demo(Path("demo-out")))
