"""diplowire: news feeds to a diplomacy event warehouse, on Apache Beam."""
import pathlib
import re

from setuptools import setup

HERE = pathlib.Path(__file__).parent
VERSION = re.search(r'__version__ = "([^"]+)"',
                    (HERE / "transforms" / "__init__.py").read_text()).group(1)

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
    extras_require={"test": ["pytest==9.2.0", "wheel==0.48.0"]},
    entry_points={"console_scripts": ["diplowire=pipelines.cli:main"]},
)
