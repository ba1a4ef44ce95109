"""diplowire: news feeds to a diplomacy event warehouse, on Apache Beam."""
import ast
import hashlib
import pathlib
import re

from setuptools import Extension, setup

HERE = pathlib.Path(__file__).parent
VERSION = re.search(r'__version__ = "([^"]+)"',
                    (HERE / "transforms" / "__init__.py").read_text()).group(1)

# The event tagger and the tokenizer it runs on every sentence are compiled to C by Cython
# when Cython is installed (`make` installs it; the Dataflow image too), with the
# declarations in transforms/*.pxd: the same source, run about 1.4 times as fast (python -m
# bench.tagging says which ran). Without Cython or a C compiler the package is pure Python
# and codes the same events. transforms/compiled.py keeps a stale build from running.
COMPILED_MODULES = [name.replace(".", "/") + ".py" for name in ast.literal_eval(re.search(
    r"^MODULES = (.*)$", (HERE / "transforms" / "compiled.py").read_text(), re.M).group(1))]


def _write_if_changed(path: pathlib.Path, content: bytes) -> None:
    if not path.is_file() or path.read_bytes() != content:  # (unchanged: no new C)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def compiled_extensions() -> list:
    try:
        from Cython.Build import cythonize
    except ImportError:
        return []
    extensions = []
    for path in COMPILED_MODULES:
        source = (HERE / path).read_bytes()
        # The compiled copy ends by handing its source's digest to check_build, which makes
        # it step aside for the source once that no longer matches.
        digest = hashlib.sha256(source).hexdigest()
        compiled = source + (b"\n\nfrom transforms.compiled import check_build as _check_build"
                             b'\n_check_build(__name__, __file__, "%s")\n' % digest.encode())
        copy = HERE / "build" / "cython" / path
        _write_if_changed(copy, compiled)
        # Its declarations for Cython (transforms/tagging.pxd: C calls and types) go
        # beside the copy, where Cython looks for them. The stale-build check covers the
        # .py alone: declarations change how fast the module runs, not what it codes.
        declarations = (HERE / path).with_suffix(".pxd")
        if declarations.is_file():
            _write_if_changed(copy.with_suffix(".pxd"), declarations.read_bytes())
        else:
            copy.with_suffix(".pxd").unlink(missing_ok=True)
        # -O1: 45 s to compile the tagger here against 80 s at -O2 and over 2 min at -O3,
        # for a tagger within 2% as fast
        extensions.append(Extension(path[:-len(".py")].replace("/", "."),
                                    [str(copy.relative_to(HERE))],
                                    extra_compile_args=["-O1", "-g0"]))
    extensions = cythonize(
        extensions,
        # (annotations are documentation here, not C types: Cython would enforce them)
        compiler_directives={"language_level": 3, "annotation_typing": False}, quiet=True)
    for extension in extensions:
        extension.optional = True  # no C compiler: the source runs (cythonize drops this)
    return extensions


setup(
    name="diplowire",
    version=VERSION,
    description="Streaming news-to-diplomacy-events pipeline on Apache Beam",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.10",
    packages=["pipelines", "transforms", "transforms.dictionaries", "schemas", "schemas.queries",
              "samples"],
    package_data={
        "samples": ["feeds.yaml", "manifest.json", "web/**/*", "README.md"],
        "transforms.dictionaries": ["*.json", "*.json.gz", "*.yaml", "*.md", "LICENSE-*"],
        "schemas.queries": ["*.sql"],
    },
    include_package_data=True,
    ext_modules=compiled_extensions(),
    install_requires=[
        "apache-beam[gcp]==2.77.0",
        "feedparser==6.0.14",
        "trafilatura==2.3.1",
        "google-cloud-bigquery==3.47.0",
        "duckdb==2.0.1",
        "pyyaml==6.0.4",
        "tldextract==5.4.0",
        "py3langid==0.4.0",
        "urllib3>=2.2,<3",
        "certifi",
        "pyarrow",
        "sqlglot==30.30.0",
    ],
    # wheel: the sdist test builds the package without build isolation (no index needed).
    # compile: the tagger's build (venvs of Python 3.12 and later come without setuptools)
    extras_require={"test": ["pytest==9.2.0", "wheel==0.48.0"],
                    "compile": ["Cython==3.1.4", "setuptools==80.9.0"]},
    entry_points={"console_scripts": ["diplowire=pipelines.cli:main"]},
)
