"""The ``gnas-annot`` command.

Errors from :mod:`gnas_annot.errors` end the run with a one-line message on
stderr and the exit code of their class (``gnas-annot --exit-codes`` lists
them); nothing is written to the output path unless the run succeeds.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from gnas_annot import __version__
from gnas_annot.cli.guards import (
    WRITE_ERRORS,
    ClosedStream,
    guard_standard_streams,
    internal_error,
    show_warning,
)
from gnas_annot.cli.origin import add_origin_options
from gnas_annot.cli.paths import check_paths
from gnas_annot.cli.progress import Progress, add_verbosity_options
from gnas_annot.errors import (
    EXIT_CODES,
    GnasAnnotError,
    OutputError,
)
from gnas_annot.extract.extractor import ExtractedRecord, Extractor
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.locus import EXTRACTION_REGIONS
from gnas_annot.model.variant import VariantStatus
from gnas_annot.output.kinds import VCF_TYPES, delivered, output_type, type_choices
from gnas_annot.output.normalized_vcf import write_vcf
from gnas_annot.output.provenance import Provenance
from gnas_annot.pack import files
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import REFERENCE_ENV, cached_locus_fasta


def _build_arg(text: str) -> GenomeBuild:
    try:
        return GenomeBuild.parse(text)
    except GnasAnnotError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gnas-annot",
        description="Annotate variants at the imprinted GNAS locus (chr20q13.32).",
        epilog="Exit codes: " + "; ".join(f"{k} {v}" for k, v in EXIT_CODES.items()),
    )
    parser.add_argument("--version", action="version", version=f"gnas-annot {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ex = sub.add_parser(
        "extract",
        help="write the normalized GNAS records of a VCF/BCF",
        description="Extract every record touching the GNAS region, split multiallelic "
        "records and left-align/trim alleles as `bcftools norm -m -any -f REF` does.",
    )
    ex.add_argument("input", help="VCF, VCF.gz or BCF ('-' for stdin)")
    ex.add_argument(
        "-o",
        "--output",
        default="-",
        help="output .vcf, .vcf.gz (bgzipped + .tbi) or .bcf (+ .csi); default stdout",
    )
    ex.add_argument(
        "-O",
        "--output-type",
        choices=type_choices(VCF_TYPES),
        metavar="TYPE",
        help="write this type whatever the name: " + ", ".join(type_choices(VCF_TYPES)),
    )
    _add_reference_options(ex)
    ex.add_argument(
        "--region",
        choices=EXTRACTION_REGIONS,
        default="gnas",
        help="gnas: GNAS, GNAS-AS1 and DMRs +5 kb; gnas+stx16: from STX16 on",
    )
    ex.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first REF that disagrees with the reference",
    )
    add_verbosity_options(ex)
    ex.set_defaults(func=_cmd_extract)

    data = sub.add_parser("data", help="show, verify, fetch or build the GNAS data pack")
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
        type=_build_arg,
        default=GenomeBuild.GRCh38,
        help="build for --remote (default GRCh38; Ensembl's GRCh37 site carries older "
        "transcript versions)",
    )
    verify.set_defaults(func=_cmd_data_verify)
    fetch = dsub.add_parser(
        "fetch", help="download locus and transcript sequence from NCBI (network, opt-in)"
    )
    fetch.add_argument(
        "--build", type=_build_arg, action="append", help="build(s) to fetch (default: both)"
    )
    fetch.add_argument("--email", help="contact address NCBI asks E-utilities users to send")
    fetch.add_argument("--refresh", action="store_true", help="ignore the on-disk cache")
    fetch.set_defaults(func=_cmd_data_fetch)
    build = dsub.add_parser("build", help="cache the locus sequence from your FASTA (offline)")
    build.add_argument("--fasta", required=True, help="indexed FASTA of GRCh38 or GRCh37")
    build.add_argument("--gff3", help="RefSeq/Ensembl GFF3 to compare the transcript models with")
    build.add_argument("--build", type=_build_arg, help="needed only if chr20 length is unusual")
    build.set_defaults(func=_cmd_data_build)
    manifest = dsub.add_parser("manifest", help="(maintainers) recompute pack checksums")
    manifest.add_argument("--write", action="store_true", required=True)
    manifest.add_argument("--pack-version", default=None)
    manifest.set_defaults(func=_cmd_data_manifest)

    hg = sub.add_parser(
        "hgvs",
        help="all equivalent HGVS descriptions of a variant (g. both builds, c./n./p.)",
        description="Give an HGVS description (g., c. or n.; legacy forms accepted) or, with "
        "--vcf, a VCF-style allele; prints the 3'-shifted description on every GNAS "
        "transcript, g. on both builds and the left-aligned VCF allele.",
    )
    hg.add_argument("description", nargs="?", help="e.g. 'NM_000516.7:c.565_568del'")
    hg.add_argument("--vcf", metavar="CHROM:POS:REF:ALT", help="e.g. 20:58909193:GCTGA:G")
    hg.add_argument(
        "--batch",
        metavar="FILE",
        help="one description per line ('-' for stdin): one TSV row (or, with --json, one "
        "JSON line) per line; a line in error is reported on its row and the batch goes on "
        "(exit 12 if any line failed)",
    )
    _add_reference_options(hg)
    hg.add_argument("--json", action="store_true", help="print JSON")
    hg.add_argument("--one-letter", action="store_true", help="one-letter amino-acid codes")
    hg.add_argument(
        "--remote",
        action="store_true",
        help="cross-check with VariantValidator (network; sends only the HGVS text)",
    )
    hg.add_argument(
        "--refresh",
        action="store_true",
        help="with --remote: ask again instead of using a cached answer (they expire after 7 days)",
    )
    hg.set_defaults(func=_cmd_hgvs)

    og = sub.add_parser(
        "origin",
        help="parent of origin of every GNAS allele each child carries (evidence, not diagnosis)",
        description="One row per child and ALT allele: paternal, maternal, de_novo_unphased, "
        "ambiguous, unknown or not_applicable, from trio genotypes, phased genotypes "
        "(GT|PS, HP), read-backed phasing of de novo alleles (--bam) and allele fractions.",
    )
    og.add_argument("input", help="VCF, VCF.gz or BCF with the child's and parents' genotypes")
    _add_reference_options(og)
    add_origin_options(og)
    og.add_argument("--json", action="store_true", help="print JSON (with all evidence)")
    og.add_argument(
        "--strict",
        action="store_true",
        help="a PED sample absent from the VCF is an error (default: warn and go on)",
    )
    og.set_defaults(func=_cmd_origin)

    from gnas_annot.cli.annotate import add_annotate_parser

    add_annotate_parser(sub, _add_reference_options)
    from gnas_annot.cli.many import add_many_parser

    add_many_parser(sub, _add_reference_options)

    from gnas_annot.cli.report import add_report_parser

    add_report_parser(sub, _add_reference_options)

    from gnas_annot.cli.methylation import add_methylation_parser

    add_methylation_parser(sub, _build_arg)

    from gnas_annot.cli.cnv import add_cnv_parser
    from gnas_annot.cli.upd import add_upd_parser

    add_cnv_parser(sub, _build_arg)
    add_upd_parser(sub, _build_arg)

    demo = sub.add_parser("demo", help="run on the bundled trio example")
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
    demo.set_defaults(func=_cmd_demo)
    return parser


def _add_reference_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reference",
        metavar="FA",
        help=f"indexed FASTA of the input's build (else ${REFERENCE_ENV}, "
        "else the `data fetch`/`data build` cache)",
    )
    parser.add_argument(
        "--build",
        type=_build_arg,
        help="GRCh38 or GRCh37; must agree with the header when it names one",
    )


def _cmd_extract(args: argparse.Namespace) -> int:
    kind = output_type(args.output, args.output_type, VCF_TYPES)
    counts: collections.Counter[str] = collections.Counter()
    records = 0
    with Extractor(
        args.input,
        reference=args.reference,
        build=args.build,
        region=args.region,
        strict=args.strict,
    ) as extractor:
        progress = Progress(
            "gnas-annot extract",
            quiet=args.quiet,
            verbose=args.verbose,
            bytes_read=lambda: extractor.source.bytes_read,
            unit="records",
        )

        def counted() -> Iterator[ExtractedRecord]:
            nonlocal records
            for item in progress.wrap(extractor.records(), _describe_record):
                records += 1
                counts.update(v.status.value for v in item.variants)
                yield item

        reference = extractor.reference.path if extractor.reference else None
        extra = Provenance.of_run(
            args.argv, extractor.build, reference, f"{args.region}:{extractor.region}"
        ).header_lines()
        # htslib declares the INFO/FORMAT/FILTER keys and contigs a header lacks
        # as it parses records that use them: read the region's records first,
        # so the output header declares them too
        items = list(counted())
        header = items[-1].record.header if items else extractor.source.header
        with delivered(args.output, kind) as target:
            written = write_vcf(items, header, target, extra)
        if not args.quiet:
            how = "index" if extractor.source.indexed else "streaming scan"
            print(
                f"gnas-annot extract: {extractor.build}, region {extractor.region} ({how}); "
                f"reference: {reference or 'none'}\n  {records} records in region -> "
                f"{written} alleles written: "
                + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())),
                file=sys.stderr,
            )
            if counts.get(VariantStatus.REFERENCE_UNAVAILABLE.value):
                print(
                    "  note: alleles with reference_unavailable were trimmed but not "
                    "left-aligned; pass --reference to normalize them",
                    file=sys.stderr,
                )
    return 0


def _describe_record(item: ExtractedRecord) -> str:
    r = item.record
    alleles = ", ".join(f"{v.alt} {v.status.value}" for v in item.variants)
    return f"{r.contig}:{r.pos} {r.ref}: {alleles}"


def _cmd_hgvs(args: argparse.Namespace) -> int:
    from gnas_annot.cli.hgvs import run_hgvs

    return run_hgvs(args)


def _cmd_origin(args: argparse.Namespace) -> int:
    from gnas_annot.cli.origin import run_origin

    return run_origin(args)


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


def _cmd_demo(args: argparse.Namespace) -> int:
    from gnas_annot.cli.demo import run_demo

    return run_demo(Path(args.out), offline=not args.online)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    guard_standard_streams()
    parser = _parser()
    args = parser.parse_args(argv)
    args.argv = argv
    if args.command == "origin" and not (args.ped or args.trio or args.methylation):
        parser.error("origin needs --ped, --trio or --methylation")  # exit 2
    try:
        with warnings.catch_warnings():
            warnings.showwarning = show_warning
            check_paths(args)
            code = int(args.func(args))
            sys.stdout.flush()  # a full disk shows here, not after we have exited 0
            return code
    except BrokenPipeError:  # the reader went away (`| head`): not an error
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        if exc.errno not in WRITE_ERRORS:
            return internal_error(exc, args.debug)
        # stdout on a full disk (/dev/full): the output could not be written
        sys.stdout = ClosedStream(OutputError("standard output failed"))
        print(f"gnas-annot: error: cannot write the output: {exc.strerror}", file=sys.stderr)
        return OutputError.exit_code
    except GnasAnnotError as exc:
        print(f"gnas-annot: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("gnas-annot: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        return internal_error(exc, args.debug)
