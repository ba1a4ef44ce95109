"""Replays a recorded news web over HTTP on 127.0.0.1.

Requests are answered from ``<root>/<Host header><path>`` as recorded, with the
behaviours listed in ``<root>/routes.json`` (redirects, failures that recover,
content-type overrides). The pipeline reaches it through a resolve override
(host -> 127.0.0.1:port), so it uses the same HTTP code path as on live feeds.

Three additions let a streaming pipeline that polls feeds repeatedly be tested (all off
unless asked for, except conditional GET, which only adds headers):

- time-released entries: ``release={entry link: seconds after start}`` hides an entry from
  every feed that lists it until its moment; ``release_now(link)`` / ``hold(link)`` give a
  test explicit control;
- synthetic churn: ``churn=[ChurnFeed(...)]`` serves feeds that gain an entry every N
  seconds forever, linking to generated article pages;
- conditional GET: every ``.xml`` answer carries ``ETag`` and ``Last-Modified`` and a
  matching ``If-None-Match`` / ``If-Modified-Since`` gets a 304.

Times come from one injectable ``clock`` returning epoch seconds (``time.time``): release
moments become HTTP dates and page timestamps, so the clock has to be a wall clock; a test
passes ``lambda: now[0]`` and moves ``now[0]``.
"""
from __future__ import annotations

import collections
import datetime as dt
import email.utils
import functools
import hashlib
import html
import http.server
import json
import mimetypes
import pathlib
import posixpath
import random
import re
import threading
import time
from typing import Callable, Iterable, Mapping, Optional, Sequence, Union
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}

Clock = Callable[[], float]
Response = tuple[int, dict[str, str], bytes]


# -- time-released entries -----------------------------------------------------------------

def staggered_release(entries: Iterable[Union[str, Mapping]], *, start: float = 0.0,
                      every: float = 60.0) -> dict[str, float]:
    """A release schedule: the n-th entry (a link, or a manifest entry with "url") appears
    `start + n * every` seconds after the server starts."""
    links = [entry if isinstance(entry, str) else entry["url"] for entry in entries]
    return {link: start + n * every for n, link in enumerate(links)}


def sample_release_schedule(every: float = 60.0, *, start: float = 0.0) -> dict[str, float]:
    """A release schedule for the bundled sample: its manifest entries one after another
    in publication order (the manifest's order), `every` seconds apart from `start`."""
    from samples import MANIFEST_FILE
    entries = json.loads(MANIFEST_FILE.read_text())["entries"]
    return staggered_release(entries, start=start, every=every)


class ReleaseSchedule:
    """Which entry links are hidden from feeds, and since or until when.

    Times are offsets: seconds after the server started, so a schedule does not depend on
    when that was. A link the schedule does not know is always visible."""

    def __init__(self, release: Optional[Mapping[str, float]] = None):
        # link -> offset from which it is visible; None: held until released.
        self._visible_from: dict[str, Optional[float]] = {
            link: float(offset) for link, offset in (release or {}).items()}
        # link -> offset at which it was last hidden (0: hidden from the start).
        self._hidden_since: dict[str, float] = {}
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self._visible_from)

    def links(self) -> frozenset[str]:
        return frozenset(self._visible_from)

    def is_visible(self, link: str, at: float) -> bool:
        visible_from = self._visible_from.get(link, float("-inf"))
        return visible_from is not None and at >= visible_from

    def release(self, link: str, at: float) -> None:
        with self._lock:
            if not self.is_visible(link, at):
                self._visible_from[link] = at

    def hold(self, link: str, at: float) -> None:
        with self._lock:
            if self.is_visible(link, at):
                self._hidden_since[link] = at
            self._visible_from[link] = None

    def hidden(self, at: float) -> frozenset[str]:
        return frozenset(link for link in list(self._visible_from)
                         if not self.is_visible(link, at))

    def last_change(self, links: Iterable[str], at: float) -> Optional[float]:
        """The latest offset, not after `at`, at which one of `links` appeared or
        disappeared; None when the schedule knows none of them."""
        changes = []
        for link in links:
            if link not in self._visible_from:
                continue
            visible_from = self._visible_from[link]
            changes.append(visible_from if self.is_visible(link, at)
                           else self._hidden_since.get(link, 0.0))
        return max(changes) if changes else None


# -- feeds without their held items ---------------------------------------------------------

_ITEM_NAMES = frozenset({"item", "entry"})  # RSS 0.9x/1.0/2.0 <item>, Atom <entry>
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XML_DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*\?>[ \t\r\n]*")


def _local_name(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _without_tracking(url: str) -> str:
    """The URL without utm_* parameters: feeds add them to entry links (the sample's
    Meridian world.xml does), and a schedule built from the manifest lists links without."""
    parts = urlsplit(url)
    if "utm_" not in parts.query:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.startswith("utm_")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _item_links(item) -> frozenset[str]:
    """The links an item is known by: <link> text, Atom alternate <link href>, rdf:about;
    each also without tracking parameters."""
    links = set()
    about = item.get(f"{{{_RDF}}}about")
    if about:
        links.add(about.strip())
    for child in item:
        if _local_name(child) != "link":
            continue
        if child.text and child.text.strip():
            links.add(child.text.strip())
        elif child.get("href") and child.get("rel", "alternate") == "alternate":
            links.add(child.get("href").strip())
    return frozenset(links | {_without_tracking(link) for link in links})


def _parse_xml(raw: bytes):
    from lxml import etree  # only feeds with held items are parsed
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    try:
        return etree.fromstring(raw, parser)
    except etree.XMLSyntaxError:
        return None


def _items(root) -> list:
    return [element for element in root.iter() if _local_name(element) in _ITEM_NAMES]


def feed_item_links(raw: bytes) -> Optional[list[frozenset[str]]]:
    """The links of each item of a feed document; None if it is not well-formed XML."""
    root = _parse_xml(raw)
    return None if root is None else [_item_links(item) for item in _items(root)]


def _remove_keeping_layout(element) -> None:
    # lxml removes an element's tail with it: the whitespace before the next sibling, or
    # before the parent's end tag when it was the last child, which then moves up.
    parent, previous = element.getparent(), element.getprevious()
    if element.getnext() is None:
        if previous is not None:
            previous.tail = element.tail
        else:
            parent.text = element.tail
    parent.remove(element)


def feed_without(raw: bytes, hidden: frozenset[str]) -> bytes:
    """The feed document without the items known by a link in `hidden` (and, in RSS 1.0,
    without their <rdf:li> in the channel's <items>). The XML declaration and the layout
    are kept; lxml re-serialises the rest in the document's encoding, which can reorder
    the root's attributes (namespace declarations first) and write character references
    as characters."""
    from lxml import etree
    root = _parse_xml(raw)
    if root is None:
        return raw
    removed = set()
    for item in _items(root):
        links = _item_links(item)
        if links & hidden:
            removed |= links
            _remove_keeping_layout(item)
    for li in list(root.iter(f"{{{_RDF}}}li")):
        if li.get(f"{{{_RDF}}}resource", "").strip() in removed:
            _remove_keeping_layout(li)
    tree = root.getroottree()
    encoding = tree.docinfo.encoding or "utf-8"
    declaration = _XML_DECLARATION.match(raw)
    body = etree.tostring(tree, encoding=encoding, xml_declaration=False)
    trailing = raw[len(raw.rstrip()):]  # lxml drops what follows the root's end tag
    return (declaration.group(0) if declaration else b"") + body + trailing


# -- conditional GET ------------------------------------------------------------------------

def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(epoch: float) -> str:
    return email.utils.formatdate(int(epoch), usegmt=True)


def _parse_http_date(value: str) -> Optional[float]:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.timestamp()


def is_not_modified(request_headers: Mapping[str, str], etag: str, last_modified: float
                    ) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present (weak comparison);
    otherwise If-Modified-Since, to the second."""
    if_none_match = request_headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = request_headers.get("If-Modified-Since")
    since = _parse_http_date(if_modified_since) if if_modified_since else None
    return since is not None and int(last_modified) <= since


def conditional_response(request_headers: Optional[Mapping[str, str]], status: int,
                         headers: dict[str, str], body: bytes, last_modified: float
                         ) -> Response:
    """A 200 answer with validators added, or a 304 without a body if they match."""
    etag = etag_of(body)
    if request_headers is not None:  # a plain dict from a test, or the handler's headers
        request_headers = {name.title(): value for name, value in request_headers.items()}
    validators = {"ETag": etag, "Last-Modified": http_date(last_modified)}
    if request_headers is not None and is_not_modified(request_headers, etag, last_modified):
        return 304, validators, b""
    return status, {**headers, **validators}, body


# -- synthetic churn ------------------------------------------------------------------------

_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:, [A-Z][a-z]+ \d+)?(?: \([^)]*\))? — ")
_SENTENCE_END = re.compile(r"(?<=[.!?][\"”’])\s+(?=[A-Z“\"])|(?<=[.!?])\s+(?=[A-Z“\"])")
_MIN_SENTENCE_WORDS = 6


@functools.lru_cache(maxsize=1)
def sample_stories() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(headline, body paragraphs) of each English original article page of the bundled
    sample, extracted with trafilatura as the pipeline would. The web pages are the source
    because they ship with the package (samples/source does not)."""
    import trafilatura  # only churn needs it
    from samples import MANIFEST_FILE, WEB_DIR
    stories = []
    for entry in json.loads(MANIFEST_FILE.read_text())["entries"]:
        if entry["copy_kind"] != "original" or entry["language"] != "en":
            continue  # copies repeat their original; the Spanish page would mix languages
        parts = urlsplit(entry["final_url"])
        page = (WEB_DIR / parts.hostname / parts.path.lstrip("/")).read_bytes()
        text = trafilatura.extract(page, include_comments=False, favor_precision=True) or ""
        paragraphs = tuple(_DATELINE.sub("", line) for line in text.splitlines()
                           if len(line.split()) >= 12 and line != entry["title"])
        if paragraphs:
            stories.append((entry["title"], paragraphs))
    return tuple(stories)


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph) if len(s.split()) >= _MIN_SENTENCE_WORDS]


def _iso_utc(epoch: float) -> str:
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).isoformat()


class ChurnFeed:
    """A synthetic RSS 2.0 feed at http://<host>/feed.xml that gains an entry every `every`
    seconds forever and lists the newest `keep`.

    Entry i appears `(i - backlog) * every` seconds after the server starts: entries
    0 .. backlog-1 are a backlog published before the start, entry `backlog` appears at the
    start, one more every `every` seconds after. Entry i links to
    http://<host>/story/<i>.html: an article of 450-700 words that opens with the first
    sentence of a sample story (rotating through them) under its headline, followed by
    sentences drawn from all the sample's article bodies, so pages differ from one another.
    Its published time (page metadata, <time>, the feed's pubDate) is the moment it
    appeared. Everything is a function of (seed, host, i) and the start time."""

    FEED_PATH = "/feed.xml"
    _STORY_PATH = re.compile(r"^/story/(\d+)\.html$")

    def __init__(self, host: str = "churn.example", *, every: float = 60.0, keep: int = 50,
                 seed: int = 0, backlog: int = 0):
        if every <= 0 or keep < 1 or backlog < 0:
            raise ValueError("every must be > 0, keep >= 1 and backlog >= 0")
        self.host, self.every, self.keep, self.seed, self.backlog = (
            host.lower(), float(every), keep, seed, backlog)

    @property
    def feed_url(self) -> str:
        return f"http://{self.host}{self.FEED_PATH}"

    def story_url(self, i: int) -> str:
        return f"http://{self.host}/story/{i}.html"

    def appears_at(self, i: int) -> float:
        """Offset (seconds after the server started) at which entry i appears."""
        return (i - self.backlog) * self.every

    def released(self, at: float) -> int:
        """How many entries have appeared by offset `at` (entries 0 .. n-1)."""
        return max(0, int(at // self.every) + self.backlog + 1)

    def listed(self, at: float) -> range:
        """The entries the feed lists at offset `at`, oldest first."""
        released = self.released(at)
        return range(max(0, released - self.keep), released)

    def respond(self, path: str, at: float, started_at: float,
                request_headers: Optional[Mapping[str, str]]) -> Response:
        if path == self.FEED_PATH:
            listed = self.listed(at)
            newest = started_at + self.appears_at(listed[-1]) if listed else started_at
            return conditional_response(
                request_headers, 200, {"Content-Type": "application/rss+xml; charset=utf-8"},
                self.feed_xml(at, started_at), newest)
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain; charset=utf-8"}, b"User-agent: *\nAllow: /\n"
        story = self._STORY_PATH.match(path)
        if story and int(story.group(1)) < self.released(at):  # no peeking at future entries
            return (200, {"Content-Type": "text/html; charset=utf-8"},
                    self.story_html(int(story.group(1)), started_at).encode("utf-8"))
        return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>Not found</h1>"

    # -- content ---------------------------------------------------------------------------

    def article(self, i: int) -> tuple[str, tuple[str, ...]]:
        """(headline, paragraphs) of entry i."""
        return churn_article(self.seed, self.host, i)

    def feed_xml(self, at: float, started_at: float) -> bytes:
        listed, items = self.listed(at), []
        for i in reversed(listed):
            headline, paragraphs = self.article(i)
            items.append(
                f"    <item>\n      <title>{html.escape(headline)}</title>\n"
                f"      <link>{self.story_url(i)}</link>\n"
                f'      <guid isPermaLink="true">{self.story_url(i)}</guid>\n'
                f"      <pubDate>{http_date(started_at + self.appears_at(i))}</pubDate>\n"
                f"      <description>{html.escape(_sentences(paragraphs[0])[0])}</description>\n"
                f"    </item>\n")
        built = started_at + (self.appears_at(listed[-1]) if listed else 0.0)
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0">\n  <channel>\n'
                f"    <title>Churn wire ({self.host})</title>\n"
                f"    <link>http://{self.host}/</link>\n"
                f"    <description>Synthetic stories, one every {self.every:g} s</description>\n"
                f"    <lastBuildDate>{http_date(built)}</lastBuildDate>\n"
                + "".join(items) + "  </channel>\n</rss>\n").encode("utf-8")

    def story_html(self, i: int, started_at: float) -> str:
        headline, paragraphs = self.article(i)
        published = _iso_utc(started_at + self.appears_at(i))
        title, url = html.escape(headline), self.story_url(i)
        nav = "".join(f'<li><a href="/section/{name.lower().replace(" ", "-")}">{name}</a></li>'
                      for name in ("World", "Politics", "Business", "Europe", "Asia",
                                   "Americas", "Africa", "Middle East", "Opinion", "Video"))
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
        related = "".join(f'<li><a href="/story/{j}.html">Earlier story {j}</a></li>'
                          for j in range(max(0, i - 3), i))
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Churn wire</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
</head><body>
<header><a href="/">Churn wire</a><nav><ul>{nav}</ul></nav></header>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By Churn desk · <time datetime="{published}">{published}</time></p>
{body}
</article>
<aside class="related"><h2>Related</h2><ul>{related}</ul></aside>
</main>
<footer><p>Synthetic page for diplowire's soak tests.</p></footer>
</body></html>
"""


@functools.lru_cache(maxsize=4096)  # a feed poll renders its `keep` newest entries
def churn_article(seed: int, host: str, i: int) -> tuple[str, tuple[str, ...]]:
    """(headline, paragraphs) of a churn feed's entry i: the first sentence of a sample
    story, rotating through them, then sentences drawn from all the sample's bodies."""
    stories, pool = sample_stories(), _sentence_pool()
    rng = random.Random(f"{seed}:{host}:{i}")
    headline, lead_paragraphs = stories[(i + seed) % len(stories)]
    sentences = _sentences(lead_paragraphs[0])[:1]
    target_words = rng.randint(450, 700)
    words = sum(len(s.split()) for s in sentences)
    # Sentences average ~25 words: 80 always reach the target without shuffling the pool.
    for index in rng.sample(range(len(pool)), min(len(pool), 80)):
        if words >= target_words:
            break
        sentences.append(pool[index])
        words += len(pool[index].split())
    paragraphs = []
    while sentences:
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[:size]))
        sentences = sentences[size:]
    return headline, tuple(paragraphs)


@functools.lru_cache(maxsize=1)
def _sentence_pool() -> tuple[str, ...]:
    """Every sentence of the sample's article bodies, each once."""
    pool = dict.fromkeys(sentence for _, paragraphs in sample_stories()
                         for paragraph in paragraphs for sentence in _sentences(paragraph))
    return tuple(pool)


# -- the web --------------------------------------------------------------------------------

class ReplayWeb:
    """The recorded files and routes, plus per-route state (failures served so far), the
    release schedule and the churn feeds."""

    def __init__(self, root: pathlib.Path, *, release: Optional[Mapping[str, float]] = None,
                 churn: Sequence[ChurnFeed] = (), clock: Clock = time.time):
        self.root = pathlib.Path(root).resolve()
        routes_file = self.root / "routes.json"
        routes = json.loads(routes_file.read_text()) if routes_file.exists() else []
        self.routes = {route["url"]: route for route in routes}
        self._failures_served: dict[str, int] = {}
        # The most recent requests as received (host, path, headers), for tests and debugging.
        self.requests: collections.deque = collections.deque(maxlen=10_000)
        self._lock = threading.Lock()
        self.schedule = ReleaseSchedule(release)
        self.churn = {feed.host: feed for feed in churn}
        self.clock = clock
        self.started_at = clock()
        # path -> (mtime_ns, size, bytes, item links or None); edited feeds by what they hide
        self._feeds: dict[pathlib.Path, tuple] = {}
        self._edited: dict[tuple, bytes] = {}

    # -- time ------------------------------------------------------------------------------

    def start(self) -> None:
        """Release offsets count from now (the server calls this when it starts)."""
        self.started_at = self.clock()

    def elapsed(self) -> float:
        return self.clock() - self.started_at

    def release_now(self, link: str) -> None:
        """Show the entry with this link in every feed from now on."""
        self.schedule.release(link, self.elapsed())

    def hold(self, link: str) -> None:
        """Hide the entry with this link from every feed until release_now(link)."""
        self.schedule.hold(link, self.elapsed())

    # -- serving ---------------------------------------------------------------------------

    def hosts(self) -> list[str]:
        """Every host the recording answers for: those with files and those with routes."""
        with_files = {p.name for p in self.root.iterdir() if p.is_dir()}
        with_routes = {urlsplit(url).hostname for url in self.routes}
        return sorted(with_files | with_routes | set(self.churn))

    def _file_for(self, host: str, path: str) -> Optional[pathlib.Path]:
        clean = posixpath.normpath(unquote(path))
        if path.endswith("/"):
            clean = posixpath.join(clean, "index.html")
        candidate = (self.root / host / clean.lstrip("/")).resolve()
        if self.root / host not in candidate.parents or not candidate.is_file():
            return None
        return candidate

    def respond(self, host: str, path: str,
                request_headers: Optional[Mapping[str, str]] = None) -> Response:
        """The answer to GET http://<host><path>; `request_headers` make it conditional."""
        if host in self.churn:
            return self.churn[host].respond(urlsplit(path).path, self.elapsed(),
                                            self.started_at, request_headers)
        url = f"http://{host}{path}"
        route = self.routes.get(url, {})
        kind = route.get("kind")
        if kind == "redirect":
            return route["status"], {"Location": route["location"]}, b""
        if kind == "fail_first":
            with self._lock:
                served = self._failures_served.get(url, 0)
                if served < route.get("times", 1):
                    self._failures_served[url] = served + 1
                    headers = {"Content-Type": "text/plain"}
                    if "retry_after" in route:
                        headers["Retry-After"] = str(route["retry_after"])
                    return route["status"], headers, b"temporarily unavailable"
        file = self._file_for(host, urlsplit(path).path)
        if file is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<h1>Not found</h1>"
        content_type = route.get("content_type") if kind == "content_type" else None
        content_type = content_type or _CONTENT_TYPES.get(
            file.suffix, mimetypes.guess_type(file.name)[0] or "application/octet-stream")
        if file.suffix == ".xml":
            body, last_modified = self._feed_as_served(file)
            return conditional_response(request_headers, 200, {"Content-Type": content_type},
                                        body, last_modified)
        return 200, {"Content-Type": content_type}, file.read_bytes()

    def _feed_as_served(self, file: pathlib.Path) -> tuple[bytes, float]:
        """The feed without its held items, and when that content last changed: the newest
        appearance or disappearance of one of its scheduled items (the start, when they are
        all still held), else the file's mtime."""
        stat = file.stat()
        if not self.schedule:  # nothing is ever held: serve the recording as it is
            return file.read_bytes(), stat.st_mtime
        raw, items = self._parsed_feed(file, stat)
        if not items:
            return raw, stat.st_mtime
        at = self.elapsed()
        links = frozenset().union(*items) & self.schedule.links()
        hidden = links & self.schedule.hidden(at)
        body = self._edited_feed(file, stat, raw, hidden) if hidden else raw
        # On the server's clock, which a test may fake: the file's mtime is not comparable.
        changed = self.schedule.last_change(links, at)
        return body, stat.st_mtime if changed is None else self.started_at + changed

    def _parsed_feed(self, file: pathlib.Path, stat) -> tuple[bytes, Optional[list]]:
        cached = self._feeds.get(file)
        if cached is None or cached[:2] != (stat.st_mtime_ns, stat.st_size):
            raw = file.read_bytes()
            cached = (stat.st_mtime_ns, stat.st_size, raw, feed_item_links(raw))
            self._feeds[file] = cached
        return cached[2], cached[3]

    def _edited_feed(self, file: pathlib.Path, stat, raw: bytes, hidden: frozenset[str]
                     ) -> bytes:
        key = (file, stat.st_mtime_ns, stat.st_size, hidden)
        edited = self._edited.get(key)
        if edited is None:
            if len(self._edited) > 1024:  # a soak run releases without end; stay bounded
                self._edited.clear()
            edited = self._edited[key] = feed_without(raw, hidden)
        return edited


class _Handler(http.server.BaseHTTPRequestHandler):
    web: ReplayWeb
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm
    # and the client's delayed ACK add ~40 ms to every keep-alive response.
    disable_nagle_algorithm = True

    def do_GET(self):  # noqa: N802 (http.server's naming)
        if self.path.startswith("http://"):  # absolute form: asked as a forward proxy
            target = urlsplit(self.path)
            host = (target.hostname or "").lower()
            path = target.path + (f"?{target.query}" if target.query else "")
        else:
            host = (self.headers.get("Host") or "").split(":")[0].lower()
            path = self.path
        self.web.requests.append((host, path, dict(self.headers)))
        status, headers, body = self.web.respond(host, path, self.headers)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304:  # a 304 has no body; its Content-Length would describe the 200's
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep the run's output for progress and the summary
        pass


class ReplayServer:
    """A threaded HTTP server for a ReplayWeb on 127.0.0.1 (ephemeral port by default).

    `release` ({entry link: seconds after start}) holds entries back from the feeds,
    `churn` adds synthetic feeds that never stop growing, `clock` (epoch seconds) drives
    both; see the module docstring and samples/README.md."""

    def __init__(self, root: pathlib.Path, port: int = 0, *,
                 release: Optional[Mapping[str, float]] = None,
                 churn: Sequence[ChurnFeed] = (), clock: Clock = time.time):
        self.web = ReplayWeb(root, release=release, churn=churn, clock=clock)
        handler = type("ReplayHandler", (_Handler,), {"web": self.web})
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        # serve_forever notices shutdown() only between polls; 0.5 s (its default) per
        # server stopped adds up over a test suite.
        self._thread = threading.Thread(
            target=functools.partial(self._server.serve_forever, poll_interval=0.05),
            daemon=True, name="replay-server")

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def started_at(self) -> float:
        """The clock's reading when the server started; release offsets count from it."""
        return self.web.started_at

    def release_now(self, link: str) -> None:
        """Show the entry with this link in every feed from now on."""
        self.web.release_now(link)

    def hold(self, link: str) -> None:
        """Hide the entry with this link from every feed until release_now(link)."""
        self.web.hold(link)

    def resolve_rules(self) -> tuple[tuple[str, str], ...]:
        """Resolve overrides that send every recorded host to this server."""
        return tuple((host, f"127.0.0.1:{self.port}") for host in self.web.hosts())

    def __enter__(self) -> "ReplayServer":
        self.web.start()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
