"""The bundled sample: a recorded small news web, replayed over loopback HTTP."""
import pathlib

SAMPLE_DIR = pathlib.Path(__file__).resolve().parent
WEB_DIR = SAMPLE_DIR / "web"
FEEDS_FILE = SAMPLE_DIR / "feeds.yaml"
MANIFEST_FILE = SAMPLE_DIR / "manifest.json"
