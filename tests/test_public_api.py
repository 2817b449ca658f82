"""The public API is ``gnas_annot`` itself; the flat module paths of the release
before the layered layout still work for one release, with a DeprecationWarning
that names the new home."""

from __future__ import annotations

import importlib
import warnings

import pytest

import gnas_annot
from gnas_annot._deprecated import MOVED


def test_every_exported_name_resolves():
    for name in gnas_annot.__all__:
        assert getattr(gnas_annot, name) is not None, name


def test_the_package_ships_py_typed():
    from importlib.resources import files

    assert files("gnas_annot").joinpath("py.typed").is_file()


@pytest.mark.parametrize(
    ("old", "name", "new"),
    [
        ("hgvs_names", "HgvsNamer", "gnas_annot.naming.names"),
        ("writers", "write_tsv", "gnas_annot.output.tables"),
        ("writers", "rows", "gnas_annot.annotate.results"),
        ("locus", "load_locus", "gnas_annot.pack.locus"),
        ("locus", "Transcript", "gnas_annot.model.locus"),
        ("origin", "Origin", "gnas_annot.origin.model"),
        ("annotate", "AnnotatedVariant", "gnas_annot.annotate.results"),
        ("scale", "annotate_many", "gnas_annot.scale.many"),
    ],
)
def test_an_old_deep_path_still_works_with_a_deprecation_warning(old, name, new):
    module = importlib.import_module(f"gnas_annot.{old}")
    with pytest.warns(DeprecationWarning, match=new.replace(".", r"\.")):
        value = getattr(module, name)
    assert value is getattr(importlib.import_module(new), name)


def test_every_old_path_imports():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for old in MOVED:
            importlib.import_module(f"gnas_annot.{old}")


def test_an_unknown_name_on_an_old_path_is_an_attribute_error():
    module = importlib.import_module("gnas_annot.hgvs_names")
    with pytest.raises(AttributeError):
        module.no_such_thing  # noqa: B018
