"""Evaluations over the data in ../shared (absent from a fresh clone; each command says so)."""
import json
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
FUNDUS_DIR = SHARED_DATA / "eval" / "extraction" / "fundus"


def load_records(path: Path) -> list[dict]:
    """The records of a JSON-lines file, blank lines skipped."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
