"""`data fetch` against a local HTTP server that answers as NCBI E-utilities does."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from gnas_annot.errors import RemoteDataError, RemoteUnavailableError
from gnas_annot.model.builds import GenomeBuild
from gnas_annot.pack.locus import load_locus
from gnas_annot.remote.fetch import (
    EutilsClient,
    check_transcripts,
    download_locus,
    fetch_locus,
    spliced,
)
from gnas_annot.seq.reference import ReferenceGenome, cached_locus_fasta

ALLOWED_PARAMS = {
    "db",
    "id",
    "rettype",
    "retmode",
    "tool",
    "seq_start",
    "seq_stop",
    "strand",
    "email",
}


class FakeEutils(BaseHTTPRequestHandler):
    genome: ReferenceGenome
    requests: list[dict[str, list[str]]]
    failures: list[int]
    corrupt: set[str]

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        self.requests.append(query)
        if self.failures:
            self.send_response(self.failures.pop(0))
            self.end_headers()
            return
        accession = query["id"][0]
        if accession.startswith("NC_"):
            body = self.genome.fetch(int(query["seq_start"][0]), int(query["seq_stop"][0]))
        else:
            tx = load_locus(GenomeBuild.GRCh38).transcript(accession)
            region = load_locus(GenomeBuild.GRCh38).extraction_region("gnas+stx16")
            body = spliced(tx, self.genome.fetch(region.start, region.end), region.start)
            if accession in self.corrupt:
                body = body[:100] + ("A" if body[100] != "A" else "C") + body[101:]
        text = (
            f">{accession} test record\n"
            + "\n".join(body[i : i + 70] for i in range(0, len(body), 70))
            + "\n"
        )
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(text.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def server(partial_reference):
    yield from _serve(partial_reference[GenomeBuild.GRCh38])


@pytest.fixture
def real_server(real_reference):
    yield from _serve(real_reference[GenomeBuild.GRCh38])


def _serve(genome):
    handler = type(
        "Handler",
        (FakeEutils,),
        {
            "genome": ReferenceGenome(genome),
            "requests": [],
            "failures": [],
            "corrupt": set(),
        },
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_fetch_caches_the_locus_and_checks_every_model(real_server, tmp_path):
    handler, url = real_server
    client = EutilsClient(base_url=url, cache=tmp_path / "cache", backoff=0)
    path = fetch_locus(GenomeBuild.GRCh38, client)
    assert path == cached_locus_fasta(GenomeBuild.GRCh38)
    with ReferenceGenome(path) as ref:
        assert ref.fetch(58909365, 58909367) == "CGT"
        region = load_locus("GRCh38").extraction_region("gnas+stx16")
        genome = ref.fetch(region.start, region.end)
    verdicts = {
        c.accession: c.verdict
        for c in check_transcripts(GenomeBuild.GRCh38, client, genome, region.start)
    }
    assert verdicts["NM_000516.7"] == "match"
    assert verdicts["NR_185847.1"] == "no_exon_model"
    # nothing but accessions and coordinates left the machine
    assert all(set(q) <= ALLOWED_PARAMS for q in handler.requests)
    before = len(handler.requests)
    fetch_locus(GenomeBuild.GRCh38, client)  # second run: served from the disk cache
    assert len(handler.requests) == before


def test_a_download_failing_its_checks_is_not_installed(server, tmp_path, monkeypatch):
    # it used to be installed with exit 0; hgvs and extract then blamed the user's input
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home_cache"))
    handler, url = server
    handler.corrupt.add("NM_080425.4")
    client = EutilsClient(base_url=url, cache=tmp_path / "cache", backoff=0)
    target = cached_locus_fasta(GenomeBuild.GRCh38)
    download = download_locus(GenomeBuild.GRCh38, client)
    assert [(c.accession, c.verdict) for c in download.failed] == [
        ("NM_080425.4", "sequence_differs")
    ]
    with pytest.raises(RemoteDataError, match=r"fails the transcript checks: NM_080425\.4"):
        fetch_locus(GenomeBuild.GRCh38, client)
    assert not target.exists()


def test_transient_server_errors_are_retried(server, tmp_path):
    handler, url = server
    handler.failures.extend([503, 502])
    client = EutilsClient(base_url=url, cache=tmp_path / "cache", backoff=0)
    assert client.efetch_fasta("NM_000516.7")[:3] != ""
    assert len(handler.requests) == 3


def test_unreachable_service_is_a_clear_remote_error(tmp_path):
    client = EutilsClient(base_url="http://127.0.0.1:9/", cache=tmp_path / "c", backoff=0)
    with pytest.raises(RemoteUnavailableError, match="works offline"):
        client.efetch_fasta("NM_000516.7")


def test_answers_that_are_not_fasta_are_rejected(server, tmp_path):
    handler, url = server
    handler.failures.append(200)  # an empty 200 answer, as E-utilities gives for bad IDs
    client = EutilsClient(base_url=url, cache=tmp_path / "cache", backoff=0)
    with pytest.raises(RemoteDataError, match="no FASTA"):
        client.efetch_fasta("NM_000516.7")
    assert len(client.efetch_fasta("NM_000516.7")) == 1854  # the bad answer was not cached
