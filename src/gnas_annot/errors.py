"""One exception hierarchy for everything gnas_annot refuses to do.

Every error a user can provoke with bad input is a subclass of
:class:`GnasAnnotError` and carries the process exit code the CLI uses for it,
so pipeline authors can branch on the code without parsing messages.

>>> from gnas_annot.errors import BuildMismatchError, GnasAnnotError
>>> issubclass(BuildMismatchError, GnasAnnotError)
True
>>> BuildMismatchError("chr20 is 63,025,520 bp (GRCh37) but --build GRCh38").exit_code
5
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pathlib is not imported by `gnas-annot --version` (start-up)
    from pathlib import Path


class GnasAnnotError(Exception):
    """Base class: a problem with the user's input, data or environment."""

    exit_code = 1


class UsageError(GnasAnnotError):
    """The command line asks for something impossible (e.g. an output name whose
    type cannot be told from its extension)."""

    exit_code = 2


class GnasAnnotWarning(UserWarning):
    """Input that is processed whole but not as the user may expect (a chr20 name
    the header does not declare, an index older than its data ...).  The CLI
    prints each as one ``gnas-annot: warning: ...`` line on stderr."""


# --- input files -------------------------------------------------------------


class InputError(GnasAnnotError):
    """An input file cannot be opened or read."""

    exit_code = 3


class InputNotFoundError(InputError):
    """The input path does not exist or is not readable."""


class TruncatedInputError(InputError):
    """A compressed input ends in the middle of a block (truncated BGZF/gzip)."""


class CorruptInputError(InputError):
    """An input is not the format it claims to be, or is damaged."""


class VcfFormatError(InputError):
    """The VCF/BCF violates the specification in a way we cannot work around."""

    exit_code = 4


class CustomAnnotationError(InputError):
    """A custom annotation source (--custom, --clinvar, --gnomad) cannot be used."""


class MalformedHeaderError(VcfFormatError):
    """Header lines are missing or wrong (for example no ``#CHROM`` line)."""


class MalformedRecordError(VcfFormatError):
    """A data line cannot be parsed (wrong column count, bad POS ...)."""


# --- genome build and contigs -----------------------------------------------


class BuildError(GnasAnnotError):
    """The genome build is unknown, ambiguous or contradicted."""

    exit_code = 5


class BuildUndetectableError(BuildError):
    """Nothing in the input says which build it is; ``--build`` is needed."""


class BuildMismatchError(BuildError):
    """Two pieces of evidence (header, contig length, reference, --build) disagree."""


class ContigError(GnasAnnotError):
    """Contig naming we cannot map onto chromosome 20."""

    exit_code = 6


class UnknownContigError(ContigError):
    """The file names chromosome 20 in a way we do not recognise."""


# --- reference sequence ------------------------------------------------------


class ReferenceSequenceError(GnasAnnotError):
    """A problem with the reference genome sequence."""

    exit_code = 7


class ReferenceUnavailableError(ReferenceSequenceError):
    """No reference sequence is available for a step that needs it."""


class ReferenceFileError(ReferenceSequenceError):
    """The reference FASTA cannot be opened or indexed."""


class RefMismatchError(ReferenceSequenceError):
    """A VCF REF allele disagrees with the reference sequence (strict mode)."""


# --- data pack ---------------------------------------------------------------


class DataPackError(GnasAnnotError):
    """The bundled or user-built data pack is missing, inconsistent or corrupt."""

    exit_code = 8


class DataPackIntegrityError(DataPackError):
    """A pack file's checksum or internal consistency check failed."""


# --- network -----------------------------------------------------------------


class RemoteError(GnasAnnotError):
    """An opt-in remote look-up failed."""

    exit_code = 9


class RemoteDisabledError(RemoteError):
    """A remote look-up was needed but network access was not allowed."""


class RemoteUnavailableError(RemoteError):
    """The remote service could not be reached or answered with an error."""


class RemoteDataError(RemoteError):
    """The remote service answered, but with data that fails our checks."""


# --- pedigrees and alignments ----------------------------------------------------


class PedigreeError(GnasAnnotError):
    """A PED file or --trio specification cannot be used."""

    exit_code = 10


class MalformedPedError(PedigreeError):
    """A PED line has the wrong number of columns or invalid values."""


class PedigreeConsistencyError(PedigreeError):
    """Duplicate IDs, a cycle, or a parent of the wrong sex."""


class SampleNotFoundError(PedigreeError):
    """A sample named in the pedigree or on the command line is not in the VCF."""


class AlignmentInputError(InputError):
    """A BAM/CRAM cannot be read (missing index, CRAM without reference ...)."""


# --- HGVS input ----------------------------------------------------------------


class HgvsInputError(GnasAnnotError):
    """An HGVS description given by the user cannot be used."""

    exit_code = 12


class HgvsSyntaxError(HgvsInputError):
    """The text is not a valid HGVS description."""


class UnknownTranscriptError(HgvsInputError):
    """The accession is not a GNAS sequence in the data pack."""


class HgvsRangeError(HgvsInputError):
    """A position lies outside the sequence or region it names (beyond the CDS end ...)."""


class HgvsReferenceMismatchError(HgvsInputError):
    """The reference bases the description states are not what the reference has."""


# --- output ------------------------------------------------------------------


class OutputError(GnasAnnotError):
    """An output file cannot be written."""

    exit_code = 11


# --- many inputs -----------------------------------------------------------------


class AnnotateManyError(GnasAnnotError):
    """Some inputs of :func:`annotate_many` failed; the others were written.

    ``failures`` holds one dict per failed input (as in ``_failures.json``),
    ``dataset`` the dataset path.  The exit code is the failures' own when they
    all share one, else 1.
    """

    def __init__(self, message: str, failures: Sequence[Mapping[str, Any]], dataset: Path) -> None:
        super().__init__(message)
        self.failures = [dict(f) for f in failures]
        self.dataset = dataset
        codes = {int(f.get("exit_code", 1)) for f in failures}
        self.exit_code = codes.pop() if len(codes) == 1 else 1


EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "other gnas_annot error",
    2: "command-line usage error",
    3: "input file missing, unreadable, truncated or corrupt",
    4: "VCF/BCF format error (header or record)",
    5: "genome build undetectable or contradicted",
    6: "chromosome 20 contig naming not recognised",
    7: "reference sequence unavailable, unreadable or disagreeing (strict mode)",
    8: "data pack missing, inconsistent or corrupt",
    9: "remote look-up disabled or failed",
    10: "pedigree (PED or --trio) invalid or inconsistent with the VCF",
    11: "output cannot be written",
    12: "HGVS description invalid, out of range, or disagreeing with the reference",
    70: "internal error (a bug: please report it with the command line)",
}
