"""The extractor's cheap paths (record_end found once and handed on, records read in
batches, one-ALT records, plain-bases alleles checked first, cached reference blocks,
slot constructors) give what the general path gives, on varied records: multi-allelic,
symbolic ALTs reaching in from upstream, '*', <NON_REF>, N, IUPAC letters, lower case,
REF mismatches, REF = ALT, records overlapping both region edges, long REF.

Checked two ways: the same records read as plain text (prefiltered), bgzip + tabix
(indexed) and BCF (htslib scan) give identical Variants; and every Variant equals
what a plain re-derivation from the line's text gives (the original per-allele rules
written out here, with the plain bcftools realign loop)."""

from __future__ import annotations

import dataclasses
import re

import pysam
import pytest

from conftest import write_vcf
from gnas_annot.extract.extractor import ExtractedRecord, Extractor
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.model.construct import slot_constructor
from gnas_annot.model.variant import SourceRecord, Variant, VariantStatus
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.normalize import UnknownReferenceBaseError
from gnas_annot.seq.reference import ReferenceGenome
from test_normalize_fast_path import _plain_left_align

_REGION = load_locus(GenomeBuild.GRCh38).extraction_region()
_ACGTN = re.compile(r"^[ACGTNacgtn]+$")


def _records(fasta) -> list[str]:
    with pysam.FastaFile(str(fasta)) as f:

        def ref(pos: int, n: int = 1) -> str:
            return f.fetch("chr20", pos - 1, pos - 1 + n).upper()

        start, end = _REGION.start, _REGION.end
        inner = start + 500
        rows = [
            # reaching in from upstream: a long REF, and symbolic END / SVLEN
            (start - 120, ref(start - 120, 150), "A", "."),
            (start - 5000, "N", "<DEL>", "SVTYPE=DEL;END=" + str(start + 3)),
            (start - 3000, "N", "<DUP>", "SVTYPE=DUP;SVLEN=3100"),
            (start - 3000, "N", "<INV>", "SVTYPE=INV;SVLEN=100"),  # ends upstream: out
            (start - 1, ref(start - 1, 2), ref(start - 1), "."),  # deletion over the edge
            (start, ref(start), "T" if ref(start) != "T" else "G", "."),
            (inner, ref(inner), "C,G,T,A".replace(ref(inner), "N"), "."),  # multi-allelic
            (inner + 1, ref(inner + 1), "*", "."),
            (inner + 2, ref(inner + 2), "<NON_REF>", "."),
            (inner + 3, ref(inner + 3), "<*>,A", "."),
            (inner + 4, ref(inner + 4).lower(), "acgt".replace(ref(inner + 4).lower(), "n"), "."),
            (inner + 5, ref(inner + 5), "R", "."),  # IUPAC
            (inner + 6, "A" if ref(inner + 6) != "A" else "C", "G", "."),  # REF mismatch
            (inner + 7, ref(inner + 7), ref(inner + 7), "."),  # REF = ALT
            (inner + 8, ref(inner + 8, 3), ref(inner + 8) + "N", "."),
            (inner + 20, ref(inner + 20, 4), ref(inner + 20), "."),  # deletion to left-align
            (inner + 30, ref(inner + 30), ref(inner + 30) + ref(inner + 31, 2), "."),
            (inner + 40, ref(inner + 40, 3), "TTT" if ref(inner + 40, 3) != "TTT" else "AAA", "."),
            (inner + 50, ref(inner + 50), "G]chr20:58900000]", "."),  # breakend
            (inner + 60, ref(inner + 60), "<DEL>", "SVTYPE=DEL;SVLEN=-40"),
            (end - 2, ref(end - 2, 5), ref(end - 2), "."),  # into the N beyond the edge
            (end, ref(end), "A" if ref(end) != "A" else "C", "."),
            (end + 1, "N", "A", "."),  # out
        ]
    return [f"chr20\t{p}\tr{k}\t{r}\t{a}\t50\tPASS\t{i}\n" for k, (p, r, a, i) in enumerate(rows)]


def _as_every_path(tmp_path, lines: list[str]) -> dict[str, str]:
    lines = sorted(lines, key=lambda line: int(line.split("\t")[1]))
    plain = write_vcf(tmp_path / "varied.vcf", "".join(lines), samples=())
    text = plain.read_text().replace(
        "##contig",
        '##ALT=<ID=DEL,Description="del">\n##ALT=<ID=DUP,Description="dup">\n'
        '##ALT=<ID=INV,Description="inv">\n##contig',
        1,
    )
    plain.write_text(text)
    copy = tmp_path / "copy.vcf"
    copy.write_text(text)
    indexed = pysam.tabix_index(str(copy), preset="vcf", force=True)
    bcf = tmp_path / "varied.bcf"
    with (
        pysam.VariantFile(str(plain)) as vcf,
        pysam.VariantFile(str(bcf), "wb", header=vcf.header) as out,
    ):
        for record in vcf:
            out.write(record)
    return {"prefiltered": str(plain), "indexed": indexed, "bcf": str(bcf)}


def _read(path: str, fasta) -> list[tuple[int, str, tuple[Variant, ...]]]:
    with Extractor(path, reference=fasta, build="GRCh38") as ex:
        return [(item.record.pos, item.line or "", item.variants) for item in ex.records()]


def _plain_end(line: str) -> int:
    """The last base a record covers, from its text: REF, or END/SVLEN if symbolic."""
    _, pos, _, ref, alts, _, _, info = line.rstrip("\n").split("\t")[:8]
    end = int(pos) + len(ref) - 1
    if any(a.startswith("<") for a in alts.split(",")):
        for item in info.split(";"):
            key, _, value = item.partition("=")
            if key == "END":
                end = max(end, int(value))
            elif key == "SVLEN":
                end = max(end, *(int(pos) + abs(int(v)) for v in value.split(",")))
    return end


def _plain_variants(line: str, source: SourceRecord, reference: ReferenceGenome) -> list[tuple]:
    """The per-allele rules written out plainly (the general path)."""
    out = []
    alts = [(i, a) for i, a in enumerate(source.alts, 1) if a not in ("<NON_REF>", "<*>", "<X>")]
    if not alts:
        return [(VariantStatus.NO_ALT, source.pos, source.ref, ".", 0)]
    for i, alt in alts:
        ref = source.ref
        if alt == "*":
            out.append((VariantStatus.SPANNING_DELETION, source.pos, ref, alt, i))
        elif alt.startswith("<") or "[" in alt or "]" in alt:
            out.append((VariantStatus.SYMBOLIC, source.pos, ref, alt, i))
        elif not _ACGTN.match(ref) or not _ACGTN.match(alt):
            out.append((VariantStatus.INVALID_ALLELE, source.pos, ref, alt, i))
        elif ref.upper() == alt.upper():
            out.append((VariantStatus.REF_EQUALS_ALT, source.pos, ref, alt, i))
        else:
            actual = reference.fetch(source.pos, source.pos + len(ref) - 1)
            if len(actual) == len(ref) and "N" not in actual and actual != ref.upper():
                out.append((VariantStatus.REF_MISMATCH, source.pos, ref, alt, i))
                continue
            unknown = len(actual) != len(ref) or "N" in actual
            status = VariantStatus.REFERENCE_UNAVAILABLE if unknown else VariantStatus.OK
            try:
                pos, nref, nalt = _plain_left_align(source.pos, ref, alt, reference.fetch)
            except UnknownReferenceBaseError:
                ref_u, alt_u = ref.upper(), alt.upper()
                while len(ref_u) > 1 and len(alt_u) > 1 and ref_u[-1] == alt_u[-1]:
                    ref_u, alt_u = ref_u[:-1], alt_u[:-1]
                n = 0
                while n < min(len(ref_u), len(alt_u)) - 1 and ref_u[n] == alt_u[n]:
                    n += 1
                pos, nref, nalt = source.pos + n, ref_u[n:], alt_u[n:]
                status = VariantStatus.REFERENCE_UNAVAILABLE
            out.append((status, pos, nref, nalt, i))
    return out


def test_every_reading_path_and_the_plain_rules_give_the_same_variants(
    tmp_path, synthetic_reference
):
    fasta = synthetic_reference[GenomeBuild.GRCh38]
    paths = _as_every_path(tmp_path, _records(fasta))
    read = {name: _read(path, fasta) for name, path in paths.items()}
    first = read["prefiltered"]
    ids = [line.split("\t")[2] for _, line, _ in first]
    assert "r3" not in ids and "r22" not in ids  # ends upstream / starts past the end
    assert len(first) == 21  # every other record comes out
    for name, got in read.items():
        assert [(p, v) for p, _, v in got] == [(p, v) for p, _, v in first], name
    with ReferenceGenome(fasta) as reference:
        for _, line, variants in first:
            source = variants[0].source
            assert source.end == _plain_end(line), line
            assert source.alts == tuple(line.split("\t")[4].split(","))
            got = [(v.status, v.pos, v.ref, v.alt, v.allele_index) for v in variants]
            assert got == _plain_variants(line, source, reference), line
            for v in variants:
                if v.status is VariantStatus.SYMBOLIC:
                    assert v.end == source.end >= v.pos
                else:
                    assert v.end == v.pos + len(v.ref) - 1


@pytest.mark.parametrize("cls", [SourceRecord, Variant, ExtractedRecord])
def test_the_slot_constructor_makes_the_very_object_the_dataclass_makes(cls):
    source = SourceRecord("chr20", 5, "x", "AC", ("A", "<DEL>"), None, ("PASS", "q10"), 9, 3)
    values = {
        SourceRecord: dataclasses.asdict(source) | {"alts": ("A", "<DEL>")},
        Variant: {
            "build": GenomeBuild.GRCh37,
            "chrom": "chr20",
            "pos": 5,
            "ref": "AC",
            "alt": "A",
            "end": 6,
            "allele_index": 1,
            "status": VariantStatus.OK,
            "source": source,
            "genotypes": (),
            "reason": "why",
            "sv_type": None,
            "sample_index": {"S1": 0},
        },
        ExtractedRecord: {"record": None, "variants": (), "line": "chr20\t5"},
    }[cls]
    values = {f.name: values[f.name] for f in dataclasses.fields(cls)}
    made, general = slot_constructor(cls)(**values), cls(**values)
    assert type(made) is cls and made == general and hash(made) == hash(general)
    for name in values:
        assert getattr(made, name) is getattr(general, name)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, next(iter(values)), None)
    with pytest.raises(TypeError):  # every field must be given, by name
        slot_constructor(cls)(*values.values())


def test_the_slot_constructor_refuses_classes_that_need_their_own_init():
    @dataclasses.dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(slots=True)
    class Mutable:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived:
        a: int
        b: int = dataclasses.field(init=False, default=0)

    for cls in (NoSlots, Checked, Mutable, Derived, int):
        with pytest.raises(TypeError):
            slot_constructor(cls)
