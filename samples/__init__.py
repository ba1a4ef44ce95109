"""The bundled sample: a recorded small news web, replayed over loopback HTTP."""
import pathlib

SAMPLE_DIR = pathlib.Path(__file__).resolve().parent
WEB_DIR = SAMPLE_DIR / "web"
FEEDS_FILE = SAMPLE_DIR / "feeds.yaml"
MANIFEST_FILE = SAMPLE_DIR / "manifest.json"


def article_pages() -> list[tuple[dict, bytes]]:
    """(manifest entry, html) of every sample page the manifest expects to become an article."""
    import json

    pages = []
    for entry in json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))["entries"]:
        if entry["outcome"] != "article":
            continue
        host, _, path = entry["final_url"].split("://", 1)[1].partition("/")
        file = WEB_DIR / host / path
        if file.is_file():
            pages.append((entry, file.read_bytes()))
    return pages
