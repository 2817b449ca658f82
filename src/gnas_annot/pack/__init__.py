"""The GNAS data pack: shipped tables of coordinates and facts, plus the tools
that complete it with sequence (``fetch`` over the network, opt-in; ``build``
from the user's own FASTA/GFF3)."""

from gnas_annot.pack.files import data_dir, read_manifest, read_table, verify_checksums

__all__ = ["data_dir", "read_manifest", "read_table", "verify_checksums"]
