"""Where the libraries a command uses keep their caches: the user's cache folder, never the folder the
command runs in (Hypothesis would otherwise leave a `.hypothesis` folder in it)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, MutableMapping
from pathlib import Path

# Hypothesis' own setting for where its Unicode tables, constants cache and example database go.
HYPOTHESIS_STORAGE = "HYPOTHESIS_STORAGE_DIRECTORY"


def cache_home(environ: Mapping[str, str]) -> Path:
    """$XDG_CACHE_HOME when it is an absolute path, else ~/.cache; the temporary folder without a home."""
    configured = environ.get("XDG_CACHE_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    try:
        return Path.home() / ".cache"
    except RuntimeError:  # no HOME and no password entry to find one in
        return Path(tempfile.gettempdir())


def keep_caches_out_of_the_working_folder(environ: MutableMapping[str, str] = os.environ) -> None:
    """Point Hypothesis' storage at b24-conformance's cache folder, unless the user chose a place."""
    if not environ.get(HYPOTHESIS_STORAGE):
        environ[HYPOTHESIS_STORAGE] = str(cache_home(environ) / "b24-conformance" / "hypothesis")
