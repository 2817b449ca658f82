"""Opt-in remote look-ups against a local server speaking the services' formats.

The server runs on 127.0.0.1 and answers as Ensembl REST (/lookup/id) and
VariantValidator (/VariantValidator/variantvalidator/...) document; requests
is not patched.  Every request is logged, so the tests can check what left
the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlparse

import pytest

from conftest import EXAMPLES
from gnas_annot.errors import RemoteDataError, RemoteUnavailableError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.remote.client import HttpClient, check_ensembl_models, check_with_variantvalidator

HOTSPOT_VV = {
    "NM_000516.7:c.565_568del": {
        "hgvs_transcript_variant": "NM_000516.7:c.565_568del",
        "gene_symbol": "GNAS",
        "primary_assembly_loci": {
            "grch38": {"hgvs_genomic_description": "NC_000020.11:g.58909196_58909199del"},
            "grch37": {"hgvs_genomic_description": "NC_000020.10:g.57484251_57484254del"},
        },
        "hgvs_predicted_protein_consequence": {"tlr": "NP_000507.1:p.(Asp189MetfsTer14)"},
    },
    "flag": "gene_variant",
    "metadata": {"variantvalidator_version": "test"},
}


class Service(BaseHTTPRequestHandler):
    log: list[str]
    altered: set[str]

    def do_GET(self):
        self.log.append(self.path + " " + json.dumps(dict(self.headers)))
        url = urlparse(self.path)
        if url.path.startswith("/lookup/id/"):
            stable = url.path.rsplit("/", 1)[1]
            tx = next(
                t
                for t in load_locus("GRCh38").transcripts
                if t.ensembl and t.ensembl.split(".")[0] == stable
            )
            exons = [{"start": e.start, "end": e.end, "object_type": "Exon"} for e in tx.exons]
            if stable in self.altered:
                exons[0]["start"] -= 7
            body = {"id": stable, "version": int(tx.ensembl.split(".")[1]), "Exon": exons}
        elif url.path.startswith("/VariantValidator/variantvalidator/"):
            description = unquote(url.path.split("/")[4])
            hotspot = ("565_568", "563_566", "58909193", "58909196")
            body = (
                HOTSPOT_VV
                if any(k in description for k in hotspot)
                else {
                    "flag": "warning",
                    "validation_warning_1": {"validation_warnings": ["not found"]},
                }
            )
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def service():
    handler = type("Handler", (Service,), {"log": [], "altered": set()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield handler, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_ensembl_models_match_or_are_reported(service, tmp_path):
    handler, url = service
    handler.altered.add("ENST00000371100")
    client = HttpClient("Ensembl REST", url, cache=tmp_path, backoff=0)
    checks = {c.transcript: c for c in check_ensembl_models(GenomeBuild.GRCh38, client)}
    assert checks["NM_000516.7"].verdict == "match"
    assert checks["NM_000516.7"].ensembl == "ENST00000371085.8"
    assert checks["NM_080425.4"].verdict == "differs"
    assert (
        "exon 1: pack 58852716-58855333, Ensembl 58852709-58855333" in checks["NM_080425.4"].detail
    )


def test_variantvalidator_cross_check(service, tmp_path):
    _, url = service
    client = HttpClient("VariantValidator", url, cache=tmp_path, backoff=0)
    checks = check_with_variantvalidator(
        "NM_000516.7:c.563_566del",
        GenomeBuild.GRCh38,
        {"NM_000516.7": "NM_000516.7:c.565_568del"},
        "NC_000020.11:g.58909196_58909199del",
        client,
    )
    assert [(c.field, c.agrees) for c in checks] == [("transcript", True), ("genomic", True)]
    with pytest.raises(RemoteDataError, match="no description"):
        check_with_variantvalidator(
            "NM_000516.7:c.1A>G", GenomeBuild.GRCh38, {"NM_000516.7": "x"}, None, client
        )


def test_cli_remote_options_send_only_accessions_and_hgvs(service, tmp_path, partial_reference):
    handler, url = service
    env = {
        **os.environ,
        "GNAS_ANNOT_VV_URL": url,
        "GNAS_ANNOT_ENSEMBL_URL": url,
        "XDG_CACHE_HOME": str(tmp_path),
    }
    hgvs = subprocess.run(
        [
            sys.executable,
            "-m",
            "gnas_annot",
            "hgvs",
            "NM_000516.7:c.563_566del",
            "--remote",
            "--reference",
            str(partial_reference["GRCh38"]),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert hgvs.returncode == 0, hgvs.stderr
    assert "VariantValidator agrees: NM_000516.7:c.565_568del" in hgvs.stdout
    verify = subprocess.run(
        [sys.executable, "-m", "gnas_annot", "data", "verify", "--remote"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stderr
    assert "match     GRCh38 NM_000516.7 = ENST00000371085.8" in verify.stdout
    # annotate makes no network call at all: it has no --remote
    before = len(handler.log)
    annotate = subprocess.run(
        [
            sys.executable,
            "-m",
            "gnas_annot",
            "annotate",
            str(EXAMPLES / "trio.GRCh38.vcf"),
            "--ped",
            str(EXAMPLES / "trio.ped"),
            "-o",
            str(tmp_path / "o.tsv"),
            "-q",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert annotate.returncode == 0 and len(handler.log) == before
    sent = "\n".join(handler.log)
    for private in ("PROBAND", "FATHER", "MOTHER", "0/1", "0|1"):
        assert private not in sent


def test_unreachable_service_is_a_clear_error_and_answers_are_cached(service, tmp_path):
    _, url = service
    client = HttpClient("VariantValidator", url, cache=tmp_path, backoff=0)
    first = client.get("VariantValidator/variantvalidator/GRCh38/NM_000516.7%3Ac.565_568del/x")
    offline = HttpClient(
        "VariantValidator", "http://127.0.0.1:9/", cache=tmp_path, backoff=0, retries=1
    )
    with pytest.raises(RemoteUnavailableError, match="works offline"):
        offline.get("anything")
    assert json.loads(first)["flag"] == "gene_variant"
