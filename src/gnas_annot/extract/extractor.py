"""read -> locate -> normalize: the GNAS records of a VCF as typed Variants.

Each record overlapping the extraction region is split into one
:class:`~gnas_annot.model.variant.Variant` per ALT allele and normalized as
``bcftools norm -m -any -f REF`` would.  Nothing is dropped: an allele that
cannot be normalized still comes out, with a status and a reason.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pysam

from gnas_annot.errors import BuildMismatchError, RefMismatchError
from gnas_annot.extract.genotypes import RecordGenotypes
from gnas_annot.io.records import Site, id_and_filters, record_site
from gnas_annot.io.vcf import VcfSource, symbolic_type
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.construct import slot_constructor
from gnas_annot.model.locus import Interval
from gnas_annot.model.variant import Genotype, SourceRecord, Variant, VariantStatus
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.normalize import UnknownReferenceBaseError, left_align, trim
from gnas_annot.seq.reference import RefCheck, ReferenceGenome, resolve_reference

_ACGTN = re.compile(r"^[ACGTNacgtn]+$")
_REFERENCE_BLOCK_ALTS = frozenset({"<NON_REF>", "<*>", "<X>"})
#: a one-letter allele the SNV shortcut takes -> its upper case
_SINGLE_BASE = {b: b.upper() for b in "ACGTNacgtn"}
#: the genotypes of a record without samples (shared: it is immutable)
_NO_GENOTYPES: tuple[Genotype, ...] = ()
# A file whose REF alleles disagree with the reference this often is another
# build (or another species), not a file with a few bad records.
_BUILD_CHECK_MIN_MISMATCHES = 5
_BUILD_CHECK_FRACTION = 0.5


@dataclass(frozen=True, slots=True)
class ExtractedRecord:
    """A source VCF record (as pysam read it) and the Variants made from it."""

    record: pysam.VariantRecord
    variants: tuple[Variant, ...]
    #: the record's text as htslib formats it (the annotated VCF is written from it)
    line: str | None = field(default=None, repr=False, compare=False)


# made once or more per record read: without the generic attribute path of a frozen
# dataclass's __init__ (model/construct.py; every field passed, by name)
_new_record = slot_constructor(ExtractedRecord)
_new_source = slot_constructor(SourceRecord)
_new_variant = slot_constructor(Variant)


class Extractor:
    """Reads the GNAS region of one VCF/BCF and normalizes its alleles.

    >>> from gnas_annot.pack import data_dir
    >>> trio = data_dir().joinpath("examples", "trio.GRCh38.vcf")
    >>> with Extractor(str(trio)) as ex:
    ...     for item in ex.records():
    ...         print(item.record.pos, [(v.alt, v.status.value) for v in item.variants])
    58890000 [('<DEL>', 'symbolic')]
    58891726 [('CGCC', 'reference_unavailable')]
    58891727 [('G', 'reference_unavailable')]
    58909195 [('T', 'reference_unavailable')]
    58909365 [('T', 'reference_unavailable'), ('A', 'reference_unavailable')]
    58909366 [('A', 'reference_unavailable')]
    58909541 [('T', 'reference_unavailable')]
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        reference: str | os.PathLike[str] | ReferenceGenome | None = None,
        build: GenomeBuild | str | None = None,
        region: str = "gnas",
        strict: bool = False,
    ) -> None:
        requested = GenomeBuild.parse(build) if isinstance(build, str) else build
        if isinstance(reference, ReferenceGenome):
            self.reference: ReferenceGenome | None = reference
        else:
            self.reference = resolve_reference(reference, requested)
        self.source = VcfSource(
            path,
            build=requested,
            reference_build=self.reference.build if self.reference else None,
        )
        self.build = self.source.build
        if self.reference is None and reference is None:
            # the build named by the header (not only --build) picks the locus
            # cache of `data fetch` / `data build`
            self.reference = resolve_reference(None, self.build)
        if self.reference is not None and self.reference.build not in (None, self.build):
            raise BuildMismatchError(
                f"{path} is {self.build} but the reference {self.reference.path} is "
                f"{self.reference.build}"
            )
        self.region: Interval = load_locus(self.build).extraction_region(region)
        self.strict = strict
        self._checked = 0
        self._mismatched = 0
        # record.samples follows the header's order, so one index serves every
        # record's genotypes (O(1) per-sample look-up, built once per file)
        self._sample_index = {name: i for i, name in enumerate(self.source.samples)}

    def records(self) -> Iterator[ExtractedRecord]:
        variants = self._variants
        new_record = _new_record
        for index, (record, text, site) in enumerate(self.source.fetch_sites(self.region)):
            line = str(record) if text is None else text  # decodable: checked when read
            yield new_record(record=record, variants=variants(record, index, line, site), line=line)

    def variants(self) -> Iterator[Variant]:
        for item in self.records():
            yield from item.variants

    # -- per record ---------------------------------------------------------

    def _variants(
        self,
        record: pysam.VariantRecord,
        index: int,
        line: str | None = None,
        site: Site | None = None,
    ) -> tuple[Variant, ...]:
        pos, ref, alts, end = record_site(record) if site is None else site
        if line is None:
            # pysam iterates the filter names, as str (its stub says int | str)
            id_, filters = record.id, tuple(record.filter)
        else:
            id_, filters = id_and_filters(line)
        source = _new_source(
            contig=record.contig,
            pos=pos,
            id=id_,
            ref=ref,
            alts=alts,
            qual=record.qual,
            filters=filters,
            end=end,
            index=index,
        )
        samples = self.source.samples
        # sites-only: no sample, so nothing to decode (equal to an empty RecordGenotypes)
        genotypes = RecordGenotypes(record, samples, line) if samples else _NO_GENOTYPES
        if len(alts) == 1:
            alt = alts[0]
            if len(alt) == 1 and len(source.ref) == 1:  # an SNV: most records of a dense file
                made = self._matching_snv(source, genotypes, alt)
                if made is not None:
                    return (made,)
            if alt not in _REFERENCE_BLOCK_ALTS:
                return (self._allele(source, genotypes, 1, alt),)
        real = [(i, a) for i, a in enumerate(alts, start=1) if a not in _REFERENCE_BLOCK_ALTS]
        if not real:
            return (
                self._unnormalized(
                    source,
                    genotypes,
                    0,
                    ".",
                    VariantStatus.NO_ALT,
                    "no ALT allele (reference call)",
                ),
            )
        return tuple(self._allele(source, genotypes, i, alt) for i, alt in real)

    def _matching_snv(
        self, source: SourceRecord, genotypes: Sequence[Genotype], alt: str
    ) -> Variant | None:
        """The only ALT of a record, when it and REF are one base each, REF matches the
        reference and differs from ALT: what :meth:`_allele` makes of it (an SNV needs
        no trimming, padding or shift), with one base looked up.  None for anything else
        (the general path decides; tests/test_extract_fast_path.py compares the two)."""
        reference = self.reference
        ref = _SINGLE_BASE.get(source.ref)
        base = _SINGLE_BASE.get(alt)
        if reference is None or ref is None or base is None or ref == base or ref == "N":
            return None
        if reference.base(source.pos) != ref:  # a mismatch, or unknown: the general path
            return None
        self._checked += 1
        pos = source.pos
        return _new_variant(
            build=self.build,
            chrom="chr20",
            pos=pos,
            ref=ref,
            alt=base,
            end=pos,
            allele_index=1,
            status=VariantStatus.OK,
            source=source,
            genotypes=genotypes,
            sample_index=self._sample_index,
            reason="",
            sv_type=None,
        )

    def _allele(
        self, source: SourceRecord, genotypes: Sequence[Genotype], index: int, alt: str
    ) -> Variant:
        ref = source.ref
        if not (_ACGTN.match(alt) and _ACGTN.match(ref)):
            return self._not_bases(source, genotypes, index, alt)
        if ref.upper() == alt.upper():
            return self._unnormalized(
                source,
                genotypes,
                index,
                alt,
                VariantStatus.REF_EQUALS_ALT,
                "REF and ALT are identical",
            )
        reference = self.reference
        if reference is None:
            pos, nref, nalt = trim(source.pos, ref, alt)
            return self._made(
                source,
                genotypes,
                index,
                pos,
                nref,
                nalt,
                VariantStatus.REFERENCE_UNAVAILABLE,
                "reference sequence unavailable: trimmed, not left-aligned",
            )
        verdict, actual = reference.check(source.pos, ref)
        if verdict is RefCheck.MISMATCH:
            return self._mismatch(source, genotypes, index, alt, actual)
        status, reason = VariantStatus.OK, ""
        if verdict is RefCheck.UNKNOWN:
            status = VariantStatus.REFERENCE_UNAVAILABLE
            reason = (
                f"reference bases unknown at chr20:{source.pos}-"
                f"{source.pos + len(ref) - 1}: REF not verified"
            )
        else:
            self._checked += 1
        try:
            pos, nref, nalt = left_align(source.pos, ref, alt, reference.fetch)
        except UnknownReferenceBaseError as exc:
            pos, nref, nalt = trim(source.pos, ref, alt)
            status = VariantStatus.REFERENCE_UNAVAILABLE
            reason = f"{exc}: trimmed, not left-aligned"
        return self._made(source, genotypes, index, pos, nref, nalt, status, reason)

    def _not_bases(
        self, source: SourceRecord, genotypes: Sequence[Genotype], index: int, alt: str
    ) -> Variant:
        """An allele that is not plain bases: '*', empty, symbolic, a breakend, or
        letters other than A, C, G, T, N in REF or ALT (checked in that order)."""
        ref = source.ref
        if alt == "*":
            return self._unnormalized(
                source,
                genotypes,
                index,
                alt,
                VariantStatus.SPANNING_DELETION,
                "ALT '*': this site lies inside a deletion on another record",
            )
        if alt in ("", "."):  # htslib reads an empty ALT column as '.'
            return self._unnormalized(
                source,
                genotypes,
                index,
                ".",
                VariantStatus.INVALID_ALLELE,
                "empty ALT allele (the ALT column is malformed)",
            )
        sv_type = symbolic_type(alt) if alt.startswith("<") else None  # only <...> is symbolic
        if sv_type is not None or "[" in alt or "]" in alt:
            return Variant(
                build=self.build,
                chrom="chr20",
                pos=source.pos,
                ref=ref,
                alt=alt,
                end=source.end,
                allele_index=index,
                status=VariantStatus.SYMBOLIC,
                source=source,
                genotypes=genotypes,
                sample_index=self._sample_index,
                reason=f"symbolic allele {alt} spanning chr20:{source.pos}-{source.end}",
                sv_type=sv_type or "BND",
            )
        return self._unnormalized(
            source,
            genotypes,
            index,
            alt,
            VariantStatus.INVALID_ALLELE,
            f"allele {ref}>{alt} has letters other than A, C, G, T, N",
        )

    def _mismatch(
        self,
        source: SourceRecord,
        genotypes: Sequence[Genotype],
        index: int,
        alt: str,
        actual: str,
    ) -> Variant:
        self._checked += 1
        self._mismatched += 1
        reason = (
            f"REF {source.ref} disagrees with the {self.build} reference "
            f"({actual}) at chr20:{source.pos}"
        )
        if self.strict:
            raise RefMismatchError(f"{source.describe()}: {reason}")
        if (
            self._mismatched >= _BUILD_CHECK_MIN_MISMATCHES
            and self._mismatched >= _BUILD_CHECK_FRACTION * self._checked
        ):
            raise BuildMismatchError(
                f"{self.source.path}: REF disagrees with the {self.build} reference at "
                f"{self._mismatched} of {self._checked} records checked; the file is "
                "probably on another genome build (check --build and --reference)"
            )
        return self._unnormalized(source, genotypes, index, alt, VariantStatus.REF_MISMATCH, reason)

    def _unnormalized(
        self,
        source: SourceRecord,
        genotypes: Sequence[Genotype],
        index: int,
        alt: str,
        status: VariantStatus,
        reason: str,
    ) -> Variant:
        """The allele exactly as the source record gives it."""
        return self._made(source, genotypes, index, source.pos, source.ref, alt, status, reason)

    def _made(
        self,
        source: SourceRecord,
        genotypes: Sequence[Genotype],
        index: int,
        pos: int,
        ref: str,
        alt: str,
        status: VariantStatus,
        reason: str,
    ) -> Variant:
        return _new_variant(
            build=self.build,
            chrom="chr20",
            pos=pos,
            ref=ref,
            alt=alt,
            end=pos + len(ref) - 1,
            allele_index=index,
            status=status,
            source=source,
            genotypes=genotypes,
            sample_index=self._sample_index,
            reason=reason,
            sv_type=None,
        )

    def close(self) -> None:
        self.source.close()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_gnas_variants(
    path: str | os.PathLike[str],
    *,
    reference: str | os.PathLike[str] | ReferenceGenome | None = None,
    build: GenomeBuild | str | None = None,
    region: str = "gnas",
    strict: bool = False,
) -> Iterator[Variant]:
    """Yield every ALT allele of every record touching the GNAS region.

    ``reference`` is an indexed FASTA of the file's build (else
    ``$GNAS_ANNOT_REFERENCE`` or the ``data fetch`` cache is used, if any);
    without one, alleles are trimmed but not left-aligned and carry the
    status ``reference_unavailable``.  ``build`` overrides header detection
    (and must agree with it).  ``region`` is ``"gnas"`` or ``"gnas+stx16"``.
    ``strict`` raises :class:`~gnas_annot.errors.RefMismatchError` on the
    first REF that disagrees with the reference instead of reporting it.
    """
    with Extractor(path, reference=reference, build=build, region=region, strict=strict) as ex:
        yield from ex.variants()
