"""Small recorded webs for tests, served by the same replay server as the sample."""
from __future__ import annotations

import json
import pathlib
from urllib.parse import urlsplit

PARAGRAPHS = [
    "Foreign ministers from both countries met in Geneva on Tuesday and agreed to resume "
    "talks on a ceasefire, officials said after the five-hour meeting ended late at night.",
    "The two delegations exchanged draft proposals on prisoner swaps and humanitarian "
    "corridors, according to a statement released by the host government afterwards.",
    "Diplomats said the next round would focus on monitoring arrangements along the front "
    "line, an issue that has stalled previous efforts to reach a lasting settlement.",
    "The United Nations welcomed the meeting and urged both sides to keep the channel open "
    "while fighting continued in several regions over the weekend.",
]


def article_html(title: str, paragraphs=PARAGRAPHS, *, canonical: str | None = None,
                 published: str = "2025-08-12T09:30:00+00:00", lang: str = "en") -> str:
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(30))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | Test Outlet</title>{link}
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
</head><body>
<header><nav><ul>{nav}</ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<main><article><h1>{title}</h1><p class="byline">By World desk</p>{body}</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/x">Other story</a></li></ul></aside>
</main><footer><p>Copyright Test Outlet. All rights reserved.</p></footer></body></html>"""


def rss(items: list[dict], title: str = "Test feed") -> str:
    entries = "".join(
        f"<item><title>{i['title']}</title><link>{i['link']}</link>"
        + (f"<pubDate>{i['date']}</pubDate>" if i.get("date") else "")
        + "</item>" for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>http://example.invalid/</link>"
            f"<description>test</description>{entries}</channel></rss>")


def write_web(root: pathlib.Path, files: dict[str, str | bytes], routes: list[dict] = ()) -> pathlib.Path:
    """Lay out {absolute URL: content} under root as the replay server expects."""
    for url, content in files.items():
        parts = urlsplit(url)
        path = parts.path + ("index.html" if parts.path.endswith("/") else "")
        target = root / parts.hostname / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    (root / "routes.json").write_text(json.dumps(list(routes)))
    return root
