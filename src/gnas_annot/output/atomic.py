"""Atomic output: files appear complete or not at all, a data file and its
index as a pair.

Writers write into a temporary file in the destination directory (and index
it there, as ``<tmp>.tbi``/``<tmp>.csi``); when they finish, the pair is
installed: under a lock on the directory, the old index is removed first,
then the data renamed over the target, then the new index renamed beside it.
A process killed in between leaves the new (or old) data with no index,
which is read correctly without one, never one run's data beside another
run's index; two writers to one path take turns, so the last one's data and
index end up together.  On any error the temporary files are removed and the
target is left as it was.  A target that is not a regular file (/dev/stdout,
/dev/null, a named pipe) is written into, never renamed over.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
>>> with atomic_path(target) as tmp:
...     _ = tmp.write_text("done")
>>> target.read_text()
'done'
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from gnas_annot.errors import OutputError

INDEX_SUFFIXES = (".tbi", ".csi")

try:  # POSIX; elsewhere writers to one path are not serialized
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; install it (and any index
    written beside it) in place of ``target`` when the block exits without error."""
    target = Path(target)
    directory = target.parent
    if not directory.is_dir():
        if directory.exists():
            raise OutputError(f"cannot write {target}: {directory} is not a directory")
        raise OutputError(f"output directory does not exist: {directory}")
    if target.is_dir():
        raise OutputError(f"output path is a directory: {target}")
    if target.exists() and not target.is_file():  # a device: the temporary goes elsewhere
        directory = Path(tempfile.gettempdir())
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
        # mkstemp creates 0600; the output is a data file like any other and
        # gets the permissions the user's umask gives (indexes already do)
        tmp.chmod(0o666 & ~_umask())
        install(tmp, target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        for leftover in (tmp, *(Path(str(tmp) + s) for s in INDEX_SUFFIXES)):
            leftover.unlink(missing_ok=True)


def install(tmp: Path, target: Path) -> None:
    """Put a finished ``tmp`` (and ``tmp``.tbi/.csi) in place of ``target`` as a pair."""
    if target.exists() and not target.is_file():
        # /dev/stdout, /dev/null, /dev/full, a named pipe: write into it, never
        # rename over it (as root that replaced the device with a file)
        with tmp.open("rb") as data, target.open("wb") as out:
            shutil.copyfileobj(data, out, 1 << 20)
        return
    pairs = [(Path(str(tmp) + s), Path(str(target) + s)) for s in INDEX_SUFFIXES]
    with _directory_lock(target.parent):
        for _, final in pairs:  # no moment with new data beside an old index
            final.unlink(missing_ok=True)
        tmp.replace(target)
        for new, final in pairs:
            if new.exists():
                new.replace(final)


@contextmanager
def _directory_lock(directory: Path) -> Iterator[None]:
    """Exclusive lock on the directory itself: no lock file is left behind, and
    the kernel releases it when a killed process dies."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def refuse_overwriting_inputs(output: str, inputs: Iterable[str | None]) -> None:
    """Refuse an output path that is one of the inputs (or its index), however
    it is spelled: relative, through a symlink, or a hard link to it."""
    if not output or output == "-":
        return
    target = Path(output)
    for given in inputs:
        if not given or given == "-":
            continue
        source = Path(given)
        for data in (source, *(Path(str(source) + s) for s in INDEX_SUFFIXES)):
            if _same_file(target, data):
                what = f"the input {given}" if data == source else f"the index of the input {given}"
                raise OutputError(
                    f"output {output} is {what} itself: writing it would destroy the input; "
                    "choose another output path"
                )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _umask() -> int:
    """The process umask (Python < 3.13 can read it only by setting it)."""
    current = os.umask(0o022)
    os.umask(current)
    return current
