"""``gnas-annot extract``: the normalized GNAS records of a VCF/BCF."""

from __future__ import annotations

import argparse
import collections
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from gnas_annot.cli.options import add_reference_options
from gnas_annot.cli.progress import Progress, add_verbosity_options
from gnas_annot.model.locus import EXTRACTION_REGIONS
from gnas_annot.output.kinds import VCF_TYPES, delivered, output_type, type_choices

if TYPE_CHECKING:
    from gnas_annot.extract.extractor import ExtractedRecord


def configure_parser(ex: argparse.ArgumentParser) -> None:
    ex.description = (
        "Extract every record touching the GNAS region, split multiallelic "
        "records and left-align/trim alleles as `bcftools norm -m -any -f REF` does."
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
    add_reference_options(ex)
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
    ex.set_defaults(func=run_extract)


def run_extract(args: argparse.Namespace) -> int:
    from gnas_annot.extract.extractor import Extractor
    from gnas_annot.model.variant import VariantStatus
    from gnas_annot.output.normalized_vcf import write_vcf
    from gnas_annot.output.provenance import Provenance

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
