"""Start-up cost of the command (issue 15): ``gnas-annot --version`` and
``import gnas_annot`` load none of the heavy libraries, a command builds and
imports only its own options, and every command's ``--help`` still works."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gnas_annot import __version__
from gnas_annot.cli.app import COMMANDS, main

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
HEAVY = ("hgvs", "numpy", "dask", "distributed", "requests", "pyarrow", "pandas", "pysam")

_PROBE = """
import json, sys
code = {code!r}
try:
    exec(code)
except SystemExit:
    pass
sys.stdout.flush()
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (their list goes
    to stderr as the last line, so the command's own stdout is left alone)."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(code=code)],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_version_imports_no_heavy_library_and_no_command():
    modules = _modules_after(
        "from gnas_annot.cli.app import main; main(['--version'])",
    )
    assert not _top(modules) & set(HEAVY)
    commands = {m for m in modules if m.startswith("gnas_annot.cli.")}
    assert commands <= {"gnas_annot.cli.app", "gnas_annot.cli.guards", "gnas_annot.cli.paths"}


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_the_version_and_the_help_import_no_pathlib(argv):
    # pathlib (with urllib.parse, ipaddress ...) was ~10 % of these runs' instructions
    modules = _modules_after(f"from gnas_annot.cli.app import main; main({argv!r})")
    assert "pathlib" not in modules
    assert "gnas_annot.cli.app" in modules


def test_importing_the_package_imports_no_heavy_library():
    modules = _modules_after("import gnas_annot")
    assert not _top(modules) & set(HEAVY)
    assert not {m for m in modules if m.startswith("gnas_annot.")} - {
        "gnas_annot._deprecated",
        "gnas_annot._version",
    }


def test_the_python_m_entry_point_prints_the_version():
    done = subprocess.run(
        [sys.executable, "-m", "gnas_annot", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("gnas-annot ")


def test_annotate_imports_neither_other_commands_nor_hgvs_dask_numpy_requests(tmp_path):
    out = tmp_path / "out.vcf"
    modules = _modules_after(
        "from gnas_annot.cli.app import main; "
        f"sys.exit(main(['annotate', {str(EXAMPLES / 'trio.GRCh38.vcf')!r}, "
        f"'--ped', {str(EXAMPLES / 'trio.ped')!r}, '-q', '-o', {str(out)!r}]))"
    )
    assert out.stat().st_size > 0
    heavy = {"numpy", "dask", "distributed", "requests", "pyarrow", "pandas", "hgvs", "bioutils"}
    assert not _top(modules) & heavy
    assert "importlib.metadata" not in modules  # bioutils and hgvs read it for their versions
    others = {f"gnas_annot.cli.{m}" for _, m in COMMANDS.values()} - {"gnas_annot.cli.annotate"}
    assert not modules & (others - {"gnas_annot.cli.origin"})  # origin: shared options
    assert not {m for m in modules if m.startswith("gnas_annot.structure")}
    assert "gnas_annot.scale.many" not in modules


#: what a run without a pedigree, methylation, custom sources or structure options
#: never needs (issue 15: an exome's start-up is most of its run)
NOT_FOR_A_PLAIN_RUN = (
    "gnas_annot.epigenetics",
    "gnas_annot.known.custom",
    "gnas_annot.known.evidence",
    "gnas_annot.origin.assign",
    "gnas_annot.origin.calls",
    "gnas_annot.origin.window",
    "gnas_annot.structure",
    "gnas_annot.cli.family",
    "gnas_annot.scale",
    "gnas_annot.origin.pedigree",  # --ped
    "gnas_annot.origin.family",  # --ped/--trio: the trio
    "gnas_annot.origin.trio",  # origin calls from trio genotypes (origin.model: the result)
    "gnas_annot.origin.phased",  # origin calls from phased genotypes
    "gnas_annot.origin.reads",  # --bam (origin.model holds its settings)
    "gnas_annot.cli.threads",  # --threads (cli.summary: what a run reports)
    "gnas_annot.known.clinvar",  # --clinvar
    "gnas_annot.effect.clinvar_regions",
    "gnas_annot.effect.splicing",  # LoF of splice donor/acceptor variants (none here)
    "gnas_annot.output.tables",  # TSV, JSON Lines, Parquet output
    "importlib.resources",  # the pack is found on disk (pack.files.data_dir)
    "zipfile",
)


def test_a_plain_indexed_annotate_run_imports_nothing_it_does_not_use(tmp_path):
    vcf = tmp_path / "in.vcf.gz"
    with vcf.open("wb") as out:
        subprocess.run(["bgzip", "-c", str(EXAMPLES / "trio.GRCh38.vcf")], stdout=out, check=True)
    subprocess.run(["tabix", "-p", "vcf", str(vcf)], check=True)
    out = tmp_path / "out.vcf"
    modules = _modules_after(
        "from gnas_annot.cli.app import main; "
        f"sys.exit(main(['annotate', {str(vcf)!r}, '-q', '-o', {str(out)!r}]))"
    )
    assert out.read_text().count("\n") > 0 and "gnas_annot.annotate.pipeline" in modules
    unused = {m for m in modules for p in NOT_FOR_A_PLAIN_RUN if m == p or m.startswith(p + ".")}
    assert not unused


def test_the_options_that_need_the_modules_still_import_them(tmp_path):
    out = tmp_path / "out.vcf"
    modules = _modules_after(
        "from gnas_annot.cli.app import main; "
        f"sys.exit(main(['annotate', {str(EXAMPLES / 'trio.GRCh38.vcf')!r}, "
        f"'--ped', {str(EXAMPLES / 'trio.ped')!r}, '-q', '-o', {str(out)!r}]))"
    )
    assert {
        "gnas_annot.origin.assign",
        "gnas_annot.origin.window",
        "gnas_annot.origin.trio",
        "gnas_annot.origin.phased",
        "gnas_annot.cli.family",
    } <= modules


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_a_working_help(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: gnas-annot {command} ")
    assert "-h, --help" in text


@pytest.mark.parametrize("action", ["show", "verify", "fetch", "build", "manifest"])
def test_every_data_action_has_a_working_help(action, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["data", action, "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: gnas-annot data {action} ")


def test_the_top_level_help_lists_every_command_with_its_line(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for name, (line, _) in COMMANDS.items():
        assert f"{name} {line}" in text


def test_options_before_the_command_still_choose_it(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--debug", "annotate", "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith("usage: gnas-annot annotate ")


def test_an_unknown_command_is_a_usage_error_naming_the_choices(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["annotat", "x.vcf"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'annotat'" in err and "'annotate'" in err


def _choices(parser):
    (sub,) = (a for a in parser._actions if a.dest == "command")
    return set(sub.choices)


def test_a_command_run_builds_no_other_commands_parser():
    from gnas_annot.cli.app import _parser

    assert _choices(_parser(["annotate", "in.vcf", "-o", "x.vcf"])) == {"annotate"}
    assert _choices(_parser(["--debug", "data", "show"])) == {"data"}
    # the top-level help (also before a command) and a mistyped command list them all
    for argv in (["--help"], ["-h", "annotate"], ["--help", "annotate"], ["annotat"], []):
        assert _choices(_parser(argv)) == set(COMMANDS), argv


def test_the_version_builds_no_command_parser_and_prints_what_the_full_parser_prints(capsys):
    from gnas_annot.cli.app import _parser

    for argv in (["--version"], ["--debug", "--version"], ["--version", "annotate"]):
        assert _choices(_parser(argv)) == set(), argv
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 0
        assert capsys.readouterr().out == f"gnas-annot {__version__}\n"
    # a help option or a command before it: argparse reaches those first
    for argv in (["--help", "--version"], ["-h", "--version"], ["annotate", "--version"]):
        assert _choices(_parser(argv)) != set(), argv


def test_the_help_before_a_command_is_the_top_level_help(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help", "annotate"])
    assert stop.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert text.startswith("usage: gnas-annot [-h]")
    assert all(f"{name} {line}" in text for name, (line, _) in COMMANDS.items())
