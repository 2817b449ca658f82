"""The family report (gnas-annot report): one self-contained HTML page per
family, whose pedigree arrows, table rows and protein plot say exactly what
the annotation says — checked on the page's own markup and, in a real
headless Chromium, on the DOM after its script has run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import gnas_annot
from gnas_annot.cli.app import main
from gnas_annot.origin.pedigree import Pedigree
from gnas_annot.output.report import report_paths, write_family_reports

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
TRIO, PED = EXAMPLES / "trio.GRCh38.vcf", EXAMPLES / "trio.ped"


class _Elements(HTMLParser):
    """Every element with its attributes and the text of its <title> child."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.titles: list[str] = []
        self.external: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.elements.append((tag, found))
        self._in_title = tag == "title"
        for key in ("src", "href"):
            if key in found and not found[key].startswith(("#", "url(#")):
                self.external.append(found[key])

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def with_class(self, name: str) -> list[dict[str, str]]:
        return [a for _, a in self.elements if name in a.get("class", "").split()]


def _report(tmp_path: Path) -> Path:
    out = tmp_path / "family.html"
    assert main(["report", str(TRIO), "--ped", str(PED), "-o", str(out), "-q"]) == 0
    return out


def _annotated() -> list[gnas_annot.AnnotatedVariant]:
    return list(gnas_annot.annotate_vcf(str(TRIO), ped=str(PED)))


def test_every_carrier_gets_a_table_row_and_every_inherited_allele_an_arrow(tmp_path):
    page = _Elements()
    page.feed(_report(tmp_path).read_text())
    annotated = _annotated()
    carriers = [(a, s) for a in annotated for s in a.samples]
    rows = [a for t, a in page.elements if t == "tr" and "data-allele" in a]
    assert len(rows) == len(carriers)
    inherited = [
        (s.sample, str(s.origin)) for _, s in carriers if str(s.origin) in ("paternal", "maternal")
    ]
    assert inherited, "the bundled trio has a paternal and a maternal allele"
    arrows = page.with_class("origin-arrow")
    assert len(arrows) == len(inherited)
    parent = {"paternal": "FATHER", "maternal": "MOTHER"}
    arrow_titles = [t for t in page.titles if " from " in t and "confidence" in t]
    assert sorted(re.search(r"\): (\w+) from (\w+)", t).groups() for t in arrow_titles) == sorted(
        (origin, parent[origin]) for _, origin in inherited
    )


def test_the_pedigree_shows_every_member_with_sex_and_affected_status(tmp_path):
    page = _Elements()
    page.feed(_report(tmp_path).read_text())
    people = {a["data-sample"] for a in page.with_class("person")}
    assert people == {"PROBAND", "FATHER", "MOTHER"}
    assert any(t.startswith("PROBAND: female, affected") for t in page.titles)
    assert any(t.startswith("FATHER: male, unaffected") for t in page.titles)


def test_alleles_with_a_residue_are_on_the_protein_plot(tmp_path):
    page = _Elements()
    page.feed(_report(tmp_path).read_text())
    on_plot = {a["data-allele"] for a in page.with_class("lollipop-allele")}
    with_residue = set()
    numbers = {}
    for a in _annotated():
        if any(s.sample in ("PROBAND", "FATHER", "MOTHER") for s in a.samples):
            numbers[a.variant.key] = len(numbers) + 1
            tc = a.transcript("NM_000516.7")
            if tc is not None and tc.protein_position:
                with_residue.add(str(numbers[a.variant.key]))
    assert with_residue and on_plot == with_residue
    # exon blocks come from the exon model: 13 coding exons of NM_000516.7
    assert len(page.with_class("exon")) == 13


def test_the_page_is_self_contained(tmp_path):
    page = _Elements()
    text = _report(tmp_path).read_text()
    page.feed(text)
    assert page.external == []
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in text


def test_input_text_is_escaped_never_markup(tmp_path):
    evil = "<img/src=x/onerror=alert(1)>"
    vcf = tmp_path / "evil.vcf"
    lines = TRIO.read_text().splitlines()
    vcf.write_text("\n".join(line.replace("PROBAND", evil) for line in lines) + "\n")
    ped = tmp_path / "evil.ped"
    ped.write_text(PED.read_text().replace("PROBAND", evil))
    out = tmp_path / "evil.html"
    assert main(["report", str(vcf), "--ped", str(ped), "-o", str(out), "-q"]) == 0
    text = out.read_text()
    assert evil not in text and "&lt;img/src=x/onerror=alert(1)&gt;" in text


def test_one_page_per_family(tmp_path):
    ped = tmp_path / "two.ped"
    ped.write_text(PED.read_text() + "FAM2\tLONER\t0\t0\t1\t2\n")
    vcf = tmp_path / "two.vcf"
    lines = TRIO.read_text().splitlines()
    out_lines = []
    for line in lines:
        if line.startswith("#CHROM"):
            line += "\tLONER"
        elif not line.startswith("#"):
            line += "\t0/1"
        out_lines.append(line)
    vcf.write_text("\n".join(out_lines) + "\n")
    assert main(["report", str(vcf), "--ped", str(ped), "-o", str(tmp_path / "f.html"), "-q"]) == 0
    assert (tmp_path / "f.FAM1.html").is_file() and (tmp_path / "f.FAM2.html").is_file()
    assert "LONER" in (tmp_path / "f.FAM2.html").read_text()
    assert "LONER" not in (tmp_path / "f.FAM1.html").read_text()


def test_report_paths_follow_the_name_given(tmp_path):
    assert report_paths(tmp_path / "x.html", ["A"]) == [tmp_path / "x.html"]
    assert report_paths(tmp_path / "x.html", ["A", "B/C"]) == [
        tmp_path / "x.A.html",
        tmp_path / "x.B_C.html",
    ]
    assert report_paths(tmp_path, ["A"]) == [tmp_path / "A.html"]
    with pytest.raises(gnas_annot.GnasAnnotError, match="HTML"):
        report_paths(tmp_path / "x.tsv", ["A"])


def test_a_report_without_a_pedigree_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["report", str(TRIO), "-o", "x.html"])
    assert exit_info.value.code == 2


def test_write_family_reports_from_python(tmp_path):
    paths = write_family_reports(
        _annotated(), Pedigree.read(PED), ["PROBAND", "FATHER", "MOTHER"], tmp_path / "r.html"
    )
    assert paths == [tmp_path / "r.html"] and "GNAS family report" in paths[0].read_text()


# -- in a real browser -------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=5000",
)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("GNAS_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (GNAS_REQUIRE_BROWSER is set) but not on PATH")
        pytest.skip("chromium not installed (apt-get install chromium): browser test skipped")
    return path


def _browser(chromium: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_the_report_renders_in_chromium_with_no_console_errors(chromium, tmp_path):
    report = _report(tmp_path)
    shot = tmp_path / "report.png"
    _browser(chromium, tmp_path, "--window-size=1200,2000", f"--screenshot={shot}", report.as_uri())
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    run = _browser(chromium, tmp_path, "--dump-dom", report.as_uri())
    dom = _Elements()
    dom.feed(run.stdout)
    body = next(a for t, a in dom.elements if t == "body")
    assert body.get("data-report-ready") == "1", "the page's script did not finish"
    carriers = sum(len(a.samples) for a in _annotated())
    assert body.get("data-rows") == str(carriers)
    assert len(dom.with_class("person")) == 3
    assert dom.with_class("pedigree") and dom.with_class("lollipop")
    assert dom.with_class("lollipop-allele")
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    assert console == []


def test_the_methylation_block_shows_each_dmr_per_haplotype_with_its_parent(tmp_path):
    # the real person's phased levels (PROVENANCE): haplotype 1 paternal, 2 maternal
    from modbams import REAL_MATERNAL, REAL_PATERNAL, bedmethyl_lines, cpgs, real_dmrs

    haps = []
    for name, levels in (("h1.bed", REAL_PATERNAL), ("h2.bed", REAL_MATERNAL)):
        counts = {
            p: (round(levels[d] * 20 / 100), 20)
            for d, (a, b) in real_dmrs("GRCh38").items()
            for p in cpgs(a, b)
        }
        (tmp_path / name).write_text("\n".join(bedmethyl_lines(counts, 18)) + "\n")
        haps.append(str(tmp_path / name))
    out = tmp_path / "family.html"
    args = ["report", str(TRIO), "--ped", str(PED), "-o", str(out), "-q"]
    assert main([*args, "--methylation", f"PROBAND={haps[0]},{haps[1]}"]) == 0
    page = _Elements()
    page.feed(out.read_text())
    (block,) = page.with_class("methylation-sample")
    assert block["data-sample"] == "PROBAND"
    assert len(page.with_class("dmr-row")) == 4
    bars = [t for t in page.titles if " haplotype " in t and "%" in t]
    # A/B: the paternal haplotype unmethylated, the maternal one methylated, as given
    assert any(t.startswith("A/B:TSS haplotype 1 (paternal): 0.") for t in bars), bars
    assert any(t.startswith("A/B:TSS haplotype 2 (maternal): 95") for t in bars), bars


def test_the_lollipop_colour_is_the_origin_the_calls_agree_on():
    from gnas_annot.output.report.lollipop_svg import origin_of
    from gnas_annot.output.report.model import Allele, Carrier

    def carrier(origin: str) -> Carrier:
        return Carrier("S", "0/1", None, None, origin, "m", "c", (), (), None, (), ())

    def allele(*origins: str) -> Allele:
        carriers = tuple(carrier(o) for o in origins)
        return Allele(1, "k", "l", "ok", None, None, None, None, None, None, None, None,
                      None, (), None, (), carriers)  # fmt: skip

    assert origin_of(allele("maternal", "unknown")) == "maternal"  # the founder mother
    assert origin_of(allele("maternal", "paternal")) == "ambiguous"
    assert origin_of(allele("unknown", "not_applicable")) == "unknown"
    assert origin_of(allele("de_novo_unphased")) == "de_novo_unphased"


def test_the_copy_number_block_shows_each_event_and_its_parent_of_origin(tmp_path):
    # a Manta-style deletion of the STX16 exons 4-6 region (MANE exons 4-6 lie between
    # 58667987 and 58670603 on GRCh38) in the proband and the mother, not the father
    from test_structure_sv import DEL_INFO, DEL_START, HEAD

    body = (
        f"chr20\t{DEL_START - 1}\tMantaDEL:1\tN\t<DEL>\t300\tPASS\t{DEL_INFO}\tGT\t0/1\t0/0\t0/1\n"
    )
    sv = tmp_path / "sv.vcf"
    sv.write_text(HEAD.format(source="", samples="PROBAND\tFATHER\tMOTHER") + body)
    out = tmp_path / "family.html"
    args = ["report", str(TRIO), "--ped", str(PED), "-o", str(out), "-q", "--sv", str(sv)]
    assert main(args) == 0
    page = _Elements()
    page.feed(out.read_text())
    events = page.with_class("cnv-event")
    assert sorted(e["data-sample"] for e in events) == ["MOTHER", "PROBAND"]
    text = out.read_text()
    assert "STX16 exons 4-6 deleted" in text
    proband_row = next(
        line for line in text.split('<tr class="cnv-row">')[1:] if line.startswith("<td>PROBAND")
    )
    assert "maternal (inherited)" in proband_row
    mother_row = next(
        line for line in text.split('<tr class="cnv-row">')[1:] if line.startswith("<td>MOTHER")
    )
    assert "not assessed (no parent in the pedigree)" in mother_row


def test_a_family_assessed_for_copy_number_without_events_says_so(tmp_path):
    from test_structure_sv import HEAD

    sv = tmp_path / "sv.vcf"
    sv.write_text(HEAD.format(source="", samples="PROBAND\tFATHER\tMOTHER"))
    out = tmp_path / "family.html"
    args = ["report", str(TRIO), "--ped", str(PED), "-o", str(out), "-q", "--sv", str(sv)]
    assert main(args) == 0
    assert "No deletion or duplication called for PROBAND, FATHER, MOTHER" in out.read_text()


def test_a_relative_who_was_not_sequenced_is_drawn_dashed_not_fatal(tmp_path, capfd):
    ped = tmp_path / "with_sister.ped"
    ped.write_text(PED.read_text().rstrip("\n") + "\nFAM1\tSISTER\tFATHER\tMOTHER\t2\t1\n")
    out = tmp_path / "family.html"
    assert main(["report", str(TRIO), "--ped", str(ped), "-o", str(out), "-q"]) == 0
    assert "SISTER" in capfd.readouterr().err  # one warning naming her
    page = _Elements()
    page.feed(out.read_text())
    assert {a["data-sample"] for a in page.with_class("person")} >= {"SISTER", "PROBAND"}
    assert any(t.startswith("SISTER: female, unaffected, not in the VCF") for t in page.titles)
    arrows = page.with_class("origin-arrow")
    assert arrows  # the proband's inherited alleles still get their parent of origin
    strict = ["report", str(TRIO), "--ped", str(ped), "-o", str(out), "-q", "--strict"]
    assert main(strict) == 10
