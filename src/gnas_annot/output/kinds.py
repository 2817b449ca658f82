"""Which file type an output is, decided as bcftools decides it: a known
extension names the type, ``-O/--output-type`` overrides it, and a name whose
type cannot be told is refused (never guessed), so the content always matches
the name.

>>> output_type("trio.tsv.gz", None, ANNOTATE_TYPES).value
'tsv.gz'
>>> output_type("out.txt", "z", ANNOTATE_TYPES).value
'vcf.gz'
>>> try:
...     output_type("x.csv", None, ANNOTATE_TYPES)
... except UsageError as exc:
...     print(exc.exit_code, str(exc)[:47])
2 cannot tell the output type of 'x.csv' from its
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

from gnas_annot.errors import OutputError, UsageError
from gnas_annot.output.atomic import install


class OutputType(StrEnum):
    VCF = "vcf"
    VCF_GZ = "vcf.gz"  # bgzip, with a .tbi index
    BCF = "bcf"  # with a .csi index
    TSV = "tsv"
    TSV_GZ = "tsv.gz"  # bgzip (readable by gzip/zcat)
    JSONL = "jsonl"
    JSONL_GZ = "jsonl.gz"  # bgzip
    PARQUET = "parquet"

    @property
    def table(self) -> str:
        """The writer: vcf, tsv, jsonl or parquet."""
        return "vcf" if self in _VCF_TYPES else self.value.split(".")[0]

    @property
    def compressed(self) -> bool:
        return self.value.endswith(".gz")

    @property
    def binary(self) -> bool:
        return self.compressed or self in (OutputType.BCF, OutputType.PARQUET)

    @property
    def suffix(self) -> str:
        return "." + self.value


_VCF_TYPES = frozenset({OutputType.VCF, OutputType.VCF_GZ, OutputType.BCF})
VCF_TYPES: tuple[OutputType, ...] = (OutputType.VCF, OutputType.VCF_GZ, OutputType.BCF)
ANNOTATE_TYPES: tuple[OutputType, ...] = tuple(OutputType)

#: extensions that name a type (longest first); ``.bgz`` is bgzip as well
_EXTENSIONS: tuple[tuple[str, OutputType], ...] = (
    (".vcf.gz", OutputType.VCF_GZ),
    (".vcf.bgz", OutputType.VCF_GZ),
    (".tsv.gz", OutputType.TSV_GZ),
    (".tsv.bgz", OutputType.TSV_GZ),
    (".jsonl.gz", OutputType.JSONL_GZ),
    (".jsonl.bgz", OutputType.JSONL_GZ),
    (".vcf", OutputType.VCF),
    (".bcf", OutputType.BCF),
    (".tsv", OutputType.TSV),
    (".jsonl", OutputType.JSONL),
    (".parquet", OutputType.PARQUET),
)
#: bcftools' -O letters (u, uncompressed BCF, is written compressed: same reader)
_LETTERS = {"v": OutputType.VCF, "z": OutputType.VCF_GZ, "b": OutputType.BCF}


def type_choices(allowed: Sequence[OutputType]) -> list[str]:
    """The -O values for ``allowed``: type names plus bcftools' letters."""
    return [t.value for t in allowed] + [k for k, t in _LETTERS.items() if t in allowed]


def type_from_name(path: str) -> OutputType | None:
    name = Path(path).name.lower()
    return next((kind for ext, kind in _EXTENSIONS if name.endswith(ext)), None)


def output_type(
    path: str,
    explicit: str | None,
    allowed: Sequence[OutputType],
    stdout_default: OutputType = OutputType.VCF,
) -> OutputType:
    """The type to write at ``path`` ('-' is stdout); see the module docstring."""
    if path != "-" and Path(path).is_dir():
        raise OutputError(f"output path is a directory: {path}")
    if explicit:
        kind = _LETTERS.get(explicit) or OutputType(explicit)
    elif path == "-":
        kind = stdout_default
    else:
        found = type_from_name(path)
        if found is None:
            suffixes = [t.suffix for t in allowed]
            names = ", ".join(suffixes[:-1]) + " or " + suffixes[-1]
            raise UsageError(
                f"cannot tell the output type of {path!r} from its name: name it "
                f"{names}, or give -O TYPE"
            )
        kind = found
    if kind not in allowed:
        raise UsageError(
            f"this command cannot write {kind} (output {path!r}); it writes "
            + ", ".join(t.value for t in allowed)
        )
    if path == "-" and kind is OutputType.PARQUET:
        raise UsageError("Parquet cannot be written to stdout: give -o FILE.parquet")
    return kind


@contextmanager
def delivered(path: str, kind: OutputType) -> Iterator[str]:
    """A path for the writer that carries ``kind``'s own extension (writers and
    htslib choose compression and index from it); the result is moved to
    ``path`` (with its index), or copied to stdout for '-'.  When ``path``
    ends in ``kind``'s own extension, the writer writes there directly."""
    if path != "-" and path.endswith(kind.suffix):
        yield path
        return
    if path == "-" or _is_device(path):  # never a temporary directory in /dev
        folder = tempfile.mkdtemp(prefix="gnas_annot_")
    else:
        parent = Path(path).parent
        if not parent.is_dir():
            raise OutputError(f"output directory does not exist: {parent}")
        try:  # beside the target, so the final rename is atomic
            folder = tempfile.mkdtemp(prefix=f".{Path(path).name}.", dir=parent)
        except OSError as exc:
            raise OutputError(f"cannot write in {parent}: {exc.strerror or exc}") from exc
    staged = Path(folder) / f"out{kind.suffix}"
    try:
        yield str(staged)
        if path == "-":
            _copy_to_stdout(staged)
        else:
            # as a pair, under the directory lock; a device is written into
            install(staged, Path(path))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc}") from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _is_device(path: str) -> bool:
    """/dev/stdout, a named pipe ...: exists but is not a regular file."""
    target = Path(path)
    return target.exists() and not target.is_file()


def _copy_to_stdout(staged: Path, write: Callable[[bytes], object] | None = None) -> None:
    out = write or sys.stdout.buffer.write
    sys.stdout.flush()
    with staged.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            out(chunk)
    sys.stdout.flush()
