"""Copy-number, UPD and ROH settings refuse impossible values where they are made,
for library callers as for the command line (UsageError, exit 2)."""

from __future__ import annotations

import math

import pytest

from gnas_annot.errors import UsageError
from gnas_annot.structure.copy_number import CnvSettings
from gnas_annot.structure.roh import RohSettings
from gnas_annot.structure.upd import UpdSettings


def test_the_defaults_are_valid() -> None:
    UpdSettings(), CnvSettings(), RohSettings()


@pytest.mark.parametrize("rate", [0, 1, -0.1, 2, math.nan, math.inf])
def test_an_error_rate_whose_log_cannot_be_taken_is_refused(rate: float) -> None:
    with pytest.raises(UsageError, match=r"UpdSettings\.error_rate") as exc:
        UpdSettings(error_rate=rate)
    assert exc.value.exit_code == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("min_lod", math.nan), ("min_lod", -1), ("whole_fraction", 1.5), ("min_informative", -3),
     ("min_upd_errors", 2.5)],
)  # fmt: skip
def test_upd_thresholds_out_of_range_are_refused(field: str, value: float) -> None:
    with pytest.raises(UsageError, match=rf"UpdSettings\.{field}"):
        UpdSettings(**{field: value})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [("del_ratio", -0.5), ("dup_ratio", math.inf), ("min_z", math.nan), ("min_depth", -1),
     ("max_cv", math.nan), ("min_sd", -0.01), ("min_flanks", -1), ("min_mapq", 20.5),
     ("min_z", "3")],
)  # fmt: skip
def test_cnv_thresholds_out_of_range_are_refused(field: str, value: object) -> None:
    with pytest.raises(UsageError, match=rf"CnvSettings\.{field}"):
        CnvSettings(**{field: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["min_length", "min_sites", "bridge_sites"])
def test_roh_counts_must_be_whole_and_non_negative(field: str) -> None:
    with pytest.raises(UsageError, match=rf"RohSettings\.{field}"):
        RohSettings(**{field: -1})
    with pytest.raises(UsageError, match=rf"RohSettings\.{field}"):
        RohSettings(**{field: True})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("command", "option"),
    [("annotate", "--bam"), ("annotate", "--methylation"), ("origin", "--bam"),
     ("origin", "--methylation"), ("cnv", "--methylation"), ("upd", "--methylation")],
)  # fmt: skip
def test_every_sample_path_option_refuses_a_value_without_sample_equals_path(
    command: str, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from gnas_annot.cli.app import main

    with pytest.raises(SystemExit) as exc:
        main([command, option, "no-equals-sign", "x.vcf"])
    assert exc.value.code == 2
    assert (
        f"argument {option}: expected SAMPLE=PATH, got 'no-equals-sign'" in capsys.readouterr().err
    )


def _options() -> list[tuple[str, type, str, str]]:
    """(command, settings class, field, option) of every option that sets a setting."""
    return [
        *(("cnv", CnvSettings, f, "--" + f.replace("_", "-"))
          for f in ("del_ratio", "dup_ratio", "min_z", "min_depth", "min_mapq")),
        *(("upd", UpdSettings, f, "--" + f.replace("_", "-"))
          for f in ("error_rate", "min_lod", "min_upd_errors", "min_informative")),
        ("upd", RohSettings, "min_length", "--min-roh"),
    ]  # fmt: skip


PROBES = ("-1", "-0.5", "0", "0.5", "1", "1.5", "2", "20", "2.5", "nan", "inf", "-inf", "1e3")


@pytest.mark.parametrize(("command", "settings", "field", "option"), _options())
def test_an_option_accepts_exactly_what_its_setting_accepts(
    command: str, settings: type, field: str, option: str
) -> None:
    """The option's type and the setting's check read one Limit: they agree on every
    probe value, and the option's default is the setting's."""
    import argparse
    import importlib

    parser = argparse.ArgumentParser(exit_on_error=False)
    importlib.import_module(f"gnas_annot.cli.{command}").configure_parser(parser)
    whole = isinstance(getattr(settings(), field), int)
    required = {"upd": ["x.vcf", "--trio", "C,F,M"], "cnv": []}[command]
    for text in PROBES:
        try:
            value = int(text) if whole else float(text)
            settings(**{field: value})
            setting_ok = True
        except (ValueError, UsageError):
            setting_ok = False
        try:
            parsed = parser.parse_known_args([*required, option, text])[0]
            option_ok = getattr(parsed, option[2:].replace("-", "_")) is not None
        except (argparse.ArgumentError, SystemExit):
            option_ok = False
        assert option_ok == setting_ok, (option, text)
    defaults = parser.parse_known_args(required)[0]
    assert getattr(defaults, option[2:].replace("-", "_")) == getattr(settings(), field)
