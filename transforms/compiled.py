"""The modules setup.py compiles with Cython (the tagger and the tokenizer it runs on every
sentence): whether one runs compiled, the check that keeps a stale build from running, and
their Python source loaded beside the builds (the benchmark's baseline, the tests).

Each compiled module ends with `check_build(__name__, __file__, "<sha256 of its source>")`,
which setup.py appends to the copy it compiles. Setting DIPLOWIRE_PURE_PYTHON=1 runs every
one of them as source, as on a machine without a C compiler (for a profiler, which cannot
see inside compiled code).

    python -m transforms.compiled    # which run compiled; exits 1 if any runs as source
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import pathlib
import sys
import warnings
from types import ModuleType
from typing import Sequence

# In import order: each may import those before it. (setup.py reads this line.)
MODULES = ("transforms.text", "transforms.tagging")
PURE_PYTHON_VARIABLE = "DIPLOWIRE_PURE_PYTHON"


def is_compiled(module_file: str) -> bool:
    return not module_file.endswith(".py")


def check_build(name: str, module_file: str, digest: str) -> None:
    """When the source beside a compiled module has changed since the build, or pure Python
    is asked for, the module steps aside for its source: an edit takes effect before the
    next build, and a stale build never codes events. (The old build's body has run by then:
    an edit that changes what it imports can make the import fail until `make` builds the
    new source.)"""
    source = _source_file(name, module_file)
    if not source.is_file():
        return
    if os.environ.get(PURE_PYTHON_VARIABLE) != "1":
        if hashlib.sha256(source.read_bytes()).hexdigest() == digest:
            return
        # (compiled code has no frame of its own: level 2 is the importing line)
        warnings.warn(f"{pathlib.Path(module_file).name} was compiled from an earlier "
                      f"{source}; running the source instead (make compiles it again)",
                      stacklevel=2)
    # (importing returns what sys.modules holds once the compiled module's code has run)
    _executed(name, source)


def load_sources(names: Sequence[str] = MODULES) -> dict[str, ModuleType]:
    """The modules run as Python source, each as `<package>._<name>_source` beside the
    compiled one, each importing the sources loaded before it: load_sources() is the tagger
    with no compiled code in it. A module binds the sources only through
    `from transforms.text import ...` while they load; one first imported during the load
    that imports a listed module keeps its source."""
    sources = {name: _source_file(name, importlib.util.find_spec(name).origin)
               for name in names}
    imported = {name: sys.modules.get(name) for name in names}
    loaded: dict[str, ModuleType] = {}
    try:
        for name in names:
            package, _, leaf = name.rpartition(".")
            loaded[name] = _executed(f"{package}._{leaf}_source", sources[name])
            sys.modules[name] = loaded[name]  # what the next one imports
    finally:
        for name, module in imported.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return loaded


def not_compiled() -> list[str]:
    """The modules of MODULES that run as source here (imports them)."""
    return [name for name in MODULES
            if not is_compiled(importlib.import_module(name).__file__)]


def _source_file(name: str, module_file: str) -> pathlib.Path:
    return pathlib.Path(module_file).with_name(name.rpartition(".")[2] + ".py")


def _executed(name: str, source: pathlib.Path) -> ModuleType:
    """The source run as the module `name`, in sys.modules under that name (its dataclasses
    look their module up there)."""
    spec = importlib.util.spec_from_file_location(name, source)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


if __name__ == "__main__":
    missing = not_compiled()
    for name in MODULES:
        print(f"{name}: {'Python source' if name in missing else 'compiled'} "
              f"({sys.modules[name].__file__})")
    sys.exit(1 if missing else 0)
