"""One exception hierarchy, each class with a documented exit code."""

from __future__ import annotations

import inspect

from gnas_annot import errors


def test_every_error_is_a_gnas_annot_error_with_a_documented_exit_code():
    classes = [
        c
        for _, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, Exception)
        and not issubclass(c, Warning)  # GnasAnnotWarning: not an error, no exit code
        and c.__module__ == errors.__name__
    ]
    assert len(classes) > 20
    for cls in classes:
        assert issubclass(cls, errors.GnasAnnotError), cls
        assert cls.exit_code in errors.EXIT_CODES, cls


def test_categories_have_distinct_codes():
    categories = [
        errors.InputError,
        errors.VcfFormatError,
        errors.BuildError,
        errors.ContigError,
        errors.ReferenceSequenceError,
        errors.DataPackError,
        errors.RemoteError,
        errors.OutputError,
    ]
    codes = [c.exit_code for c in categories]
    assert len(set(codes)) == len(codes)
    assert 0 not in codes and 2 not in codes  # success and argparse usage errors
