"""Loading an adapter class named MODULE:CLASS, with one clear message for each way it can go wrong."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any


class BadAdapter(ValueError):
    """The adapter named cannot be used; the message says what was expected and what was found."""


def load_adapter(spec: str) -> type[Any]:
    """The class spec names (MODULE:CLASS, the module importable or a .py file); BadAdapter if not."""
    module_name, colon, class_name = spec.rpartition(":")
    if not colon or not module_name or not class_name:
        raise BadAdapter(f"Expected --adapter as MODULE:CLASS (e.g. mypkg.gate:Client), got {spec!r}")
    try:
        if module_name.endswith(".py"):
            module = _from_file(Path(module_name))
        else:
            if "" not in sys.path and "." not in sys.path:
                sys.path.insert(0, "")  # a module beside the caller, as python -m finds it
            module = importlib.import_module(module_name)
    except BadAdapter:
        raise
    except Exception as error:
        raise BadAdapter(
            f"Expected an importable module {module_name!r}, got {type(error).__name__}: {error}"
        ) from None
    found = getattr(module, class_name, None)
    if found is None:
        raise BadAdapter(f"Expected a class {class_name!r} in module {module_name!r}, found none")
    if not isinstance(found, type):
        raise BadAdapter(f"Expected {spec} to be a class, got a {type(found).__name__}")
    missing = [name for name in ("call", "list_all", "batch") if not callable(getattr(found, name, None))]
    if missing:
        raise BadAdapter(
            f"Expected {spec} to have methods call, list_all and batch, it lacks {', '.join(missing)}"
        )
    return found


def _from_file(path: Path) -> Any:
    if not path.is_file():
        raise BadAdapter(f"Expected a Python file at {str(path)!r}, found none")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise BadAdapter(f"Expected a Python module at {str(path)!r}, could not load it")
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module
