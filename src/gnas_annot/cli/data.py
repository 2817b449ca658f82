"""``gnas-annot data``: show, verify, fetch or build the GNAS data pack."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gnas_annot import __version__
from gnas_annot.cli.options import build_arg
from gnas_annot.errors import GnasAnnotError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack import files
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import cached_locus_fasta


def configure_parser(data: argparse.ArgumentParser) -> None:
    dsub = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    dsub.add_parser("show", help="list transcripts and regions").set_defaults(func=_cmd_data_show)
    verify = dsub.add_parser(
        "verify", help="check the pack's checksums and consistency; print versions"
    )
    verify.add_argument(
        "--remote",
        action="store_true",
        help="also compare the MANE exon models with Ensembl REST (network)",
    )
    verify.add_argument(
        "--build",
        type=build_arg,
        default=GenomeBuild.GRCh38,
        help="build for --remote (default GRCh38; Ensembl's GRCh37 site carries older "
        "transcript versions)",
    )
    verify.set_defaults(func=_cmd_data_verify)
    fetch = dsub.add_parser(
        "fetch", help="download locus and transcript sequence from NCBI (network, opt-in)"
    )
    fetch.add_argument(
        "--build", type=build_arg, action="append", help="build(s) to fetch (default: both)"
    )
    fetch.add_argument("--email", help="contact address NCBI asks E-utilities users to send")
    fetch.add_argument("--refresh", action="store_true", help="ignore the on-disk cache")
    fetch.set_defaults(func=_cmd_data_fetch)
    build = dsub.add_parser("build", help="cache the locus sequence from your FASTA (offline)")
    build.add_argument("--fasta", required=True, help="indexed FASTA of GRCh38 or GRCh37")
    build.add_argument("--gff3", help="RefSeq/Ensembl GFF3 to compare the transcript models with")
    build.add_argument("--build", type=build_arg, help="needed only if chr20 length is unusual")
    build.set_defaults(func=_cmd_data_build)
    manifest = dsub.add_parser("manifest", help="(maintainers) recompute pack checksums")
    manifest.add_argument("--write", action="store_true", required=True)
    manifest.add_argument("--pack-version", default=None)
    manifest.set_defaults(func=_cmd_data_manifest)


def _cmd_data_show(args: argparse.Namespace) -> int:
    for build in GenomeBuild:
        locus = load_locus(build)
        print(
            f"# {build}: extraction region gnas = {locus.extraction_region('gnas')}, "
            f"gnas+stx16 = {locus.extraction_region('gnas+stx16')}"
        )
        for tx in locus.transcripts:
            cds = f"CDS {tx.cds_start}-{tx.cds_end}" if tx.is_coding else "non-coding"
            exons = f"{len(tx.exons)} exons" if tx.exons else "exons unknown"
            print(
                f"{tx.accession:16} {tx.product:32} {tx.strand:+d} {tx.start}-{tx.end} "
                f"{exons:13} {cds:24} {tx.evidence}"
            )
        for region in locus.regions:
            print(f"{region.name:16} {region.kind:6} {region.interval}  {region.evidence}")
    return 0


def _cmd_data_verify(args: argparse.Namespace) -> int:
    manifest = files.read_manifest()
    checked = files.verify_checksums()
    for build in GenomeBuild:
        load_locus(build)  # validates the models; raises on any inconsistency
    print(
        f"gnas-annot {__version__}, data pack {manifest.get('pack_version')} at {files.data_dir()}"
    )
    for name, digest in checked.items():
        print(f"  ok  sha256:{digest[:16]}  {name}")
    for build in GenomeBuild:
        locus = load_locus(build)
        print(
            f"  ok  {build}: {len(locus.transcripts)} transcripts, {len(locus.regions)} "
            "regions validated"
        )
        cached = cached_locus_fasta(build)
        print(f"      locus sequence cache: {cached if cached.is_file() else 'none'}")
    if args.remote:
        from gnas_annot.remote.client import check_ensembl_models, ensembl_client  # network: opt-in

        differing = 0
        for check in check_ensembl_models(args.build, ensembl_client(args.build)):
            differing += check.verdict != "match"
            print(
                f"  {check.verdict:9} {args.build} {check.transcript} = {check.ensembl} "
                f"(Ensembl REST) {check.detail}".rstrip()
            )
        if differing:
            print(f"  {differing} model(s) differ from Ensembl: see above", file=sys.stderr)
            return 8
    return 0


def _cmd_data_fetch(args: argparse.Namespace) -> int:
    from gnas_annot.remote.fetch import EutilsClient, download_locus, install_locus

    client = EutilsClient(email=args.email, refresh=args.refresh)
    for build in args.build or list(GenomeBuild):
        print(f"fetching the {build} GNAS locus from NCBI E-utilities ...", file=sys.stderr)
        download = download_locus(build, client)  # checked before anything is installed
        for check in download.checks:
            print(f"  {check.accession:16} {check.verdict:17} {check.detail}")
        print(f"  cached {install_locus(download)}", file=sys.stderr)
    return 0


def _cmd_data_build(args: argparse.Namespace) -> int:
    from gnas_annot.pack.build import compare_gff3, cut_locus

    path = cut_locus(args.fasta, args.build)
    build = args.build or _build_of(path)
    print(f"cached the {build} GNAS locus from {args.fasta} in {path}")
    if args.gff3:
        for cmp in compare_gff3(args.gff3, build):
            verdict = "match" if cmp.matches else ("absent" if not cmp.found else "differs")
            print(f"  {cmp.accession:16} {verdict}")
            for line in cmp.differences:
                print(f"      {line}")
    return 0


def _build_of(path: Path) -> GenomeBuild:
    from gnas_annot.seq.reference import ReferenceGenome

    with ReferenceGenome(path) as ref:
        assert ref.build is not None
        return ref.build


def _cmd_data_manifest(args: argparse.Namespace) -> int:
    directory = files.data_dir()
    if not isinstance(directory, Path):
        raise GnasAnnotError("the manifest can only be rewritten in a source checkout")
    version = args.pack_version or str(files.read_manifest().get("pack_version"))
    files.write_manifest(directory, version)
    print(f"wrote {directory / files.MANIFEST} (pack {version})")
    return 0
