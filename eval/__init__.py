"""Evaluations over the data in ../shared (absent from a fresh clone; each command says so)."""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
FUNDUS_DIR = SHARED_DATA / "eval" / "extraction" / "fundus"
