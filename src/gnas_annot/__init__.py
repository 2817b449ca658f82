"""gnas_annot: parent-of-origin-aware annotation of variants at the human GNAS locus.

The public API is re-exported here; see docs/ for the guide.  Names are
imported on first use (PEP 562), so ``gnas-annot extract`` does not pay for
the HGVS and annotation machinery it does not use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from gnas_annot import _deprecated
from gnas_annot._version import __version__

_deprecated.install()

if TYPE_CHECKING:  # the static view of the lazy names below
    from gnas_annot.annotate.carriers import CarrierFacts, Carriers, SampleAnnotation
    from gnas_annot.annotate.results import COLUMNS, AnnotatedVariant, rows
    from gnas_annot.annotate.run import AnnotationRun, annotate_vcf
    from gnas_annot.effect.consequence import (
        ConsequenceCalculator,
        TranscriptConsequence,
        VariantConsequences,
    )
    from gnas_annot.effect.lof import LofAssessment, assess
    from gnas_annot.effect.pvs1 import LofCall
    from gnas_annot.epigenetics.api import methylation
    from gnas_annot.epigenetics.model import (
        DmrCall,
        DmrResult,
        MethylationResult,
        MethylationSettings,
        Pattern,
    )
    from gnas_annot.errors import GnasAnnotError
    from gnas_annot.extract.extractor import Extractor, read_gnas_variants
    from gnas_annot.interpret.reading import Interpretation, Mechanism, interpret
    from gnas_annot.model.builds import GenomeBuild
    from gnas_annot.model.locus import (
        Exon,
        Interval,
        Locus,
        Region,
        Transcript,
        transcript_segments,
    )
    from gnas_annot.model.variant import Genotype, SourceRecord, Variant, VariantStatus
    from gnas_annot.naming.names import HgvsNamer, TranscriptHgvs, VariantHgvs
    from gnas_annot.naming.parse import GenomicAllele, parse_hgvs
    from gnas_annot.naming.protein import ProteinChange
    from gnas_annot.naming.provider import GnasDataProvider
    from gnas_annot.origin.assign import assign_origin
    from gnas_annot.origin.family import Trio
    from gnas_annot.origin.model import (
        Confidence,
        Method,
        Origin,
        OriginEvidence,
        OriginSettings,
        ParentOfOrigin,
        TrioPattern,
    )
    from gnas_annot.origin.mosaicism import MosaicFlag, Mosaicism
    from gnas_annot.origin.pedigree import Pedigree
    from gnas_annot.output.annotated_vcf import write_vcf
    from gnas_annot.output.parquet import read_dataset
    from gnas_annot.output.report import write_family_reports
    from gnas_annot.output.tables import to_dataframe, write_jsonl, write_parquet, write_tsv
    from gnas_annot.pack.files import data_dir
    from gnas_annot.pack.locus import load_locus
    from gnas_annot.scale.many import annotate_many
    from gnas_annot.seq.reference import ReferenceGenome
    from gnas_annot.structure.copy_number import CnvSettings, call_targets
    from gnas_annot.structure.event_origin import event_origin
    from gnas_annot.structure.events import CopyNumberEvent, EventKind, events_from_depth
    from gnas_annot.structure.sv_records import read_sv_vcf
    from gnas_annot.structure.targets import copy_number_targets
    from gnas_annot.structure.uniparental import UpdResult, analyse_upd
    from gnas_annot.structure.upd import UpdCall, UpdKind, UpdParent, UpdSettings

_EXPORTS: dict[str, str] = {
    "AnnotatedVariant": "gnas_annot.annotate.results",
    "AnnotationRun": "gnas_annot.annotate.run",
    "COLUMNS": "gnas_annot.annotate.results",
    "CarrierFacts": "gnas_annot.annotate.carriers",
    "Carriers": "gnas_annot.annotate.carriers",
    "CnvSettings": "gnas_annot.structure.copy_number",
    "Confidence": "gnas_annot.origin.model",
    "ConsequenceCalculator": "gnas_annot.effect.consequence",
    "CopyNumberEvent": "gnas_annot.structure.events",
    "DmrCall": "gnas_annot.epigenetics.model",
    "DmrResult": "gnas_annot.epigenetics.model",
    "EventKind": "gnas_annot.structure.events",
    "Exon": "gnas_annot.model.locus",
    "Extractor": "gnas_annot.extract.extractor",
    "GenomeBuild": "gnas_annot.model.builds",
    "GenomicAllele": "gnas_annot.naming.parse",
    "Genotype": "gnas_annot.model.variant",
    "GnasAnnotError": "gnas_annot.errors",
    "GnasDataProvider": "gnas_annot.naming.provider",
    "HgvsNamer": "gnas_annot.naming.names",
    "Interpretation": "gnas_annot.interpret.reading",
    "Interval": "gnas_annot.model.locus",
    "Locus": "gnas_annot.model.locus",
    "LofAssessment": "gnas_annot.effect.lof",
    "LofCall": "gnas_annot.effect.pvs1",
    "Mechanism": "gnas_annot.interpret.reading",
    "Method": "gnas_annot.origin.model",
    "MethylationResult": "gnas_annot.epigenetics.model",
    "MethylationSettings": "gnas_annot.epigenetics.model",
    "MosaicFlag": "gnas_annot.origin.mosaicism",
    "Mosaicism": "gnas_annot.origin.mosaicism",
    "Origin": "gnas_annot.origin.model",
    "OriginEvidence": "gnas_annot.origin.model",
    "OriginSettings": "gnas_annot.origin.model",
    "ParentOfOrigin": "gnas_annot.origin.model",
    "Pattern": "gnas_annot.epigenetics.model",
    "Pedigree": "gnas_annot.origin.pedigree",
    "ProteinChange": "gnas_annot.naming.protein",
    "ReferenceGenome": "gnas_annot.seq.reference",
    "Region": "gnas_annot.model.locus",
    "SampleAnnotation": "gnas_annot.annotate.carriers",
    "SourceRecord": "gnas_annot.model.variant",
    "Transcript": "gnas_annot.model.locus",
    "TranscriptConsequence": "gnas_annot.effect.consequence",
    "TranscriptHgvs": "gnas_annot.naming.names",
    "Trio": "gnas_annot.origin.family",
    "TrioPattern": "gnas_annot.origin.model",
    "UpdCall": "gnas_annot.structure.upd",
    "UpdKind": "gnas_annot.structure.upd",
    "UpdParent": "gnas_annot.structure.upd",
    "UpdResult": "gnas_annot.structure.uniparental",
    "UpdSettings": "gnas_annot.structure.upd",
    "Variant": "gnas_annot.model.variant",
    "VariantConsequences": "gnas_annot.effect.consequence",
    "VariantHgvs": "gnas_annot.naming.names",
    "VariantStatus": "gnas_annot.model.variant",
    "analyse_upd": "gnas_annot.structure.uniparental",
    "annotate_many": "gnas_annot.scale.many",
    "annotate_vcf": "gnas_annot.annotate.run",
    "assess": "gnas_annot.effect.lof",
    "assign_origin": "gnas_annot.origin.assign",
    "call_targets": "gnas_annot.structure.copy_number",
    "copy_number_targets": "gnas_annot.structure.targets",
    "data_dir": "gnas_annot.pack.files",
    "event_origin": "gnas_annot.structure.event_origin",
    "events_from_depth": "gnas_annot.structure.events",
    "interpret": "gnas_annot.interpret.reading",
    "load_locus": "gnas_annot.pack.locus",
    "methylation": "gnas_annot.epigenetics.api",
    "parse_hgvs": "gnas_annot.naming.parse",
    "read_dataset": "gnas_annot.output.parquet",
    "read_gnas_variants": "gnas_annot.extract.extractor",
    "read_sv_vcf": "gnas_annot.structure.sv_records",
    "rows": "gnas_annot.annotate.results",
    "to_dataframe": "gnas_annot.output.tables",
    "transcript_segments": "gnas_annot.model.locus",
    "write_family_reports": "gnas_annot.output.report",
    "write_jsonl": "gnas_annot.output.tables",
    "write_parquet": "gnas_annot.output.tables",
    "write_tsv": "gnas_annot.output.tables",
    "write_vcf": "gnas_annot.output.annotated_vcf",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'gnas_annot' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = [
    "COLUMNS",
    "AnnotatedVariant",
    "AnnotationRun",
    "CarrierFacts",
    "Carriers",
    "CnvSettings",
    "Confidence",
    "ConsequenceCalculator",
    "CopyNumberEvent",
    "DmrCall",
    "DmrResult",
    "EventKind",
    "Exon",
    "Extractor",
    "GenomeBuild",
    "GenomicAllele",
    "Genotype",
    "GnasAnnotError",
    "GnasDataProvider",
    "HgvsNamer",
    "Interpretation",
    "Interval",
    "Locus",
    "LofAssessment",
    "LofCall",
    "Mechanism",
    "Method",
    "MethylationResult",
    "MethylationSettings",
    "MosaicFlag",
    "Mosaicism",
    "Origin",
    "OriginEvidence",
    "OriginSettings",
    "ParentOfOrigin",
    "Pattern",
    "Pedigree",
    "ProteinChange",
    "ReferenceGenome",
    "Region",
    "SampleAnnotation",
    "SourceRecord",
    "Transcript",
    "TranscriptConsequence",
    "TranscriptHgvs",
    "Trio",
    "TrioPattern",
    "UpdCall",
    "UpdKind",
    "UpdParent",
    "UpdResult",
    "UpdSettings",
    "Variant",
    "VariantConsequences",
    "VariantHgvs",
    "VariantStatus",
    "__version__",
    "analyse_upd",
    "annotate_many",
    "annotate_vcf",
    "assess",
    "assign_origin",
    "call_targets",
    "copy_number_targets",
    "data_dir",
    "event_origin",
    "events_from_depth",
    "interpret",
    "load_locus",
    "methylation",
    "parse_hgvs",
    "read_dataset",
    "read_gnas_variants",
    "read_sv_vcf",
    "rows",
    "to_dataframe",
    "transcript_segments",
    "write_family_reports",
    "write_jsonl",
    "write_parquet",
    "write_tsv",
    "write_vcf",
]
