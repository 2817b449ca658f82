"""Where the data pack lives and how its files are read and checksummed.

The pack is shipped inside the wheel as ``gnas_annot/data`` and found through
:mod:`importlib.resources`; in a source checkout (editable install) it is the
top-level ``data/`` folder.  ``GNAS_ANNOT_DATA`` points at another copy, for a
pack built by ``gnas-annot data build``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from gnas_annot.errors import DataPackError, DataPackIntegrityError

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

MANIFEST = "manifest.json"
PACK_TABLES = (
    "transcripts.tsv",
    "transcript_models.tsv",
    "regions.tsv",
    "conditions.tsv",
    "known_variants.tsv",
    "critical_regions.tsv",
    "mosaicism.tsv",
    "population_frequency.tsv",
    "hotspots.tsv",
    "products.tsv",
    "imprinting_control.tsv",
)
DATA_ENV = "GNAS_ANNOT_DATA"


def data_dir() -> Traversable:
    """The directory holding the pack tables."""
    override = os.environ.get(DATA_ENV)
    if override:
        path = Path(override)
        if not (path / MANIFEST).is_file():
            raise DataPackError(f"{DATA_ENV}={override} does not hold a data pack ({MANIFEST})")
        return path
    # gnas_annot/data beside this subpackage: the folder importlib.resources finds
    # in an installed package, without importing its machinery (~7 ms of start-up)
    here = Path(__file__)
    packaged: Traversable = here.parents[1] / "data"
    if packaged.joinpath(MANIFEST).is_file():
        return packaged
    if not here.is_file():  # imported from a zip: only importlib.resources reads it
        from importlib import resources

        packaged = resources.files("gnas_annot").joinpath("data")
        if packaged.joinpath(MANIFEST).is_file():
            return packaged
    # Editable install from a checkout: src/gnas_annot/pack/files.py -> <repo>/data
    checkout = Path(__file__).resolve().parents[3] / "data"
    if (checkout / MANIFEST).is_file():
        return checkout
    raise DataPackError(
        "the gnas_annot data pack is missing from this installation "
        "(expected gnas_annot/data inside the package); reinstall gnas-annot"
    )


def read_table(name: str, directory: Traversable | None = None) -> Iterator[dict[str, str]]:
    """Rows of a pack TSV as dicts; ``#`` lines before the header are comments."""
    source = (directory or data_dir()).joinpath(name)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataPackError(f"data pack table {name} is missing") from exc
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    if not lines:
        raise DataPackError(f"data pack table {name} has no header line")
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
    for line_no, row in enumerate(reader, start=2):
        if None in row or any(value is None for value in row.values()):
            raise DataPackIntegrityError(
                f"{name}: data row {line_no} has a different number of columns than the header"
            )
        yield row


def sha256(name: str, directory: Traversable | None = None) -> str:
    return hashlib.sha256((directory or data_dir()).joinpath(name).read_bytes()).hexdigest()


def read_manifest(directory: Traversable | None = None) -> dict[str, object]:
    try:
        manifest = json.loads((directory or data_dir()).joinpath(MANIFEST).read_text("utf-8"))
    except (FileNotFoundError, json.JSONDecodeError) as exc:
        raise DataPackError(f"data pack manifest unreadable: {exc}") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise DataPackError("data pack manifest has no 'files' table")
    return manifest


def verify_checksums(directory: Traversable | None = None) -> dict[str, str]:
    """Check every file the manifest lists; return {file: sha256}.

    Every refusal is one line naming the file, the pack folder and the fix.
    """
    folder = directory or data_dir()
    manifest = read_manifest(folder)
    files = manifest["files"]
    assert isinstance(files, dict)
    fix = (
        "restore it (reinstall gnas-annot, or re-copy the pack named by "
        f"{DATA_ENV}); maintainers who edited it on purpose run `make manifest`"
    )
    checked: dict[str, str] = {}
    for name, expected in sorted(files.items()):
        try:
            actual = sha256(name, folder)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as exc:
            raise DataPackIntegrityError(
                f"data pack file {name} is missing from {folder}: {fix}"
            ) from exc
        if actual != expected:
            raise DataPackIntegrityError(
                f"data pack file {name} in {folder} has sha256 {actual[:12]}..., "
                f"the manifest says {str(expected)[:12]}...: the file was edited or "
                f"damaged; {fix}"
            )
        checked[name] = actual
    unlisted = set(_walk(folder)) - set(files)
    missing = set(PACK_TABLES) - set(files)
    if missing or unlisted:
        raise DataPackIntegrityError(
            f"manifest of {folder} does not list {', '.join(sorted(missing | unlisted))} "
            "(maintainers: run `make manifest`)"
        )
    return checked


def _walk(folder: Traversable, prefix: str = "") -> list[str]:
    names: list[str] = []
    for entry in folder.iterdir():
        if entry.name == MANIFEST or entry.name == "__pycache__" or entry.name.startswith("."):
            continue
        if entry.is_dir():
            names.extend(_walk(entry, f"{prefix}{entry.name}/"))
        else:
            names.append(prefix + entry.name)
    return names


def write_manifest(directory: Path, pack_version: str) -> dict[str, object]:
    """Recompute checksums of the pack tables and example files (maintainers only)."""
    names = sorted(_walk(directory))
    manifest: dict[str, object] = {
        "pack_version": pack_version,
        "files": {
            name: hashlib.sha256((directory / name).read_bytes()).hexdigest() for name in names
        },
    }
    tmp = directory / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(directory / MANIFEST)
    return manifest
