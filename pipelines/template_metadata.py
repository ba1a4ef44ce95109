"""deploy/dataflow/metadata.json, generated from DiplowireOptions so that the template's
parameters cannot drift from the options the pipeline reads.

    python -m pipelines.template_metadata [--check]
"""
from __future__ import annotations

import argparse
import json
import pathlib
import sys

from pipelines.options import DiplowireOptions

METADATA_FILE = pathlib.Path(__file__).resolve().parents[1] / "deploy" / "dataflow" / "metadata.json"
REQUIRED_ON_DATAFLOW = frozenset({"feeds", "warehouse"})
# Options of diplowire's that make no sense on Dataflow workers (local test plumbing).
LOCAL_ONLY = frozenset({"bigquery_endpoint"})
STREAMING = {
    "name": "streaming", "label": "Streaming",
    "helpText": "true: poll the feeds continuously (streaming job); false: poll once and end "
                "(batch job).",
    "isOptional": True, "paramType": "TEXT", "regexes": ["^(true|false)$"],
}


def options_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    DiplowireOptions._add_argparse_args(parser)
    return parser


def option_names() -> list[str]:
    return [a.dest for a in options_parser()._actions if a.option_strings and a.dest != "help"]


def metadata() -> dict:
    parser = options_parser()
    parameters = [STREAMING]
    for action in parser._actions:
        if not action.option_strings or action.dest in ("help", *LOCAL_ONLY):
            continue
        help_text = (action.help or "") % {"default": action.default}
        parameter = {"name": action.dest,
                     "label": action.dest.replace("_", " ").capitalize(),
                     "helpText": help_text,
                     "isOptional": action.dest not in REQUIRED_ON_DATAFLOW,
                     "paramType": "TEXT"}
        if action.dest == "warehouse":
            parameter["regexes"] = ["^bigquery:[^.:]+\\.[A-Za-z0-9_]+$"]
        if action.nargs == 0:  # store_true flags take true/false as template parameters
            parameter["regexes"] = ["^(true|false)$"]
        parameters.append(parameter)
    return {"name": "diplowire",
            "description": "News feeds to a diplomacy event warehouse: poll RSS/Atom feeds, "
                           "extract articles, fold syndicated copies into stories, code CAMEO "
                           "events and write them to BigQuery.",
            "parameters": parameters}


def rendered() -> str:
    return json.dumps(metadata(), indent=2) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    current = METADATA_FILE.read_text() if METADATA_FILE.exists() else None
    if current == rendered():
        return 0
    if args.check:
        print(f"{METADATA_FILE} is out of date: run python -m pipelines.template_metadata",
              file=sys.stderr)
        return 1
    METADATA_FILE.parent.mkdir(parents=True, exist_ok=True)
    METADATA_FILE.write_text(rendered())
    print(f"wrote {METADATA_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
