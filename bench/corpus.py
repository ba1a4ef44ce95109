"""A scaled-up recorded web for benchmarks, built from real-size pages."""
from __future__ import annotations

import gzip
import pathlib
import re
from typing import Iterable

from eval import FUNDUS_DIR
from samples import article_pages



def sample_article_pages() -> list[tuple[str, bytes]]:
    """(url, html) of every sample page that the manifest expects to become an article."""
    return [(entry["final_url"], html) for entry, html in article_pages()]


def fundus_pages() -> list[tuple[str, bytes]]:
    """Real publishers' pages from ../shared, when present (not in a fresh clone)."""
    html_dir = FUNDUS_DIR / "html"
    if not html_dir.is_dir():
        return []
    return [(f"http://fundus.example/{p.name}", gzip.decompress(p.read_bytes()))
            for p in sorted(html_dir.glob("*.html.gz"))]


def _retarget(html: bytes, old_url: str, new_url: str) -> bytes:
    # Each copy must be its own article: point its canonical/og:url at its new address.
    text = html.decode("utf-8", "replace").replace(old_url, new_url)
    text = re.sub(r'(<link[^>]+rel="canonical"[^>]+href=")[^"]*', r"\g<1>" + new_url, text)
    return text.encode("utf-8")


def build(root: pathlib.Path, pages: Iterable[tuple[str, bytes]], count: int,
          hosts: int = 8, per_feed: int = 100) -> dict:
    """Write `count` article pages spread over `hosts` outlets, with RSS feeds listing them."""
    pages = list(pages)
    if not pages:
        raise SystemExit("no source pages for the benchmark corpus")
    feeds: dict[str, list[str]] = {}
    total_bytes = 0
    for i in range(count):
        source_url, html = pages[i % len(pages)]
        host = f"www.outlet{i % hosts}.example"
        url = f"http://{host}/news/{i:06d}.html"
        body = _retarget(html, source_url, url)
        total_bytes += len(body)
        target = root / host / "news" / f"{i:06d}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        feed = f"http://feeds.outlet{i % hosts}.example/f{(i // hosts) // per_feed}.xml"
        feeds.setdefault(feed, []).append(url)
    for feed, urls in feeds.items():
        host, _, path = feed.split("://", 1)[1].partition("/")
        items = "".join(f"<item><title>Story {u.rsplit('/', 1)[1]}</title><link>{u}</link>"
                        "<pubDate>Fri, 15 Aug 2025 10:00:00 GMT</pubDate></item>" for u in urls)
        target = root / host / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>bench'
                          f"</title><link>http://{host}/</link><description>b</description>"
                          f"{items}</channel></rss>")
    (root / "routes.json").write_text("[]")
    (root / "feeds.txt").write_text("\n".join(feeds) + "\n")
    return {"pages": count, "feeds": len(feeds), "hosts": hosts,
            "mean_page_kb": round(total_bytes / count / 1024, 1)}
