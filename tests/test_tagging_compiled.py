"""The tagger and its tokenizer compiled by Cython (setup.py; `make` builds them) must code
exactly as their source, and must step aside for the source once that changes."""
from __future__ import annotations

import ast
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from transforms import compiled, tagging, text

ROOT = pathlib.Path(__file__).resolve().parent.parent
NOT_COMPILED = ("running as source: {} (`make` compiles the modules; it needs Cython and a C "
                "compiler, and an edit since the last build runs as source until then)")


def _require_compiled() -> None:
    missing = compiled.not_compiled()
    assert not missing, NOT_COMPILED.format(", ".join(missing))


def _texts() -> list[str]:
    stories = sorted((ROOT / "samples/source/stories").glob("*.txt"))
    return [p.read_text(encoding="utf-8")
            for p in stories + [ROOT / "samples/source/seed_000_2d04e3dc4d36672f.txt"]]


def test_the_compiled_tagger_codes_the_sample_as_its_source():
    _require_compiled()
    sources = compiled.load_sources()
    source_text, source_tagging = sources["transforms.text"], sources["transforms.tagging"]
    assert not source_text.COMPILED and not source_tagging.COMPILED
    assert source_tagging.tokens is source_text.tokens  # no compiled code in the source tagger
    # (and the compiled modules are what importing them gives again)
    assert sys.modules["transforms.text"] is text and sys.modules["transforms.tagging"] is tagging
    texts = _texts()
    assert len(texts) > 10
    coded = 0
    for story in texts:
        assert text.sentences(story) == source_text.sentences(story)
        for _, sentence in text.sentences(story):
            assert repr(text.tokens(sentence)) == repr(source_text.tokens(sentence))
        compiled_result = tagging.tag_text(story, "2025-08-20")
        source_result = source_tagging.tag_text(story, "2025-08-20")
        assert repr(compiled_result) == repr(source_result)
        coded += len(compiled_result.events)
    assert coded > 100


def _import_in(path: pathlib.Path, **environment: str) -> subprocess.CompletedProcess:
    # (the tagger's tokens are the tokenizer's that runs, source or compiled)
    check = ("import transforms.tagging as t, transforms.text as x; "
             "print(t.COMPILED, x.COMPILED, getattr(t, 'EDITED', False) or "
             "getattr(x, 'EDITED', False), t.tokens is x.tokens, "
             "t.tag_text('Russia attacked Ukraine.', None).events[0].root_code)")
    return subprocess.run([sys.executable, "-c", check], cwd=path, capture_output=True,
                          text=True, env={"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin",
                                          **environment})


def _copy_of_the_build(tmp_path: pathlib.Path) -> pathlib.Path:
    shutil.copytree(ROOT / "transforms", tmp_path / "transforms",
                    ignore=shutil.ignore_patterns("__pycache__"))
    built = _import_in(tmp_path)
    assert built.stdout.split() == ["True", "True", "False", "True", "19"], built.stderr[-2000:]
    assert "compiled from an earlier" not in built.stderr
    return tmp_path


@pytest.mark.parametrize("module, expected", [
    ("tagging", ["False", "True", "True", "True", "19"]),
    ("text", ["True", "False", "True", "True", "19"])])
def test_a_compiled_module_older_than_its_source_runs_the_source(tmp_path, module, expected):
    _require_compiled()
    build = _copy_of_the_build(tmp_path)
    source = build / f"transforms/{module}.py"
    source.write_text(source.read_text(encoding="utf-8") + "\nEDITED = True\n",
                      encoding="utf-8")  # an edit since the build
    edited = _import_in(build)
    assert edited.stdout.split() == expected, edited.stderr[-2000:]
    assert f"{module}.cpython" in edited.stderr and "compiled from an earlier" in edited.stderr


def test_pure_python_is_asked_for_by_an_environment_variable(tmp_path):
    _require_compiled()
    build = _copy_of_the_build(tmp_path)
    pure = _import_in(build, **{compiled.PURE_PYTHON_VARIABLE: "1"})
    assert pure.stdout.split() == ["False", "False", "False", "True", "19"], pure.stderr[-2000:]
    assert "compiled from an earlier" not in pure.stderr
    # (what the Dataflow image's build checks, failing when anything runs as source)
    status = [subprocess.run([sys.executable, "-m", "transforms.compiled"], cwd=build,
                             capture_output=True, text=True,
                             env={"PYTHONPATH": str(build), "PATH": "/usr/bin:/bin", **env})
              for env in ({}, {compiled.PURE_PYTHON_VARIABLE: "1"})]
    assert [s.returncode for s in status] == [0, 1], [s.stderr[-2000:] for s in status]
    assert "transforms.tagging: Python source" in status[1].stdout


def _declarations(pxd: str) -> list[tuple[str, list[str], set[str], set[str]]]:
    """(function, its parameter names, those with a default, its typed locals) for each
    cpdef in a .pxd of the form transforms/tagging.pxd uses."""
    declared, typed_locals = [], set()
    for statement in re.split(r"\n(?=\S)", re.sub(r"(?m)^#.*\n", "", pxd)):
        statement = " ".join(statement.split())
        if statement.startswith("@cython.locals("):
            typed_locals = set(re.findall(r"(\w+)=", statement))
        elif statement.startswith("cpdef "):
            name, parameters = re.fullmatch(r"cpdef (\w+)\((.*)\)", statement).groups()
            names, defaults = [], set()
            for parameter in filter(None, (p.strip() for p in parameters.split(","))):
                parameter_name = parameter.split()[-1].removesuffix("=*")
                names.append(parameter_name)
                if parameter.endswith("=*"):
                    defaults.add(parameter_name)
            declared.append((name, names, defaults, typed_locals))
            typed_locals = set()
    return declared


DECLARATIONS = sorted(ROOT.glob("transforms/*.pxd"))


@pytest.mark.parametrize("pxd", DECLARATIONS, ids=lambda path: path.name)
def test_the_cython_declarations_match_the_functions_they_declare(pxd):
    """Checked here, without Cython, where the tests run as source too: Cython refuses a
    declaration that does not fit its function, and the whole build fails."""
    source = pxd.with_suffix(".py").read_text(encoding="utf-8")
    functions = {node.name: node for node in ast.parse(source).body
                 if isinstance(node, ast.FunctionDef)}
    problems = []
    for name, parameters, defaults, typed_locals in _declarations(
            pxd.read_text(encoding="utf-8")):
        function = functions.get(name)
        if function is None:
            problems.append(f"{name}: no such function")
            continue
        arguments = function.args
        names = [a.arg for a in arguments.args]
        if parameters != names:
            problems.append(f"{name}: parameters {parameters}, the function's {names}")
        if defaults != set(names[len(names) - len(arguments.defaults):]):
            problems.append(f"{name}: defaults differ")
        if function.decorator_list or arguments.vararg or arguments.kwarg \
                or arguments.kwonlyargs:
            problems.append(f"{name}: decorated, or takes *args, **kwargs or keyword-only")
        closures = [type(node).__name__ for node in ast.walk(function) if node is not function
                    and isinstance(node, (ast.GeneratorExp, ast.Lambda, ast.FunctionDef))]
        if closures:
            problems.append(f"{name}: holds a closure ({', '.join(sorted(set(closures)))})")
        assigned = {node.id for node in ast.walk(function)
                    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
        if typed_locals - assigned - set(names):
            problems.append(f"{name}: no local named {sorted(typed_locals - assigned)}")
    assert not problems, "\n".join(problems)


def test_the_hot_functions_are_declared():
    declared = {name for pxd in DECLARATIONS
                for name, *_ in _declarations(pxd.read_text(encoding="utf-8"))}
    assert {"find_verbs", "find_actors", "_longest", "_verb_code", "tokens"} <= declared


def test_the_declaration_reader_takes_types_defaults_and_locals():
    pxd = "cimport cython\n\n@cython.locals(i=Py_ssize_t,\n  word=str)\ncpdef f(list norms, k=*)\n"
    assert _declarations(pxd) == [("f", ["norms", "k"], {"k"}, {"i", "word"})]
