"""Shared by the tests and the doctests in src/: no run sees the developer's
own reference cache or environment."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("GNAS_ANNOT_REFERENCE", raising=False)
    monkeypatch.delenv("GNAS_ANNOT_DATA", raising=False)
