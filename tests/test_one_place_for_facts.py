"""GNAS facts live once, in the data pack: code asks the pack, it does not type them."""

from __future__ import annotations

import ast
from pathlib import Path

from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.store import load_pack

SRC = Path(__file__).resolve().parents[1] / "src" / "gnas_annot"
#: accessions and wording that belong to data/transcripts.tsv and products.tsv
PACK_FACTS = ("NM_000516", "NM_080425", "NM_016592", "NM_001077488", "NM_001077489", "NM_080426")


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                ids.add(id(value))
    return ids


#: user-facing examples in --help texts (argparse help strings), not facts the code acts on
HELP_EXAMPLES = {"cli/annotate.py", "cli/app.py", "cli/hgvs.py"}  # hgvs: its parser moved there


def test_no_module_types_a_transcript_accession_outside_docstrings() -> None:
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        if str(path.relative_to(SRC)) in HELP_EXAMPLES:
            continue
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and any(fact in node.value for fact in PACK_FACTS)
            ):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value[:60]!r}")
    assert not offenders, (
        "accessions belong to the pack (Locus.reference_transcript):\n" + "\n".join(offenders)
    )


def test_the_reference_transcript_is_the_packs_mane_select_on_both_builds() -> None:
    pack = load_pack()
    for build in GenomeBuild:
        tx = pack.locus(build).reference_transcript
        assert tx.mane == "MANE Select"
        assert tx.accession == pack.reference_accession
