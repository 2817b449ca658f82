"""Atomic output: files appear complete or not at all.

Writers write into a temporary file in the destination directory and rename
it over the target only after they finish; on any error the temporary file
(and its index) is removed and the target is left as it was.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_path(target) as tmp:
...     _ = tmp.write_text("done")
>>> target.read_text()
'done'
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gnas_annot.errors import OutputError

INDEX_SUFFIXES = (".tbi", ".csi")


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it (and any index
    written beside it) into place when the block exits without error."""
    target = Path(target)
    directory = target.parent
    if not directory.is_dir():
        if directory.exists():
            raise OutputError(f"cannot write {target}: {directory} is not a directory")
        raise OutputError(f"output directory does not exist: {directory}")
    if target.is_dir():
        raise OutputError(f"output path is a directory: {target}")
    # keep the suffixes, so tools that sniff format by name (.vcf.gz) behave
    suffix = "".join(target.suffixes[-2:]) or ".tmp"
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write in {directory}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        for index_suffix in INDEX_SUFFIXES:
            tmp_index = Path(str(tmp) + index_suffix)
            if tmp_index.exists():
                tmp_index.replace(str(target) + index_suffix)
        tmp.replace(target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc}") from exc
    finally:
        for leftover in (tmp, *(Path(str(tmp) + s) for s in INDEX_SUFFIXES)):
            leftover.unlink(missing_ok=True)
