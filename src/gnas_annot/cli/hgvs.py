"""``gnas-annot hgvs``: every equivalent description of one variant."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from gnas_annot.cli.options import add_reference_options
from gnas_annot.errors import (
    BuildMismatchError,
    HgvsRangeError,
    HgvsReferenceMismatchError,
    HgvsSyntaxError,
    ReferenceUnavailableError,
    UsageError,
)
from gnas_annot.model.builds import CHR20_NAMES, GenomeBuild, build_from_accession
from gnas_annot.naming.names import HgvsNamer, VariantHgvs
from gnas_annot.naming.parse import GenomicAllele, parse_hgvs
from gnas_annot.seq.reference import ReferenceGenome, resolve_reference


def _references(args: argparse.Namespace) -> dict[GenomeBuild, ReferenceGenome]:
    """The given --reference for its build, and the cached locus of any build."""
    found: dict[GenomeBuild, ReferenceGenome] = {}
    if args.reference:
        ref = ReferenceGenome(args.reference, args.build)
        if ref.build is not None:
            found[ref.build] = ref
    for build in GenomeBuild:
        if build not in found:
            cached = resolve_reference(None, build) if not args.reference else None
            if cached is not None and cached.build is build:
                found[build] = cached
    return found


def _from_vcf(
    text: str,
    build: GenomeBuild | None,
    references: dict[GenomeBuild, ReferenceGenome],
    given: GenomeBuild | None = None,
) -> GenomicAllele:
    """A CHROM:POS:REF:ALT allele, checked as a parsed description is: a position
    on chr20, sequence alleles that change something, REF as the reference has it."""
    parts = text.split(":")
    if len(parts) != 4 or parts[0] not in CHR20_NAMES or not parts[1].isdigit():
        raise HgvsSyntaxError(
            f"--vcf {text!r}: expected CHROM:POS:REF:ALT on chromosome 20, e.g. 20:58909193:GCTGA:G"
        )
    named = build_from_accession(parts[0])  # NC_000020.11/.10 name their build
    for source, stated in (("--build", build), ("--reference", given)):
        if stated is not None and named is not None and named is not stated:
            # it used to be named on the other build's chr20 without a word: another variant
            raise BuildMismatchError(
                f"--vcf {text!r}: {parts[0]} is {named}, but {source} is {stated}"
            )
    build = build or named or given
    if build is None:
        raise HgvsSyntaxError(
            "--vcf needs --build (GRCh38 or GRCh37), a --reference, or an NC_000020.11/.10 CHROM"
        )
    ref, alt = parts[2].upper(), parts[3].upper()
    for name, allele in (("REF", ref), ("ALT", alt)):
        # '*', '.', '<DEL>' and IUPAC codes are no sequence: there is nothing to name
        if not allele or set(allele) - set("ACGT"):
            raise HgvsSyntaxError(
                f"--vcf {text!r}: {name} {allele or '(empty)'!r} is not ACGT bases"
            )
    if ref == alt:
        raise HgvsSyntaxError(f"--vcf {text!r}: REF and ALT are the same: no change to name")
    pos = int(parts[1])
    end = pos + len(ref) - 1
    if pos < 1 or end > build.chr20_length:
        raise HgvsRangeError(
            f"--vcf {text!r}: chr20:{pos}-{end} is outside chr20 of {build} "
            f"(1-{build.chr20_length})"
        )
    notes: tuple[str, ...] = ()
    reference = references.get(build)
    if reference is None:
        notes = (f"reference sequence unavailable for {build}: REF {ref} not verified",)
    else:
        actual = reference.fetch(pos, end)
        if "N" in actual.upper():  # the reference's gap, as in the HGVS-text path (exit 7)
            raise ReferenceUnavailableError(
                f"--vcf {text!r}: the {build} reference base at chr20:{pos}-{end} is unknown "
                f"(N): the stated REF {ref} cannot be checked; give a reference that has it"
            )
        if actual != ref:
            raise HgvsReferenceMismatchError(
                f"--vcf {text!r} states REF {ref} but the {build} reference has "
                f"{actual or '(nothing)'} at chr20:{pos}-{end}"
            )
    return GenomicAllele(text, build, ("chr20", pos, ref, alt), notes)


def describe(names: VariantHgvs, allele: GenomicAllele, one_letter: bool) -> dict[str, Any]:
    return {
        "input": allele.text,
        "build": str(allele.build),
        "vcf": {
            "chrom": allele.vcf[0],
            "pos": allele.vcf[1],
            "ref": allele.vcf[2],
            "alt": allele.vcf[3],
        },
        "genomic": {
            str(names.build): names.genomic,
            **(
                {}
                if names.other_build is None
                else {
                    str(
                        GenomeBuild.GRCh37
                        if names.build is GenomeBuild.GRCh38
                        else GenomeBuild.GRCh38
                    ): names.other_build
                }
            ),
        },
        "transcripts": [
            {
                "transcript": t.transcript,
                "product": t.product,
                "region": t.region,
                "hgvs": t.hgvs,
                "protein": t.protein_one_letter if one_letter else t.protein,
                "notes": list(t.notes),
            }
            for t in names.transcripts
        ],
        "notes": list(allele.notes) + list(names.notes),
    }


def run_hgvs(args: argparse.Namespace) -> int:
    if sum(map(bool, (args.description, args.vcf, args.batch))) != 1:
        raise HgvsSyntaxError(
            "give one HGVS description, --vcf CHROM:POS:REF:ALT, or --batch FILE "
            "(one description per line; '-' for stdin)"
        )
    references = _references(args)
    namer = HgvsNamer(references)
    if args.batch:
        if args.remote:
            raise UsageError("--remote checks one description at a time, not --batch")
        from gnas_annot.cli.hgvs_batch import run_batch

        used = ", ".join(f"{build}:{ref.path}" for build, ref in references.items())
        return run_batch(args, namer, used or None)
    if args.vcf:
        given = next(iter(references)) if args.reference and len(references) == 1 else None
        allele = _from_vcf(args.vcf, args.build, references, given)
    else:
        allele = parse_hgvs(args.description, namer, args.build)
    names = namer.name(allele.build, *allele.vcf[1:])
    result = describe(names, allele, args.one_letter)
    if args.remote:
        from gnas_annot.remote.client import (
            check_with_variantvalidator,
            variantvalidator_client,
        )

        ours = {t.transcript: t.hgvs for t in names.transcripts if t.hgvs}
        checks = check_with_variantvalidator(
            allele.text if not args.vcf else (names.genomic or allele.text),
            allele.build,
            ours,
            names.genomic,
            variantvalidator_client(refresh=bool(getattr(args, "refresh", False))),
        )
        result["variantvalidator"] = [
            {"field": c.field, "ours": c.ours, "variantvalidator": c.theirs, "agrees": c.agrees}
            for c in checks
        ]
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    vcf = result["vcf"]
    print(f"input        {result['input']}")
    print(f"VCF          {allele.build} {vcf['chrom']} {vcf['pos']} {vcf['ref']} {vcf['alt']}")
    for build, text in result["genomic"].items():
        print(f"{build:12} {text or '-'}")
    for t in result["transcripts"]:
        protein = t["protein"] or ""
        print(
            f"{t['transcript']:16} {t['hgvs'].split(':', 1)[1]:32} {protein.split(':')[-1]:28} "
            f"{t['product']} ({t['region']})"
        )
        for note in t["notes"]:
            print(f"{'':16} note: {note}")
    for note in result["notes"]:
        print(f"note: {note}")
    for check in result.get("variantvalidator", []):
        verdict = "agrees" if check["agrees"] else "DIFFERS"
        print(f"VariantValidator {verdict}: {check['variantvalidator']} (ours {check['ours']})")
    return 0


def configure_parser(hg: argparse.ArgumentParser) -> None:
    hg.description = (
        "Give an HGVS description (g., c. or n.; legacy forms accepted) or, with "
        "--vcf, a VCF-style allele; prints the 3'-shifted description on every GNAS "
        "transcript, g. on both builds and the left-aligned VCF allele."
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
    add_reference_options(hg)
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
    hg.set_defaults(func=run_hgvs)
