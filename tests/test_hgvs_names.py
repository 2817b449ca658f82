"""HGVS naming against published facts (ClinVar, DoCM, GPF) on the partial real
reference, and against biocommons hgvs as an oracle on a fully known synthetic one."""

from __future__ import annotations

import random
import re
import warnings

import hgvs.assemblymapper
import hgvs.normalizer
import hgvs.parser
import hgvs.variantmapper
import pytest
from hgvs.enums import Datum

from facts import c_to_g, truth_pairs
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.naming.names import HgvsNamer
from gnas_annot.pack.locus import load_locus
from gnas_annot.seq.reference import ReferenceGenome
from gnas_annot.seq.shift import Edit

G38, G37 = GenomeBuild.GRCh38, GenomeBuild.GRCh37


@pytest.fixture(scope="module")
def namer(partial_reference):
    return HgvsNamer({b: ReferenceGenome(partial_reference[b]) for b in GenomeBuild})


@pytest.fixture(scope="module")
def real_namer(real_reference):
    return HgvsNamer({b: ReferenceGenome(real_reference[b]) for b in GenomeBuild})


@pytest.fixture(
    scope="module", params=["synthetic", pytest.param("real", marks=pytest.mark.real_sequence)]
)
def fact_namer(request):
    """Published names hold on the real bases and on the synthetic locus
    (which keeps the published REF alleles and the Gs-alpha protein): the
    real run checks the facts, the synthetic one runs on every clone."""
    return request.getfixturevalue("namer" if request.param == "synthetic" else "real_namer")


# ClinVar RCV000017301: the exon 7 hotspot on every transcript it lists
HOTSPOT = {
    "NM_000516.7": ("c.565_568del", "NP_000507.1:p.(Asp189MetfsTer14)"),
    "NM_001077488.5": ("c.568_571del", None),
    "NM_001077489.4": ("c.520_523del", None),
    "NM_080426.4": ("c.523_526del", None),
    "NM_080425.4": ("c.2494_2497del", None),
    "NM_016592.5": ("c.*471_*474del", "NP_057676.1:p.(=)"),  # 3' UTR: VariantValidator p.(=)
}


@pytest.mark.parametrize(("build", "pos"), [(G38, 58909193), (G37, 57484248)])
def test_exon7_hotspot_is_named_as_clinvar_names_it(real_namer, build, pos):
    names = real_namer.name(build, pos, "GCTGA", "G")
    g38, g37 = "NC_000020.11:g.58909196_58909199del", "NC_000020.10:g.57484251_57484254del"
    assert (names.genomic, names.other_build) == ((g38, g37) if build is G38 else (g37, g38))
    for accession, (c, p) in HOTSPOT.items():
        t = names.on(accession)
        assert t.hgvs == f"{accession}:{c}"
        if p:
            assert t.protein == p
    assert names.on("NM_080425.4").protein.endswith("p.(Asp832MetfsTer14)")  # ClinVar Asp832fs


@pytest.mark.parametrize(
    "pair",
    [p for p in truth_pairs() if p["hgvs_c"].startswith("c.")],
    ids=lambda p: f"{p['assembly']}-{p['pos']}-{p['transcript']}",
)
def test_shared_truth_pairs_genome_to_transcript(fact_namer, pair):
    build = GenomeBuild(pair["assembly"])
    names = fact_namer.name(build, int(pair["pos"]), pair["ref"], pair["alt"])
    t = names.on(pair["transcript"])
    if pair["transcript"] == "NM_080425" and "1359_1394" in pair["hgvs_c"]:
        # the 51-bp 3' shift through the XL-exon repeat needs bases beyond the
        # 37 real ones we hold: we stop there and say so rather than guess
        assert any("does not know" in n for n in t.notes)
        return
    assert t.c_or_n == pair["hgvs_c"]
    assert t.protein.split(":")[1] == pair["hgvs_p"].split(" ")[0]


@pytest.mark.parametrize(
    ("c", "alt", "protein", "xl_protein"),
    [
        (601, "T", "p.(Arg201Cys)", "p.(Arg844Cys)"),
        (602, "A", "p.(Arg201His)", "p.(Arg844His)"),
        (601, "A", "p.(Arg201Ser)", "p.(Arg844Ser)"),
        (680, "T", "p.(Gln227Leu)", "p.(Gln870Leu)"),
        (680, "G", "p.(Gln227Arg)", "p.(Gln870Arg)"),
    ],
)
def test_activating_hotspots_in_gs_alpha_and_xlas_numbering(
    fact_namer, c, alt, protein, xl_protein
):
    pos = c_to_g(c, "GRCh38")
    ref = fact_namer.references[G38].fetch(pos, pos)
    names = fact_namer.name(G38, pos, ref, alt)
    assert names.on("NM_000516.7").protein == f"NP_000507.1:{protein}"
    assert names.on("NM_080425.4").protein == f"NP_536350.2:{xl_protein}"
    assert names.on("NM_080425.4").c_or_n == f"c.{c + 1929}{ref}>{alt}"


def test_start_codon_and_utr_dup_on_real_exon1_bases(real_namer):
    start = real_namer.name(G38, 58891727, "A", "G")  # ClinVar VCV 15927
    assert start.on("NM_000516.7").protein == "NP_000507.1:p.(Met1?)"
    assert start.on("NM_080425.4").c_or_n == "c.2069-3885A>G"  # intron 1 of XLas
    dup = real_namer.name(G38, 58891726, "C", "CGCC")  # ClinVar VCV 193105
    assert dup.genomic == "NC_000020.11:g.58891724_58891726dup"
    assert dup.on("NM_000516.7").c_or_n == "c.-3_-1dup"
    assert dup.on("NM_000516.7").protein == "NP_000507.1:p.(=)"  # 5' UTR (VariantValidator)
    assert (
        dup.on("NR_003259.1").c_or_n == "n.229+2371_229+2373dup"
    )  # = ClinVar's c.-39+2371_-39+2373dup


def test_unknown_stop_codon_does_not_turn_a_missense_into_a_delins(namer):
    # the partial reference lacks the stop codon and 3' UTR (N): hgvs' c_to_p
    # would describe a delins to the protein's end here
    names = namer.name(G38, 58909365, "C", "T")
    assert names.on("NM_000516.7").protein == "NP_000507.1:p.(Arg201Cys)"
    assert names.on("NM_000516.7").notes == ()


def test_frameshift_running_into_unknown_sequence_is_reported_incomplete(namer):
    pos = c_to_g(1170, "GRCh38")  # exon 13: the new frame reads into the unknown stop/UTR
    ref = namer.references[G38].fetch(pos, pos + 1)
    t = namer.name(G38, pos, ref, ref[0]).on("NM_000516.7")
    assert t.protein_change.kind == "frameshift" and not t.protein_change.complete
    assert t.protein.endswith("fs)") and "Ter" not in t.protein
    assert any("incomplete" in n for n in t.notes)


def test_no_reference_numbers_substitutions_but_never_names_an_unshifted_indel():
    names = HgvsNamer().name(G37, 57484421, "G", "A")
    assert names.on("NM_000516.7").hgvs == "NM_000516.7:c.602G>A"
    assert names.on("NM_000516.7").protein is None
    assert any("no protein prediction" in n for n in names.on("NM_000516.7").notes)
    indel = HgvsNamer().name(G38, 58909195, "TGACT", "T")  # c.567_570del unshifted: wrong
    assert indel.genomic is None and indel.transcripts == ()
    assert any("3' rule" in n for n in indel.notes)


# --- mechanism: biocommons hgvs as the oracle on a fully known synthetic locus ---


@pytest.fixture(scope="module")
def oracle(synthetic_reference):
    namer = HgvsNamer({G38: ReferenceGenome(synthetic_reference[G38])})
    hdp = namer.provider
    return (
        namer,
        hgvs.variantmapper.VariantMapper(hdp, replace_reference=False, prevalidation_level=None),
        hgvs.normalizer.Normalizer(
            hdp, shuffle_direction=3, cross_boundaries=False, validate=False
        ),
        hgvs.assemblymapper.AssemblyMapper(
            hdp,
            assembly_name="GRCh38",
            alt_aln_method="splign",
            replace_reference=True,
            prevalidation_level=None,
        ),
    )


def _random_variants(reference, tx, n, seed):
    rng = random.Random(seed)
    positions = [p for e in tx.exons for p in range(e.start, e.end + 1)]
    for _ in range(n):
        pos = rng.choice(positions)
        kind = rng.choice(["snv", "del", "ins", "dup", "delins"])
        if kind == "snv":
            ref = reference.fetch(pos, pos)
            yield pos, ref, rng.choice([b for b in "ACGT" if b != ref])
        elif kind == "del":
            ref = reference.fetch(pos, pos + rng.randint(1, 6))
            yield pos, ref, ref[0]
        elif kind == "ins":
            ref = reference.fetch(pos, pos)
            yield pos, ref, ref + "".join(rng.choice("ACGT") for _ in range(rng.randint(1, 6)))
        elif kind == "dup":
            ref = reference.fetch(pos, pos)
            yield pos, ref, ref + reference.fetch(pos + 1, pos + rng.randint(1, 6))
        else:
            ref = reference.fetch(pos, pos + rng.randint(1, 4))
            alt = "".join(rng.choice("ACGT") for _ in range(rng.randint(1, 4)))
            if alt[0] != ref[0] and alt[-1] != ref[-1]:
                yield pos, ref, alt


def _g_string(pos, ref, alt):
    e = Edit.from_vcf(pos, ref, alt)
    if e.is_insertion:
        return f"NC_000020.11:g.{e.start}_{e.start + 1}ins{e.alt}"
    if e.is_deletion:
        return f"NC_000020.11:g.{e.start + 1}_{e.end}del"
    if len(e.ref) == len(e.alt) == 1:
        return f"NC_000020.11:g.{e.start + 1}{e.ref}>{e.alt}"
    return f"NC_000020.11:g.{e.start + 1}_{e.end}delins{e.alt}"


def _biocommons_form(name: str) -> str:
    """An insertion at an exon's 3' edge is c.257_257+1insAGG here (VariantValidator,
    issue #382); biocommons writes it across the exon junction, c.257_258insAGG."""
    match = re.fullmatch(r"(.*:c\.)(\d+)_\2\+1ins([ACGT]+)", name)
    if match is None:
        return name
    head, n, bases = match.groups()
    return f"{head}{n}_{int(n) + 1}ins{bases}"


# biocommons writes the start-loss form without parentheses; HGVS and this
# project write the predicted form p.(Met1?)
_SAME = {"p.Met1?": "p.(Met1?)"}


def _wholly_utr(c) -> bool:
    """Both ends of a c. interval in exonic 5' UTR, or both in exonic 3' UTR."""
    start, end = c.posedit.pos.start, c.posedit.pos.end
    if start.offset or end.offset:
        return False
    both_5 = start.base < 0 and end.base < 0 and start.datum == end.datum == Datum.CDS_START
    return both_5 or start.datum == end.datum == Datum.CDS_END


@pytest.mark.parametrize(
    ("accession", "seed"),
    [("NM_000516.7", 1), ("NM_000516.7", 2), ("NM_080425.4", 3), ("NM_001077489.4", 4)],
)
def test_names_equal_biocommons_hgvs_on_a_fully_known_sequence(oracle, accession, seed):
    namer, vm, normalizer, am = oracle
    reference = namer.references[G38]
    tx = load_locus(G38).transcript(accession)
    parser = hgvs.parser.Parser()
    compared = 0
    for pos, ref, alt in _random_variants(reference, tx, 150, seed):
        ours = namer.name(G38, pos, ref, alt)
        t = ours.on(accession)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            g = parser.parse(_g_string(pos, ref, alt))
            expected_g = str(normalizer.normalize(g))
            c = vm.g_to_c(g, accession)
            if c.posedit.pos.start.offset or c.posedit.pos.end.offset:
                continue  # biocommons does not normalize intronic variants
            expected_c = normalizer.normalize(c)
            expected_p = str(am.c_to_p(expected_c))
        expected_p = _SAME.get(expected_p.split(":")[1], expected_p.split(":")[1])
        assert ours.genomic == expected_g
        assert _biocommons_form(t.hgvs) == str(expected_c), (pos, ref, alt)
        if "ext" in expected_p and ("delins" in expected_p or "dup" in t.protein):
            # two known divergences from biocommons, where we follow HGVS: a changed
            # stop plus earlier residues (biocommons omits the new Ter), and a dup of
            # the residues before the stop (biocommons: an extension, p.(Ter395LeuextTer1))
            continue
        coding = "c.-" not in t.hgvs and "c.*" not in t.hgvs
        if expected_p == "p.?" and coding and ("dup" in t.hgvs or "ins" in t.hgvs):
            # a third, deliberate one (issue 12): biocommons calls an insertion or dup at
            # an exon edge intronic (ins_at_boundary_is_intronic); the splice bases are
            # untouched, so the mRNA carries it; test_differential checks the change
            assert t.protein_change is not None and t.protein_change.kind != "unknown"
            continue
        if expected_p == "p.?" and _wholly_utr(expected_c):
            # a fourth (issue 12): a change wholly in UTR exons is p.(=), as
            # VariantValidator writes it (PR #825); biocommons gives p.?
            assert t.protein.split(":")[1] == "p.(=)", (pos, ref, alt, str(expected_c))
            continue
        assert t.protein.split(":")[1] == expected_p, (pos, ref, alt, str(expected_c))
        compared += 1
    assert compared > 60


def test_a_transcript_shift_stopped_by_an_exon_border_says_so(synthetic_reference):
    # MECHANISM (every base known): delete an exon's last base where the intron's
    # first base is the same: HGVS keeps c. in the exon, the genome shifts on
    namer = HgvsNamer({G38: ReferenceGenome(synthetic_reference[G38])})
    reference = namer.references[G38]
    tx = load_locus(G38).transcript("NM_000516.7")
    end = next(
        e.end
        for e in tx.exons[1:-1]
        if reference.fetch(e.end, e.end + 1)[0] == reference.fetch(e.end, e.end + 1)[1]
    )
    names = namer.name(
        G38, end - 1, reference.fetch(end - 1, end), reference.fetch(end - 1, end - 1)
    )
    t = names.on("NM_000516.7")
    assert "del" in t.hgvs and "+" not in t.c_or_n
    assert any("lies further 3'" in n for n in t.notes)


def test_naming_a_variant_does_not_import_biocommons_hgvs(synthetic_reference):
    # hgvs costs ~0.15 s of start-up: naming uses the pack's exon table
    # (naming/coords.py) and imports hgvs only when HGVS text is parsed
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from gnas_annot.model.builds import GenomeBuild\n"
        "from gnas_annot.naming.names import HgvsNamer\n"
        "from gnas_annot.seq.reference import ReferenceGenome\n"
        f"ref = ReferenceGenome({str(synthetic_reference[G38])!r})\n"
        "namer = HgvsNamer({GenomeBuild.GRCh38: ref})\n"
        "names = namer.name(GenomeBuild.GRCh38, 58909193, 'GCTGA', 'G')\n"
        "assert names.transcripts and names.genomic, names\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'hgvs'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
