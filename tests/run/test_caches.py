"""Where a command sends the caches of the libraries it uses (cli/_caches.py)."""

from __future__ import annotations

from pathlib import Path

from conformance.cli._caches import HYPOTHESIS_STORAGE, cache_home, keep_caches_out_of_the_working_folder


def test_the_cache_home_is_xdg_cache_home_when_it_is_absolute(tmp_path):
    assert cache_home({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path


def test_a_relative_or_missing_xdg_cache_home_means_the_home_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_home({"XDG_CACHE_HOME": "relative/cache"}) == tmp_path / ".cache"
    assert cache_home({}) == tmp_path / ".cache"


def test_hypothesis_storage_goes_to_the_cache_folder_of_b24_conformance(tmp_path):
    environ = {"XDG_CACHE_HOME": str(tmp_path)}
    keep_caches_out_of_the_working_folder(environ)
    assert Path(environ[HYPOTHESIS_STORAGE]) == tmp_path / "b24-conformance" / "hypothesis"


def test_a_storage_folder_the_user_chose_is_kept(tmp_path):
    environ = {HYPOTHESIS_STORAGE: "/somewhere/chosen", "XDG_CACHE_HOME": str(tmp_path)}
    keep_caches_out_of_the_working_folder(environ)
    assert environ[HYPOTHESIS_STORAGE] == "/somewhere/chosen"
