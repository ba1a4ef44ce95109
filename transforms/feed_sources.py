"""Reading the feed list: a plain URL list, YAML with per-feed options, or OPML."""
from __future__ import annotations

import pathlib
from urllib.parse import urlsplit
from xml.etree import ElementTree

import yaml

from transforms.records import FeedSource


class FeedListError(ValueError):
    """The feed list cannot be used; the message says where and why."""


def _checked(url: str, where: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedListError(f"{where}: not an http(s) URL: {url!r}")
    return url


def parse_url_list(text: str, name: str = "feed list") -> list[FeedSource]:
    """One URL per line; blank lines and lines starting with # are ignored."""
    sources = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            sources.append(FeedSource(url=_checked(line, f"{name}:{number}")))
    return sources


def parse_yaml(text: str, name: str = "feed list") -> list[FeedSource]:
    """``feeds:`` is a list of URLs or of mappings with url, outlet, max_entries,
    poll_interval (seconds, when streaming) and enabled."""
    try:
        document = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise FeedListError(f"{name}: invalid YAML: {exc}") from exc
    items = document.get("feeds") if isinstance(document, dict) else document
    if not isinstance(items, list):
        raise FeedListError(f"{name}: expected a list under 'feeds:'")
    sources = []
    for index, item in enumerate(items):
        where = f"{name}: feeds[{index}]"
        if isinstance(item, str):
            sources.append(FeedSource(url=_checked(item, where)))
            continue
        if not isinstance(item, dict) or "url" not in item:
            raise FeedListError(f"{where}: expected a URL or a mapping with 'url'")
        unknown = set(item) - {"url", "outlet", "max_entries", "poll_interval", "enabled"}
        if unknown:
            raise FeedListError(f"{where}: unknown keys {sorted(unknown)}")
        if item.get("enabled", True) is False:
            continue
        max_entries = item.get("max_entries")
        if max_entries is not None and (not isinstance(max_entries, int) or max_entries < 1):
            raise FeedListError(f"{where}: max_entries must be a positive integer")
        poll_interval = item.get("poll_interval")
        if poll_interval is not None and (isinstance(poll_interval, bool)
                                          or not isinstance(poll_interval, (int, float))
                                          or poll_interval <= 0):
            raise FeedListError(f"{where}: poll_interval must be a positive number of seconds")
        sources.append(FeedSource(url=_checked(str(item["url"]), where),
                                  outlet=item.get("outlet"), max_entries=max_entries,
                                  poll_interval=float(poll_interval) if poll_interval else None))
    return sources


def parse_opml(text: str, name: str = "feed list") -> list[FeedSource]:
    """Every <outline xmlUrl=...> at any depth; the outline's title names the outlet."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise FeedListError(f"{name}: invalid OPML: {exc}") from exc
    sources = []
    for outline in root.iter("outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl")
        if url:
            sources.append(FeedSource(
                url=_checked(url, f"{name}: outline {outline.get('text', '')!r}"),
                outlet=outline.get("title") or outline.get("text")))
    return sources


def _read_feed_list(path: str) -> str:
    """A local file, or any path Beam's file systems read (gs:// on Dataflow)."""
    if "://" not in path:
        file = pathlib.Path(path)
        if not file.is_file():
            raise FeedListError(f"feed list not found: {path}")
        return file.read_text(encoding="utf-8")
    from apache_beam.io.filesystems import FileSystems
    try:
        with FileSystems.open(path) as handle:
            return handle.read().decode("utf-8")
    except Exception as exc:  # each file system raises its own errors
        raise FeedListError(f"feed list cannot be read: {path}: {exc}") from exc


def load_feed_sources(path: str) -> list[FeedSource]:
    """Load a feed list by its file type (.txt/.list, .yaml/.yml, .opml/.xml)."""
    text = _read_feed_list(path)
    suffix = pathlib.PurePosixPath(path.split("://", 1)[-1]).suffix.lower()
    if suffix in (".yaml", ".yml"):
        sources = parse_yaml(text, path)
    elif suffix in (".opml", ".xml"):
        sources = parse_opml(text, path)
    else:
        sources = parse_url_list(text, path)
    first_listing: dict[str, FeedSource] = {}
    for source in sources:
        first_listing.setdefault(source.url, source)
    unique = list(first_listing.values())
    if not unique:
        raise FeedListError(f"{path}: no feeds listed")
    return unique
