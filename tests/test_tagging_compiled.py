"""The tagger compiled by Cython (setup.py; `make` builds it) must code exactly as its
source, and must step aside for the source once that changes."""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

from transforms import tagging

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOT_COMPILED = ("transforms.tagging runs as source: `make` compiles it (it needs Cython and a "
                "C compiler), and an edit since the last build runs as source until then")


def _texts() -> list[str]:
    stories = sorted((ROOT / "samples/source/stories").glob("*.txt"))
    return [p.read_text(encoding="utf-8")
            for p in stories + [ROOT / "samples/source/seed_000_2d04e3dc4d36672f.txt"]]


def test_the_compiled_tagger_codes_the_sample_as_its_source():
    assert tagging.COMPILED, NOT_COMPILED
    source = tagging.load_source("transforms._tagging_source")
    assert not source.COMPILED
    texts = _texts()
    assert len(texts) > 10
    coded = 0
    for text in texts:
        compiled_result = tagging.tag_text(text, "2025-08-20")
        source_result = source.tag_text(text, "2025-08-20")
        assert repr(compiled_result) == repr(source_result)
        coded += len(compiled_result.events)
    assert coded > 100


def _import_in(path: pathlib.Path) -> subprocess.CompletedProcess:
    check = ("import transforms.tagging as t; print(t.COMPILED, getattr(t, 'EDITED', False), "
             "t.tag_text('Russia attacked Ukraine.', None).events[0].root_code)")
    return subprocess.run([sys.executable, "-c", check], cwd=path, capture_output=True,
                          text=True, env={"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin"})


def test_a_compiled_tagger_older_than_its_source_runs_the_source(tmp_path):
    assert tagging.COMPILED, NOT_COMPILED
    shutil.copytree(ROOT / "transforms", tmp_path / "transforms",
                    ignore=shutil.ignore_patterns("__pycache__"))
    built = _import_in(tmp_path)
    assert built.stdout.split() == ["True", "False", "19"], built.stderr[-2000:]
    assert "compiled from an earlier" not in built.stderr

    source = tmp_path / "transforms/tagging.py"
    source.write_text(source.read_text(encoding="utf-8") + "\nEDITED = True\n",
                      encoding="utf-8")  # an edit since the build
    edited = _import_in(tmp_path)
    assert edited.stdout.split() == ["False", "True", "19"], edited.stderr[-2000:]
    assert "compiled from an earlier" in edited.stderr
