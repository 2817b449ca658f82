"""One check of an input path before it is opened, so that a directory or a
device is named for what it is instead of "not found"."""

from __future__ import annotations

from pathlib import Path

from gnas_annot.errors import InputError, InputNotFoundError


def require_input(
    path: Path, what: str, *, stream_ok: bool, read_as: str = "read by its index"
) -> None:
    """Refuse a missing path, a directory, and (unless ``stream_ok``: read once,
    front to back) a pipe or device, each in words that say which it is;
    ``read_as`` says why a file on disk is needed."""
    if not path.exists():
        raise InputNotFoundError(f"{what} not found: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not {_article(what)} {what}")
    if not stream_ok and not path.is_file():
        raise InputError(
            f"{path} is not a regular file (a pipe or a device); a {what} must be a file "
            f"on disk, {read_as}"
        )


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
