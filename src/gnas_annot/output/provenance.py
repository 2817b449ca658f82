"""Provenance of an output: which tool and data pack, which build, reference
and command made it.  Every output carries the same keys: ``##gnas_annot<Key>=``
header lines in VCF and TSV (as VEP's tab output starts with ``##`` lines),
key-value metadata in Parquet, and a first header object in JSON Lines
(docs/output.md).

>>> p = Provenance("1.0", "2024.1", "GRCh38", "gnas-annot annotate in.vcf", "none")
>>> p.header_lines()[0]
'##gnas_annotVersion=1.0'
>>> p.as_dict()["build"]
'GRCh38'
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass

#: (attribute, key in JSON/Parquet, suffix of the ## header line), in output order
_FIELDS = (
    ("version", "version", "Version"),
    ("data_pack", "data_pack", "DataPack"),
    ("build", "build", "Build"),
    ("command", "command", "Command"),
    ("reference", "reference", "Reference"),
    ("region", "region", "Region"),
)

#: the single key of the first JSON Lines object, which holds the provenance
JSONL_HEADER_KEY = "gnas_annot_header"


@dataclass(frozen=True, slots=True)
class Provenance:
    version: str
    data_pack: str
    build: str
    command: str
    reference: str  # the FASTA used, or "none"
    region: str = ""

    @classmethod
    def of_run(
        cls, argv: Sequence[str], build: object, reference: object, region: object = ""
    ) -> Provenance:
        from gnas_annot._version import __version__
        from gnas_annot.pack import files

        return cls(
            version=__version__,
            data_pack=str(files.read_manifest().get("pack_version")),
            build=str(build),
            command="gnas-annot " + " ".join(shlex.quote(a) for a in argv),
            reference=str(reference) if reference is not None else "none",
            region=str(region),
        )

    @classmethod
    def of_call(
        cls, function: str, arguments: dict[str, object], build: object, reference: object,
        region: object = "",
    ) -> Provenance:  # fmt: skip
        """The provenance of a library call (``annotate_many``): ``command`` is the
        call, with the arguments that are set."""
        given = ", ".join(f"{k}={v!r}" for k, v in arguments.items() if v is not None)
        made = cls.of_run((), build, reference, region)
        return cls(made.version, made.data_pack, made.build, f"{function}({given})",
                   made.reference, made.region)  # fmt: skip

    def parquet_metadata(self) -> dict[str, str]:
        """The key-value metadata of a Parquet file: ``gnas_annot.<key>``."""
        return {f"gnas_annot.{k}": v for k, v in self.as_dict().items()}

    def as_dict(self) -> dict[str, str]:
        return {key: getattr(self, attr) for attr, key, _ in _FIELDS if getattr(self, attr)}

    def header_lines(self) -> tuple[str, ...]:
        """``##gnas_annot<Key>=value`` lines (one line each: newlines become spaces)."""
        return tuple(
            f"##gnas_annot{suffix}=" + " ".join(str(getattr(self, attr)).splitlines())
            for attr, _, suffix in _FIELDS
            if getattr(self, attr)
        )
