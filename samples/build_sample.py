#!/usr/bin/env python3
"""Build the bundled demo corpus: a recorded small news web about August 2025 diplomacy.

    python3 samples/build_sample.py

reads samples/source/ (story texts, syndication edits, fault cases, the seed article) and
writes, replacing what was there:

    samples/web/<host>/<path>   pages, feeds, robots.txt and a PDF, served verbatim
    samples/web/routes.json     redirects, failures that recover, content-type overrides
    samples/feeds.yaml          the feed list of the default run
    samples/manifest.json       the expected outcome of every feed and entry

Python 3.11 standard library only. The output is deterministic: the same sources give the
same bytes on every run (no clock, no unseeded randomness; choices come from hashes).
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import re
import shutil
import sys
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
WEB = HERE / "web"
FEEDS_YAML = HERE / "feeds.yaml"
MANIFEST = HERE / "manifest.json"

esc = html.escape


def stable_int(*parts: str) -> int:
    """A deterministic integer from strings (stands in for random choices)."""
    return int(hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12], 16)


def pick(items: list, n: int, *seed: str) -> list:
    """n distinct items chosen deterministically by hash order."""
    ranked = sorted(items, key=lambda item: stable_int(*seed, str(item)))
    return ranked[:n]


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def word_count(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


# --------------------------------------------------------------------------------------
# Stories (source/stories/*.txt): "key: value" header lines, a line "---", then paragraphs
# separated by blank lines. A paragraph starting with "## " is a subheading.
# --------------------------------------------------------------------------------------

@dataclass
class Story:
    key: str
    outlet: str
    published: datetime              # UTC
    region: str
    slug: str
    headline: str
    summary: str
    desk: str
    paragraphs: list[str]
    dateline: str = ""
    dateline_date: str = ""
    tags: list[str] = field(default_factory=list)
    lang: str = "en"
    feeds: list[str] = field(default_factory=list)
    path: str = ""                   # explicit URL path, overriding the outlet's pattern


def parse_utc(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def load_story(path: Path) -> Story:
    head, _, body = path.read_text(encoding="utf-8").partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        name, _, value = line.partition(":")
        meta[name.strip()] = value.strip()
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    return Story(
        key=meta["key"], outlet=meta["outlet"], published=parse_utc(meta["published"]),
        region=meta["region"], slug=meta["slug"], headline=meta["headline"],
        summary=meta["summary"], desk=meta["desk"], paragraphs=paragraphs,
        dateline=meta.get("dateline", ""), dateline_date=meta.get("dateline_date", ""),
        tags=[t.strip() for t in meta.get("tags", "").split(";") if t.strip()],
        lang=meta.get("lang", "en"),
        feeds=[f.strip() for f in meta.get("feeds", "").split(",") if f.strip()],
        path=meta.get("path", ""),
    )


# --------------------------------------------------------------------------------------
# Pages: what gets rendered. An original story becomes one page; each syndicated copy is
# another page derived from the original by the edit functions below.
# --------------------------------------------------------------------------------------

@dataclass
class Page:
    key: str
    story: Optional[str]             # story key shared by an original and its copies
    copy_kind: Optional[str]         # original | light | truncated | reordered | rewrite
    outlet: "Outlet"
    region: str
    slug: str
    headline: str
    summary: str
    desk: str
    published: datetime              # UTC
    paragraphs: list[str]
    lede_prefix: str = ""            # dateline/credit run into the first paragraph
    tags: list[str] = field(default_factory=list)
    lang: str = "en"
    feeds: list[str] = field(default_factory=list)
    figure: Optional[tuple[str, str]] = None   # (caption, credit)
    path: str = ""
    kind: str = "article"            # article | empty | members
    source_outlet: Optional[str] = None        # for copies: who published the original
    canonical_to: Optional[str] = None         # a copy that declares the original as canonical

    @property
    def url(self) -> str:
        return f"http://{self.outlet.host}{self.path}"

    @property
    def canonical(self) -> str:
        return self.canonical_to or self.url

    def body_paragraphs(self) -> list[str]:
        """The body as a reader sees it (subheads without their marker)."""
        out = []
        for i, p in enumerate(self.paragraphs):
            text = p[3:] if p.startswith("## ") else p
            out.append(self.lede_prefix + text if i == 0 else text)
        return out


# ---- syndication edits: small named functions, applied in the order syndication.json lists

WIRE = "Eastwire"


def edit_dateline(page: Page, style: str, original: Story) -> None:
    """city_wire: 'WASHINGTON (Eastwire) — ', wire_credit: '(Eastwire) — ', none: ''."""
    city = original.dateline
    page.lede_prefix = {
        "city_wire": f"{city} ({WIRE}) — " if city else f"({WIRE}) — ",
        "wire_credit": f"({WIRE}) — ",
        "none": "",
        "keep": page.lede_prefix,
    }[style]


def replace_lede(page: Page, text: str) -> None:
    page.paragraphs[0] = text


def edit_lede(page: Page, old: str, new: str) -> None:
    if old not in page.paragraphs[0]:
        raise SystemExit(f"{page.key}: lede edit target not found: {old!r}")
    page.paragraphs[0] = page.paragraphs[0].replace(old, new, 1)


def truncate(page: Page, fraction: float) -> None:
    """Keep the first `fraction` of the paragraphs (a copy cut to fit the page)."""
    keep = max(3, math.ceil(len(page.paragraphs) * fraction))
    while page.paragraphs[keep - 1].startswith("## "):
        keep -= 1
    page.paragraphs = page.paragraphs[:keep]


def append_paragraph(page: Page, text: str) -> None:
    page.paragraphs.append(text)


def reorder(page: Page, order: list[int]) -> None:
    if sorted(order) != list(range(len(page.paragraphs))):
        raise SystemExit(f"{page.key}: reorder {order} is not a permutation")
    page.paragraphs = [page.paragraphs[i] for i in order]


def append_credit(page: Page, text: str) -> None:
    page.paragraphs.append(text)


HOUSE_STYLES: dict[str, list[tuple[str, str]]] = {
    # The Meridian Times: American spelling, "U.S.", "Aug."
    "mt": [(r"\bUS\b", "U.S."), (r"\bAug (\d)", r"Aug. \1"), (r"defence", "defense"),
           (r"\b(recogni|organi|stabili|demilitari|finali|authori|priori|criticis)s",
            r"\1z"), (r"neighbour", "neighbor"), (r"labour", "labor"),
           (r"militarised", "militarized"), (r"initialled", "initialed")],
    # Continental Ledger: "per cent", "US$"-free numbers
    "cl": [(r"(\d) percent\b", r"\1 per cent")],
    # Harbour Post: "per cent", "the US" kept
    "hp": [(r"(\d) percent\b", r"\1 per cent"), (r"\bAug (\d+)\b", r"\1 August")],
    # Daily Compass: figures with %, "U.S."
    "dc": [(r"(\d) percent\b", r"\1%"), (r"\bUS\b", "U.S.")],
}


def house_style(page: Page, style: str) -> None:
    rules = HOUSE_STYLES[style]
    fixed = []
    for p in page.paragraphs:
        for pattern, repl in rules:
            p = re.sub(pattern, repl, p)
        fixed.append(p)
    page.paragraphs = fixed
    for pattern, repl in rules:
        page.lede_prefix = re.sub(pattern, repl, page.lede_prefix)


def rewrite_from_seed(page: Page, filename: str) -> None:
    """The machine-translated-style rewrite: the seed text verbatim; its first two lines
    are a photo caption and credit, the rest is the body."""
    lines = [line.strip() for line in (SOURCE / filename).read_text(encoding="utf-8")
             .splitlines() if line.strip()]
    page.figure = (lines[0], lines[1])
    body = []
    for line in lines[2:]:
        is_subhead = len(line.split()) <= 5 and not line.endswith((".", "”", '"', "?"))
        body.append("## " + line if is_subhead else line)
    page.paragraphs = body
    page.lede_prefix = ""


EDITS: dict[str, Callable] = {
    "dateline": edit_dateline, "replace_lede": replace_lede, "edit_lede": edit_lede,
    "truncate": truncate, "append_paragraph": append_paragraph, "reorder": reorder,
    "append_credit": append_credit, "house_style": house_style,
    "rewrite_from_seed": rewrite_from_seed,
}


def apply_edit(page: Page, op: list, original: Story) -> None:
    name, *args = op
    if name == "dateline":
        edit_dateline(page, args[0], original)
    elif name == "edit_lede":
        edit_lede(page, *args[0])
    else:
        EDITS[name](page, *args)


# --------------------------------------------------------------------------------------
# Outlets
# --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    host: str
    utc_offset: int          # hours
    tz_name: str
    sections: tuple[str, ...]
    dateline_style: str      # wire | caps_dash | none

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(hours=self.utc_offset))

    def local(self, dt: datetime) -> datetime:
        return dt.astimezone(self.tz)


OUTLETS: dict[str, Outlet] = {o.key: o for o in [
    Outlet("ew", "Eastwire", "news.eastwire.example", 0, "UTC",
           ("World", "Africa", "Americas", "Asia Pacific", "China", "Europe", "India",
            "Middle East", "United Kingdom", "United States", "Business", "Markets",
            "Energy", "Sustainability", "Legal", "Technology", "Investigations", "Science",
            "Health", "Sports", "Lifestyle", "Commentary", "Pictures", "Video", "Graphics",
            "Podcasts", "Fact Check", "Diplomacy", "Elections", "Aerospace and Defence",
            "Autos", "Finance", "Media", "Climate", "Commodities", "Currencies",
            "Wealth", "Breaking news", "Wire services en español"), "wire"),
    Outlet("mt", "The Meridian Times", "www.meridian-times.example", -4, "EDT",
           ("World", "U.S.", "Politics", "New York", "Business", "Opinion", "Science",
            "Health", "Sports", "Arts", "Books", "Style", "Food", "Travel", "Magazine",
            "Real Estate", "Video", "Africa", "Americas", "Asia", "Australia", "Canada",
            "Europe", "Middle East", "Diplomacy", "Climate", "Tech", "Media", "Education",
            "Obituaries", "Corrections", "Today's Paper", "Crosswords", "Podcasts",
            "Newsletters", "Events"), "caps_dash"),
    Outlet("hp", "Harbour Post", "www.harbourpost.example", 1, "BST",
           ("News", "UK", "World", "Politics", "Business", "Money", "Sport", "Football",
            "Cricket", "Rugby", "Opinion", "Culture", "Lifestyle", "Travel", "Property",
            "Environment", "Science", "Technology", "Health", "Education", "Obituaries",
            "Puzzles", "Podcasts", "Video", "The Harbour", "Shipping", "Weather",
            "Letters", "Corrections", "Jobs", "Dating", "Offers"), "none"),
    Outlet("cl", "Continental Ledger", "www.continental-ledger.example", 2, "CEST",
           ("Foreign affairs", "Europe", "Economy", "Markets", "Companies", "Energy",
            "Trade", "Technology", "Climate", "Defence", "Brussels", "Central Europe",
            "Nordics", "Iberia", "Balkans", "Opinion", "Analysis", "Data", "Documents",
            "Podcasts", "Events", "Briefings", "Archive", "Subscribe"), "caps_dash"),
    Outlet("dc", "Daily Compass", "www.dailycompass.example", -5, "CDT",
           ("News", "World", "Nation", "Politics", "Crime", "Money", "Sport", "TV",
            "Showbiz", "Royals", "Health", "Travel", "Motoring", "Tech", "Puzzles",
            "Horoscopes", "Weather", "Deals", "Video", "Podcasts", "Members",
            "Opinion", "Letters", "Local", "Farming", "Schools"), "caps_dash"),
    Outlet("nh", "Northgate Herald", "www.northgate-herald.example", 10, "AEST",
           ("National", "World", "Politics", "Business", "Markets", "Property", "Sport",
            "AFL", "NRL", "Cricket", "Culture", "Lifestyle", "Travel", "Food", "Opinion",
            "Technology", "Environment", "Health", "Education", "Asia", "Pacific",
            "Defence", "Good Weekend", "Puzzles", "Podcasts", "Video", "Today's Paper",
            "Subscriber benefits"), "caps_dash"),
    Outlet("lr", "Lantern Review", "www.lanternreview.example", 8, "HKT",
           ("Asia", "China", "East Asia", "South Asia", "Southeast Asia", "Central Asia",
            "Pacific", "World", "Economy", "Markets", "Tech", "Geopolitics", "Defence",
            "Opinion", "Long reads", "Culture", "Books", "Data", "Live", "Podcasts",
            "Newsletters", "Events", "Magazine", "Archive"), "caps_dash"),
]}


@dataclass(frozen=True)
class Feed:
    id: str
    url: str
    outlet: str
    format: str              # rss2 | atom | rdf
    title: str
    malformed: bool = False

    @property
    def content_type(self) -> str:
        return {"rss2": "application/rss+xml; charset=utf-8",
                "atom": "application/atom+xml; charset=utf-8",
                "rdf": "application/rdf+xml; charset=utf-8"}[self.format]


FEEDS: list[Feed] = [
    Feed("ew-world", "http://news.eastwire.example/feeds/world.xml", "ew", "atom",
         "Eastwire: World News"),
    Feed("mt-world", "http://feeds.meridian-times.example/world.xml", "mt", "rss2",
         "The Meridian Times > World"),
    Feed("mt-diplomacy", "http://feeds.meridian-times.example/diplomacy.xml", "mt", "rss2",
         "The Meridian Times > Diplomacy"),
    Feed("hp-international", "http://www.harbourpost.example/feeds/international.xml", "hp",
         "atom", "Harbour Post | International"),
    Feed("cl-foreign-affairs", "http://www.continental-ledger.example/rdf/foreign-affairs.xml",
         "cl", "rdf", "Continental Ledger - Foreign affairs"),
    Feed("dc-world", "http://www.dailycompass.example/rss/world.xml", "dc", "rss2",
         "Daily Compass - World news"),
    Feed("nh-world", "http://www.northgate-herald.example/feeds/world.xml", "nh", "atom",
         "Northgate Herald - World"),
    Feed("lr-asia", "http://www.lanternreview.example/feed/asia.xml", "lr", "rss2",
         "Lantern Review - Asia"),
    Feed("lr-africa", "http://www.lanternreview.example/feed/africa.xml", "lr", "rss2",
         "Lantern Review - Africa", malformed=True),
]
FEEDS_BY_ID = {f.id: f for f in FEEDS}


def page_path(page: Page) -> str:
    """The outlet's URL pattern (dates in the outlet's local time)."""
    o, d = page.outlet, page.outlet.local(page.published)
    y, m, day = f"{d:%Y}", f"{d:%m}", f"{d:%d}"
    if o.key == "ew":
        base = "/es/mundo" if page.lang == "es" else "/world"
        return f"{base}/{page.region}/{page.slug}-{y}-{m}-{day}.html"
    if o.key == "mt":
        return f"/{y}/{m}/{day}/world/{page.region}/{page.slug}.html"
    if o.key == "hp":
        return f"/news/world/{page.slug}-{y}{m}{day}.html"
    if o.key == "cl":
        return f"/foreign-affairs/{y}/{m}/{page.slug}.html"
    if o.key == "dc":
        return f"/news/world/{y}/{m}/{day}/{page.slug}.html"
    if o.key == "nh":
        return f"/world/{page.region}/{y}/{m}/{day}/{page.slug}.html"
    if o.key == "lr":
        return f"/{page.region}/{page.slug}-a{100000 + stable_int(page.key) % 900000}.html"
    raise KeyError(o.key)


def lede_prefix_for(story: Story, outlet: Outlet) -> str:
    if not story.dateline:
        return ""
    if outlet.dateline_style == "wire":
        return f"{story.dateline}, {story.dateline_date} ({WIRE}) — "
    if outlet.dateline_style == "caps_dash":
        return f"{story.dateline} — "
    return ""


# --------------------------------------------------------------------------------------
# Shared page furniture
# --------------------------------------------------------------------------------------

COMMENT_TEXTS = [
    "Useful summary. It would help to see the full text of the statement linked from the article.",
    "Hard to judge any of this until we see what is actually written down and signed.",
    "The background section is helpful. Context like this is often missing from the coverage.",
    "Another meeting, another set of statements. I will believe it when something changes on the ground.",
    "Good to see the reporting stick to what was said rather than speculation.",
    "Can someone explain how this differs from the proposal that was discussed earlier in the summer?",
    "The map in the print edition was much clearer than the one online.",
    "Diplomacy is slow and frustrating, but it beats the alternative.",
    "Would be interesting to hear how the neighbouring countries view this.",
    "The headline oversells it a little; the article itself is more careful.",
    "I remember similar announcements years ago. Implementation is always the hard part.",
    "Thanks for including the background on the earlier rounds of talks.",
    "What happens if the deadline passes without agreement? The piece does not really say.",
    "Markets barely moved on this, which tells you something about expectations.",
    "Please keep covering this after the news cycle moves on.",
    "A clear, readable piece on a complicated subject.",
    "The economic side of this deserves its own article.",
    "Curious what the parliament there will make of it when it comes to a vote.",
    "Not convinced either side is ready to compromise yet.",
    "Reporting from the region itself would add a lot here.",
    "So many envoys and so few results.",
    "Worth remembering how many previous agreements were never ratified.",
    "Interesting that the statement was agreed so quickly this time.",
    "The paywall on the follow-up analysis is frustrating.",
    "I would like to know more about who actually monitors compliance.",
    "Balanced article. The discussion underneath it, less so.",
    "This will look very different in six months, one way or another.",
    "Does anyone know when the full transcript will be published?",
]
HANDLE_WORDS = ["reader", "tidewater", "longview", "mapmaker", "quietobserver", "oldhand",
                "policywonk", "harbourwatch", "northbound", "atlas", "sundial", "gridline",
                "pinecone", "lighthouse", "compassrose", "fieldnotes"]


def reader_comments(page: Page, n: int) -> list[tuple[str, str, int, datetime]]:
    """(handle, text, likes, posted_at) for a page, chosen by hash."""
    texts = pick(COMMENT_TEXTS, n, page.key, "comments")
    out = []
    for i, text in enumerate(texts):
        h = stable_int(page.key, "handle", str(i))
        word = HANDLE_WORDS[h % len(HANDLE_WORDS)]
        handle = f"{word}_{1000 + h % 9000}"
        posted = page.published + timedelta(minutes=35 + 47 * i + h % 30)
        out.append((handle, text, h % 120, posted))
    return out


def utility_css(prefix: str, seed: str) -> str:
    """A block of generated utility classes, as a CSS framework build would ship inline."""
    rules = []
    for i in range(1, 13):
        pct = f"{i / 12 * 100:.5f}%"
        rules.append(f".{prefix}-col-{i}{{flex:0 0 {pct};max-width:{pct}}}")
        rules.append(f".{prefix}-offset-{i}{{margin-left:{pct}}}")
    for name, prop in (("mt", "margin-top"), ("mb", "margin-bottom"), ("pt", "padding-top"),
                       ("pb", "padding-bottom"), ("px", "padding-left"), ("gap", "gap")):
        for step in range(0, 11):
            rules.append(f".{prefix}-{name}-{step}{{{prop}:{step * 4}px}}")
    palette = ["#111", "#333", "#555", "#767676", "#999", "#c00", "#0a5", "#06c", "#e8e8e8",
               "#f4f4f4", "#fff"]
    for i, color in enumerate(palette):
        rules.append(f".{prefix}-fg-{i}{{color:{color}}}.{prefix}-bg-{i}{{background:{color}}}")
    for bp, width in (("sm", 576), ("md", 768), ("lg", 1024), ("xl", 1280)):
        inner = "".join(f".{prefix}-{bp}-col-{i}{{flex:0 0 {i / 12 * 100:.5f}%}}"
                        for i in range(1, 13))
        rules.append(f"@media (min-width:{width}px){{{inner}.{prefix}-{bp}-hide{{display:none}}}}")
    rules.append(f"/* build {hashlib.sha256(seed.encode()).hexdigest()[:10]} */")
    return "\n".join(rules)


ICON_PATHS = {
    "facebook": "M22 12a10 10 0 1 0-11.56 9.88v-6.99H7.9V12h2.54V9.8c0-2.51 1.49-3.89 3.78-3.89 1.09 0 2.24.2 2.24.2v2.46h-1.26c-1.24 0-1.63.77-1.63 1.56V12h2.78l-.44 2.89h-2.34v6.99A10 10 0 0 0 22 12z",
    "x": "M18.244 2.25h3.308l-7.227 8.26 8.502 11.24H16.17l-5.214-6.817L4.99 21.75H1.68l7.73-8.835L1.254 2.25H8.08l4.713 6.231zm-1.161 17.52h1.833L7.084 4.126H5.117z",
    "linkedin": "M20.45 20.45h-3.56v-5.57c0-1.33-.02-3.04-1.85-3.04-1.85 0-2.14 1.45-2.14 2.94v5.67H9.34V9h3.41v1.56h.05c.48-.9 1.64-1.85 3.37-1.85 3.6 0 4.27 2.37 4.27 5.46v6.28zM5.34 7.43a2.06 2.06 0 1 1 0-4.13 2.06 2.06 0 0 1 0 4.13zM7.12 20.45H3.56V9h3.56v11.45z",
    "whatsapp": "M17.47 14.38c-.3-.15-1.76-.87-2.03-.97-.27-.1-.47-.15-.67.15-.2.3-.77.97-.94 1.17-.17.2-.35.22-.65.07-.3-.15-1.26-.46-2.39-1.48-.88-.79-1.48-1.76-1.65-2.06-.17-.3-.02-.46.13-.61.13-.13.3-.35.45-.52.15-.17.2-.3.3-.5.1-.2.05-.37-.02-.52-.08-.15-.67-1.61-.92-2.21-.24-.58-.49-.5-.67-.51h-.57c-.2 0-.52.07-.79.37-.27.3-1.04 1.02-1.04 2.48s1.07 2.88 1.21 3.07c.15.2 2.1 3.2 5.08 4.49.71.31 1.26.49 1.69.63.71.23 1.36.19 1.87.12.57-.09 1.76-.72 2.01-1.41.25-.7.25-1.29.17-1.41-.07-.13-.27-.2-.57-.35z",
    "email": "M20 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2zm0 4-8 5-8-5V6l8 5 8-5v2z",
    "link": "M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7c-2.76 0-5 2.24-5 5s2.24 5 5 5h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4c2.76 0 5-2.24 5-5s-2.24-5-5-5z",
    "search": "M15.5 14h-.79l-.28-.27A6.47 6.47 0 0 0 16 9.5 6.5 6.5 0 1 0 9.5 16c1.61 0 3.09-.59 4.23-1.57l.27.28v.79l5 4.99L20.49 19l-4.99-5zm-6 0C7.01 14 5 11.99 5 9.5S7.01 5 9.5 5 14 7.01 14 9.5 11.99 14 9.5 14z",
    "menu": "M3 18h18v-2H3v2zm0-5h18v-2H3v2zm0-7v2h18V6H3z",
    "bookmark": "M17 3H7c-1.1 0-1.99.9-1.99 2L5 21l7-3 7 3V5c0-1.1-.9-2-2-2z",
    "print": "M19 8H5c-1.66 0-3 1.34-3 3v6h4v4h12v-4h4v-6c0-1.66-1.34-3-3-3zm-3 11H8v-5h8v5zm3-7c-.55 0-1-.45-1-1s.45-1 1-1 1 .45 1 1-.45 1-1 1zm-1-9H6v4h12V3z",
}


def svg_sprite(prefix: str) -> str:
    symbols = "".join(f'<symbol id="{prefix}-icon-{name}" viewBox="0 0 24 24"><path d="{d}"/></symbol>'
                      for name, d in ICON_PATHS.items())
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none" aria-hidden="true">{symbols}</svg>'


def icon(prefix: str, name: str) -> str:
    return f'<svg class="{prefix}-svg" width="18" height="18" aria-hidden="true"><use href="#{prefix}-icon-{name}"></use></svg>'


def share_links(page: Page, prefix: str, tag: str = "li") -> str:
    items = []
    from urllib.parse import quote
    u = quote(page.url, safe="")
    t = quote(page.headline, safe="")
    targets = [("facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}", "Share on Facebook"),
               ("x", f"https://x.com/intent/post?url={u}&text={t}", "Share on X"),
               ("linkedin", f"https://www.linkedin.com/sharing/share-offsite/?url={u}", "Share on LinkedIn"),
               ("whatsapp", f"https://api.whatsapp.com/send?text={t}%20{u}", "Share on WhatsApp"),
               ("email", f"mailto:?subject={t}&body={u}", "Share by email"),
               ("link", "#", "Copy link")]
    for name, href, label in targets:
        items.append(f'<{tag} class="{prefix}-share__item"><a href="{esc(href)}" '
                     f'aria-label="{label}" rel="noopener" target="_blank">{icon(prefix, name)}</a></{tag}>')
    return "".join(items)


def analytics_script(page: Page, site_id: str) -> str:
    data = {
        "site": site_id, "pageType": "article", "contentId": stable_int(page.key) % 10**8,
        "section": page.region, "publishedAt": page.outlet.local(page.published).isoformat(),
        "wordCount": word_count(page.body_paragraphs()), "language": page.lang,
        "syndicated": page.copy_kind not in (None, "original"),
        "adSlots": ["top", "mpu1", "mpu2", "inline1", "inline2", "sticky"],
        "consentVendors": [f"vendor-{i:03d}" for i in range(1, 41)],
    }
    blob = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return ("<script>window.dataLayer=window.dataLayer||[];window.dataLayer.push(" + blob +
            ");(function(w,d){var q=w.__adq=w.__adq||[];function slot(id,s){q.push({id:id,"
            "sizes:s});}slot('top',[[728,90],[970,250]]);slot('mpu1',[[300,250]]);"
            "slot('mpu2',[[300,600],[300,250]]);slot('inline1',[[300,250],[620,350]]);"
            "slot('sticky',[[320,50]]);var s=d.createElement('script');s.async=true;"
            "s.src='/static/js/ads.bundle.js';d.head.appendChild(s);})(window,document);"
            "</script>")


def more_stories(page: Page, pages: list[Page], n: int, salt: str,
                 earlier: bool = False) -> list[Page]:
    """Other pages of the same outlet, for 'most read' and 'related' lists. Most-read
    widgets show what was popular when the page was recorded; links placed by editors
    (related, read more) only point to stories published before this one."""
    others = [p for p in pages if p.outlet.key == page.outlet.key and p.key != page.key
              and p.kind == "article" and (not earlier or p.published < page.published)]
    same_lang = [p for p in others if p.lang == page.lang]
    return pick(same_lang if len(same_lang) >= n else others, n, page.key, salt)


def head_common(page: Page, css: str, extra: str = "") -> str:
    o = page.outlet
    local = o.local(page.published)
    title = f"{page.headline} | {o.name}" if page.kind != "empty" else f"{page.headline} - {o.name}"
    return f"""<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="description" content="{esc(page.summary)}">
<link rel="canonical" href="{esc(page.canonical)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{esc(o.name)}">
<meta property="og:title" content="{esc(page.headline)}">
<meta property="og:description" content="{esc(page.summary)}">
<meta property="og:url" content="{esc(page.url)}">
<meta property="og:image" content="http://{o.host}/static/img/og/{slugify(page.key)}.jpg">
<meta property="article:published_time" content="{local.isoformat()}">
<meta property="article:section" content="{esc(page.region.replace('-', ' ').title())}">
{''.join(f'<meta property="article:tag" content="{esc(t)}">' for t in page.tags)}
<meta name="twitter:card" content="summary_large_image">
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="icon" href="/favicon.ico">
<link rel="alternate" type="application/rss+xml" title="{esc(o.name)}" href="/rss">
{extra}
<style>
{css}
</style>
</head>"""


def json_ld(page: Page, image: bool = True) -> str:
    o = page.outlet
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": page.headline, "description": page.summary,
        "datePublished": o.local(page.published).isoformat(),
        "dateModified": o.local(page.published + timedelta(minutes=12)).isoformat(),
        "author": [{"@type": "Organization", "name": page.desk}],
        "publisher": {"@type": "NewsMediaOrganization", "name": o.name,
                      "logo": {"@type": "ImageObject", "url": f"http://{o.host}/static/img/logo.png"}},
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.url},
        "inLanguage": page.lang, "isAccessibleForFree": True,
        "keywords": page.tags,
    }
    if image:
        data["image"] = [f"http://{o.host}/static/img/og/{slugify(page.key)}.jpg"]
    return ('<script type="application/ld+json">' +
            json.dumps(data, ensure_ascii=False, sort_keys=True) + "</script>")


def body_html(page: Page, p_attrs: str = "", wrap: Optional[Callable[[str], str]] = None,
              inserts: Optional[dict[int, str]] = None) -> str:
    """The article paragraphs; `inserts` puts furniture after paragraph i (0-based)."""
    parts = []
    inserts = inserts or {}
    for i, text in enumerate(page.body_paragraphs()):
        raw = page.paragraphs[i]
        if raw.startswith("## "):
            parts.append(f"<h2>{esc(text)}</h2>")
        else:
            p = f"<p{p_attrs}>{esc(text)}</p>"
            parts.append(wrap(p) if wrap else p)
        if i in inserts and i < len(page.paragraphs) - 2:
            parts.append(inserts[i])
    return "\n".join(parts)


def nav_list(o: Outlet, cls: str, base: str = "") -> str:
    return "".join(f'<li class="{cls}"><a href="{base}/{slugify(s)}/">{esc(s)}</a></li>'
                   for s in o.sections)


def footer_links(labels: list[str], cls: str) -> str:
    return "".join(f'<li class="{cls}"><a href="/{slugify(l)}">{esc(l)}</a></li>' for l in labels)


LEGAL = ["Terms of use", "Privacy policy", "Cookie policy", "Cookie settings", "Accessibility",
         "Modern slavery statement", "Corrections", "Complaints", "Contact us", "Advertise with us",
         "Careers", "Licensing and syndication", "Site map", "Help"]


def fmt_long(dt: datetime, tz_name: str) -> str:
    return f"{dt:%B} {dt.day}, {dt:%Y} {dt.strftime('%I:%M %p').lstrip('0')} {tz_name}"


def fmt_uk(dt: datetime, tz_name: str) -> str:
    return f"{dt:%a} {dt.day} {dt:%b %Y} {dt:%H.%M} {tz_name}"


# --------------------------------------------------------------------------------------
# Outlet templates: each returns the full HTML of a page.
# --------------------------------------------------------------------------------------

def render_eastwire(page: Page, pages: list[Page]) -> str:
    o, p = page.outlet, "ew"
    es = page.lang == "es"
    L = {  # labels
        "by": "Por" if es else "By", "most": "Lo más leído" if es else "Most read",
        "related": "Noticias relacionadas" if es else "Related coverage",
        "cookie": ("Usamos cookies y tecnologías similares para prestar nuestros servicios, "
                   "medir audiencias y personalizar la publicidad. Puede aceptar todas las cookies, "
                   "rechazar las no esenciales o gestionar sus preferencias en cualquier momento.")
        if es else
        ("We and our partners use cookies and similar technologies to deliver our services, "
         "measure audiences and personalise advertising. You can accept all cookies, reject "
         "non-essential cookies or manage your preferences at any time."),
        "accept": "Aceptar todo" if es else "Accept all cookies",
        "manage": "Gestionar preferencias" if es else "Manage preferences",
        "ad": "Publicidad · Desplácese para continuar" if es else "Advertisement · Scroll to continue with content",
        "news": ("Reciba el boletín Eastwire Mañana: las claves del día en su correo."
                 if es else "Get the Eastwire Daily Briefing: the stories that matter, every weekday morning."),
        "signup": "Suscribirse" if es else "Sign up",
        "discussion": "Comentarios de lectores" if es else "Reader discussion",
        "standards": ("Nuestros estándares: Principios de confianza de Eastwire."
                      if es else "Our Standards: The Eastwire Trust Principles."),
    }
    local = o.local(page.published)
    shown_time = (f"{local.day} de {['enero','febrero','marzo','abril','mayo','junio','julio','agosto','septiembre','octubre','noviembre','diciembre'][local.month-1]} de {local.year}, {local:%H:%M} UTC"
                  if es else fmt_long(local, o.tz_name))
    css = """*{box-sizing:border-box}body{margin:0;font:16px/1.5 "Source Sans",Helvetica,Arial,sans-serif;color:#1a1a1a}
.ew-header{border-bottom:4px solid #ff8000;padding:8px 24px;display:flex;align-items:center;gap:24px}
.ew-logo{font-weight:800;font-size:28px;letter-spacing:-1px;color:#ff8000;text-decoration:none}
.primary-nav ul,.regional-nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:12px}
.regional-nav{background:#f4f4f4;padding:6px 24px;font-size:13px}
.page-grid{display:grid;grid-template-columns:minmax(0,1fr) 320px;gap:40px;max-width:1200px;margin:0 auto;padding:24px}
.wire-story h1{font-size:40px;line-height:1.15;margin:8px 0 16px}.story-body p{font-size:19px;margin:0 0 20px}
.consent-banner{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:16px 24px;z-index:99}
.ad{background:#f4f4f4;text-align:center;min-height:90px;font-size:11px;color:#767676;text-transform:uppercase}
.sidebar section{border-top:2px solid #1a1a1a;margin-bottom:32px}.sidebar ol{padding-left:20px}
.ew-site-footer{background:#1a1a1a;color:#ccc;padding:40px 24px;font-size:13px}.ew-site-footer a{color:#ccc}
""" + utility_css("ew", page.key)
    most = more_stories(page, pages, 5, "most")
    related = more_stories(page, pages, 4, "related", earlier=True)
    comments = reader_comments(page, 3)
    body = body_html(page)
    return f"""<!DOCTYPE html>
<html lang="{page.lang}">
{head_common(page, css)}
<body class="ew-site">
{svg_sprite(p)}
<a class="skip-link" href="#main-content">Skip to main content</a>
<div id="cookie-consent" class="consent-banner" role="dialog" aria-label="Cookie consent">
<p>{L['cookie']}</p>
<div class="consent-actions"><button type="button" data-consent="all">{L['accept']}</button><button type="button" data-consent="manage">{L['manage']}</button></div>
</div>
<header class="ew-header">
<a class="ew-logo" href="/">Eastwire</a>
<nav class="primary-nav" aria-label="Sections"><ul>{nav_list(o, 'primary-nav__item')}</ul></nav>
<form class="ew-search" role="search" action="/search"><input type="search" name="q" placeholder="Search Eastwire"><button type="submit">{icon(p, 'search')}</button></form>
<a class="ew-account" href="/account/sign-in">Sign in</a><a class="ew-register" href="/account/register">Register</a>
</header>
<nav class="regional-nav" aria-label="Regions"><ul>{''.join(f'<li><a href="/world/{slugify(r)}/">{r}</a></li>' for r in ['Africa','Americas','Asia Pacific','China','Europe','India','Israel and Gaza','Japan','Middle East','Russia-Ukraine war','United Kingdom','United States','Eastwire Next'])}</ul></nav>
<div class="ad ad-leaderboard" id="ad-top" data-slot="top"><span class="ad-label">{L['ad']}</span></div>
<main id="main-content" class="page-grid">
<article class="wire-story" data-story-id="EW{stable_int(page.key) % 10**8:08d}">
<header class="story-header">
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/world/">World</a> / <a href="/world/{page.region}/">{esc(page.region.replace('-', ' ').title())}</a></nav>
<h1 data-testid="Heading">{esc(page.headline)}</h1>
<div class="byline-block"><p class="byline">{L['by']} <a rel="author" href="/authors/{slugify(page.desk)}/">{esc(page.desk)}</a></p>
<time class="timestamp" datetime="{local.isoformat()}">{shown_time}</time></div>
<ul class="share-bar">{share_links(page, p)}</ul>
</header>
<div class="story-body" id="story-body">
{body}
</div>
<div class="story-footer">
<p class="trust-note">{L['standards']}</p>
<ul class="tag-list">{''.join(f'<li><a href="/topic/{slugify(t)}/">{esc(t)}</a></li>' for t in page.tags)}</ul>
<p class="license-link"><a href="/licensing">Purchase licensing rights</a></p>
</div>
</article>
<aside class="sidebar">
<section class="most-read"><h2>{L['most']}</h2><ol>{''.join(f'<li><a href="{esc(m.path)}">{esc(m.headline)}</a></li>' for m in most)}</ol></section>
<div class="ad ad-mpu" id="ad-mpu1" data-slot="mpu1"><span class="ad-label">Advertisement</span></div>
<div class="sponsored-slot paid-content"><p class="sponsored-label">Sponsored</p><p>Sponsored: Compare corporate travel insurance from leading providers and save on your next trip abroad.</p></div>
</aside>
</main>
<section class="related-stories" aria-label="{L['related']}"><h2>{L['related']}</h2><ul>{''.join(f'<li><a href="{esc(r.path)}">{esc(r.headline)}</a><span class="related-summary">{esc(r.summary)}</span></li>' for r in related)}</ul></section>
<section class="newsletter-signup"><h2>Eastwire Daily Briefing</h2><p>{L['news']}</p><form action="/newsletters/subscribe" method="post"><input type="email" name="email" placeholder="Email address"><button type="submit">{L['signup']}</button></form></section>
<section id="discussion" class="reader-discussion" aria-label="{L['discussion']}"><h2>{L['discussion']} ({len(comments)})</h2>
<ol class="discussion-thread">{''.join(f'<li class="discussion-item"><div class="discussion-meta"><span class="handle">{h}</span> <time datetime="{t.isoformat()}">{t:%d %b %Y %H:%M}</time></div><div class="discussion-text">{esc(c)}</div><div class="discussion-actions"><button>Reply</button><button>Like ({likes})</button><button>Report</button></div></li>' for h, c, likes, t in comments)}</ol>
<p class="discussion-rules">Discussion is moderated according to our community guidelines.</p></section>
<footer class="ew-site-footer">
<div class="footer-brand">Eastwire — news and information for professionals</div>
<ul class="footer-sections">{nav_list(o, 'footer-sections__item')}</ul>
<ul class="footer-legal">{footer_links(LEGAL, 'footer-legal__item')}</ul>
<p class="footer-copy">All quotes delayed a minimum of 15 minutes. © 2025 Eastwire. All rights reserved.</p>
</footer>
{analytics_script(page, 'eastwire')}
</body>
</html>
"""


def render_meridian(page: Page, pages: list[Page]) -> str:
    o, p = page.outlet, "mt"
    local = o.local(page.published)
    print_day = local + timedelta(days=1)
    css = """body{margin:0;font-family:georgia,"times new roman",serif;color:#121212;background:#fff}
.mt-masthead{text-align:center;border-bottom:1px solid #e2e2e2;padding:12px}.mt-masthead__logo{font:700 44px/1 "Old English Text",georgia,serif}
.mt-sections{display:flex;justify-content:center;flex-wrap:wrap;gap:16px;font:12px/2 helvetica,arial,sans-serif;list-style:none;padding:0}
#site-content{max-width:600px;margin:0 auto}.mt-headline{font-size:36px;line-height:1.2}.article-body p{font-size:20px;line-height:1.6}
.ad{margin:24px auto;text-align:center;border-top:1px solid #e2e2e2;border-bottom:1px solid #e2e2e2;padding:12px 0}
#gdpr-consent{position:fixed;inset:auto 0 0 0;background:#fff;box-shadow:0 -2px 8px rgba(0,0,0,.2);padding:20px}
.mt-footer{border-top:1px solid #e2e2e2;margin-top:48px;padding:24px;font:13px helvetica,arial,sans-serif}
""" + utility_css("mt", page.key)
    most = more_stories(page, pages, 6, "most")
    related = more_stories(page, pages, 3, "related", earlier=True)
    comments = reader_comments(page, 4)
    inline_ad = ('<div class="ad ad-inline" data-position="mid{}"><p class="ad-label">Advertisement</p>'
                 '<p class="ad-continue"><a href="#after-ad-{}">Continue reading the main story</a></p></div>')
    promo = ('<div class="newsletter-promo"><p>Sign up for The World Brief, our daily newsletter on '
             'the global stories you need to know.</p><a href="/newsletters/world-brief">Get it sent to your inbox.</a></div>')
    body = body_html(page, wrap=lambda s: f'<div class="mt-paragraph">{s}</div>',
                     inserts={2: inline_ad.format(1, 1), 4: promo, 6: inline_ad.format(2, 2)})
    return f"""<!DOCTYPE html>
<html lang="{page.lang}">
{head_common(page, css, json_ld(page))}
<body>
{svg_sprite(p)}
<div id="gdpr-consent" class="gdpr-banner" role="dialog" aria-modal="true">
<p>We use cookies and similar methods to recognize visitors and remember their preferences. We also use them to measure ad campaign effectiveness, target ads and analyze site traffic. By selecting 'Accept', you consent to the use of these methods by us and third parties.</p>
<button class="gdpr-accept">Accept</button> <button class="gdpr-reject">Reject all</button> <a href="/privacy/cookie-policy">Manage privacy preferences</a>
</div>
<div class="ad ad-masthead" id="ad-top"><p class="ad-label">Advertisement</p></div>
<header class="mt-masthead">
<button class="mt-menu-button" aria-label="Sections">{icon(p, 'menu')}</button>
<a class="mt-masthead__logo" href="/">The Meridian Times</a>
<p class="mt-masthead__date">{local:%A, %B} {local.day}, {local.year} · Today's Paper</p>
<nav class="mt-nav" aria-label="Main"><ul class="mt-sections">{nav_list(o, 'mt-sections__item')}</ul></nav>
</header>
<main id="site-content">
<article class="mt-article" id="story">
<header class="mt-article-header">
<p class="mt-kicker"><a href="/section/world/{page.region}">{esc(page.region.replace('-', ' ').title())}</a></p>
<h1 class="mt-headline" itemprop="headline">{esc(page.headline)}</h1>
<div class="mt-byline-wrap"><p class="byline">By <span class="byline-name">{esc(page.desk)}</span></p>
<time class="timestamp" datetime="{local.isoformat()}">{fmt_long(local, o.tz_name)}</time></div>
<div class="share-tools"><ul class="share-list">{share_links(page, p)}</ul><button class="mt-save">{icon(p, 'bookmark')} Save</button></div>
</header>
<section name="articleBody" class="article-body" itemprop="articleBody">
{body}
</section>
<div class="mt-article-footer"><p class="mt-print-note">A version of this article appears in print on {print_day:%B} {print_day.day}, {print_day.year}, Section A, Page 8 of the New York edition.</p>
<p class="mt-reprints"><a href="/reprints">Order Reprints</a> | <a href="/todays-paper">Today's Paper</a> | <a href="/subscribe">Subscribe</a></p></div>
</article>
<section class="mt-related related-links"><h2>Related Coverage</h2><ul>{''.join(f'<li><a href="{esc(r.path)}">{esc(r.headline)}</a></li>' for r in related)}</ul></section>
<section id="reader-picks" class="conversation" aria-label="Reader conversation"><h2>Conversation <span class="conversation-count">{len(comments)}</span></h2>
<div class="conversation-tabs"><button>Reader Picks</button><button>All</button></div>
{''.join(f'<div class="conversation-entry"><p class="conversation-user">{h} <span class="conversation-time">{t:%b. %d}</span></p><p class="conversation-body">{esc(c)}</p><p class="conversation-recommend">Recommend {likes}</p></div>' for h, c, likes, t in comments)}
</section>
<section class="mt-most-popular most-popular" aria-label="Most Popular"><h2>Most Popular</h2><ol>{''.join(f'<li><a href="{esc(m.path)}">{esc(m.headline)}</a></li>' for m in most)}</ol></section>
<div class="sponsored-module paid-content"><p>Paid Post: Discover how smart logistics are reshaping global supply chains, presented by a sponsor.</p></div>
</main>
<footer class="mt-footer">
<nav aria-label="Site index"><ul class="mt-site-index">{nav_list(o, 'mt-site-index__item', '/section')}</ul></nav>
<ul class="mt-legal">{footer_links(LEGAL, 'mt-legal__item')}</ul>
<p>© 2025 The Meridian Times Company</p>
</footer>
{analytics_script(page, 'meridian')}
</body>
</html>
"""


def render_harbour(page: Page, pages: list[Page]) -> str:
    o, p = page.outlet, "hp"
    local = o.local(page.published)
    css = """html{font-size:62.5%}body{margin:0;font:1.7rem/1.5 "Harbour Text",georgia,serif;background:#f6f6f6}
.hp-topbar{background:#052962;color:#fff;padding:8px 16px}.hp-topbar a{color:#fff}.hp-pillars{display:flex;gap:4px;list-style:none;padding:0;margin:0;flex-wrap:wrap}
.hp-article{background:#fff;max-width:980px;margin:0 auto;padding:12px 20px}.hp-article__headline{font-size:4rem;line-height:1.1;font-weight:500}
.article__content p{margin:0 0 1.2rem}.related-inline{border-top:1px solid #dcdcdc;padding:8px 0;font:600 1.5rem/1.3 arial,sans-serif}
#cookie-notice{position:fixed;bottom:0;width:100%;background:#052962;color:#fff;padding:2rem}
.hp-footer{background:#052962;color:#fff;padding:3rem 2rem}.hp-footer a{color:#fff}
""" + utility_css("hp", page.key)
    most = more_stories(page, pages, 5, "most")
    related = more_stories(page, pages, 4, "related", earlier=True)
    comments = reader_comments(page, 4)
    read_more = more_stories(page, pages, 2, "readmore", earlier=True)
    inserts = {}
    for n, r in zip((1, 4), read_more):
        inserts[n] = (f'<div class="related-inline"><strong>Read more:</strong> '
                      f'<a href="{esc(r.path)}">{esc(r.headline)}</a></div>')
    body = body_html(page, inserts=inserts)
    return f"""<!DOCTYPE html>
<html lang="{page.lang}" class="hp-js">
{head_common(page, css)}
<body>
{svg_sprite(p)}
<div id="cookie-notice" class="cookie-notice" role="region" aria-label="Your privacy">
<h2>Your privacy</h2><p>We use cookies to improve your experience on our site and to show you personalised advertising. To find out more, read our privacy policy and cookie policy. You can change your choices at any time by selecting 'Privacy settings' at the bottom of any page.</p>
<button>Yes, I'm happy</button> <button>Manage my cookies</button>
</div>
<div class="hp-topbar"><a href="/support">Support the Harbour Post</a> · <a href="/subscribe">Subscribe</a> · <a href="/signin">Sign in</a> · <a href="/search">Search</a> · <a href="/uk-edition">UK edition</a></div>
<header class="hp-header"><a class="hp-logo" href="/">Harbour<span>Post</span></a>
<nav class="hp-navigation" aria-label="Harbour Post sections"><ul class="hp-pillars">{nav_list(o, 'hp-pillar')}</ul></nav>
<nav class="hp-subnav"><ul>{''.join(f'<li><a href="/world/{slugify(s)}">{s}</a></li>' for s in ['Europe','US news','Americas','Asia','Australia','Middle East','Africa','Inequality','Global development'])}</ul></nav>
</header>
<div class="ad ad-top-above-nav" id="dfp-ad--top-above-nav"><p class="ad-label">Advertisement</p></div>
<div id="page" class="hp-page">
<main>
<article class="hp-article" id="hp-article">
<div class="hp-article__meta-top"><a class="hp-section-label" href="/world">World news</a></div>
<h1 class="hp-article__headline">{esc(page.headline)}</h1>
<div class="hp-article__meta"><address class="byline" aria-label="Contributor info">{esc(page.desk)}</address>
<time class="timestamp" datetime="{local.isoformat()}">{fmt_uk(local, o.tz_name)}</time>
<ul class="share-buttons">{share_links(page, p)}</ul></div>
<div class="hp-article__body article__content" id="maincontent">
{body}
</div>
<div class="hp-article__tags"><ul class="tag-list">{''.join(f'<li><a href="/topic/{slugify(t)}">{esc(t)}</a></li>' for t in page.tags)}</ul></div>
<div class="hp-contribution-epic newsletter-epic"><p>Before you move on: the Harbour Post is funded by its readers. If you can, support our independent reporting from just £2.</p><a href="/support">Support us</a></div>
</article>
<section class="more-on-this-story"><h2>More on this story</h2><ul>{''.join(f'<li><a href="{esc(r.path)}">{esc(r.headline)}</a></li>' for r in related)}</ul></section>
<div id="talk" class="talk-thread" aria-label="Reader responses"><h2>Join the conversation</h2><p class="talk-count">{len(comments)} responses · <a href="/community-standards">Community standards</a></p>
<ul class="talk-list">{''.join(f'<li class="talk-item"><span class="talk-user">{h}</span><time class="talk-time" datetime="{t.isoformat()}">{t:%d %b %Y %H:%M}</time><div class="talk-text"><p>{esc(c)}</p></div><span class="talk-votes">{likes} recommends</span></li>' for h, c, likes, t in comments)}</ul></div>
</main>
<aside class="sidebar hp-right"><div class="ad ad-right" id="dfp-ad--right"><p class="ad-label">Advertisement</p></div>
<section class="hp-most-viewed most-popular"><h2>Most viewed</h2><ol>{''.join(f'<li><a href="{esc(m.path)}">{esc(m.headline)}</a></li>' for m in most)}</ol></section>
<div class="hp-sponsored paid-content"><p>Sponsored by Harbour Ferries: Book a coastal weekend break for two with dinner included.</p></div></aside>
</div>
<footer class="hp-footer">
<div class="newsletter-footer"><h2>Sign up to Harbour Post Headlines</h2><p>Get the day's headlines and highlights emailed direct to you every morning.</p><input type="email" placeholder="Your email address"><button>Sign up</button></div>
<ul class="hp-footer__links">{footer_links(LEGAL + ['Privacy settings', 'All topics', 'All writers', 'Digital newspaper archive'], 'hp-footer__link')}</ul>
<p>© 2025 Harbour Post Media Limited or its affiliated companies. All rights reserved.</p>
</footer>
{analytics_script(page, 'harbourpost')}
</body>
</html>
"""


def render_ledger(page: Page, pages: list[Page]) -> str:
    """WordPress-style markup."""
    o, p = page.outlet, "cl"
    local = o.local(page.published)
    post_id = 40000 + stable_int(page.key) % 9000
    css = """body{margin:0;font:17px/1.65 "Merriweather",georgia,serif;color:#222}.site-header{padding:20px 32px;border-bottom:3px double #222}
.site-title{font:700 34px/1 "Playfair Display",serif;text-transform:uppercase;letter-spacing:2px}.main-navigation ul{list-style:none;display:flex;flex-wrap:wrap;gap:18px;padding:0}
.site-content{display:flex;gap:48px;max-width:1140px;margin:0 auto;padding:32px}.content-area{flex:1}.widget-area{width:300px}
.entry-title{font-size:38px;line-height:1.2}.entry-content p{margin:0 0 1.4em}.sponsored-box{border:1px solid #ddd;background:#fafafa;padding:16px;margin:24px 0}
.cmplz-cookiebanner{position:fixed;bottom:16px;right:16px;width:420px;background:#fff;border:1px solid #ccc;padding:16px}
.site-footer{background:#222;color:#bbb;padding:40px 32px}
""" + utility_css("cl", page.key)
    most = more_stories(page, pages, 5, "most")
    related = more_stories(page, pages, 3, "related", earlier=True)
    comments = reader_comments(page, 3)
    earlier = sorted((q for q in pages if q.outlet.key == o.key and q.kind == "article"
                      and q.published < page.published), key=lambda q: q.published)
    prev_link = (f'<nav class="navigation post-navigation" aria-label="Posts"><div class="nav-links">'
                 f'<div class="nav-previous"><a href="{esc(earlier[-1].path)}" rel="prev">'
                 f'{esc(earlier[-1].headline)}</a></div></div></nav>') if earlier else ""
    sponsored = ('<div class="sponsored-box paid-content" data-partner="1"><p class="sponsored-box__label">Sponsored</p>'
                 '<p>Sponsored: Private banking for internationally mobile families. Speak to an adviser in Zurich, '
                 'Luxembourg or Vienna.</p></div>')
    body = body_html(page, inserts={3: sponsored})
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": page.url + "#article", "headline": page.headline,
         "datePublished": local.isoformat(), "author": {"@type": "Organization", "name": page.desk},
         "isPartOf": {"@id": page.url}, "inLanguage": "en-GB", "articleSection": ["Foreign affairs"]},
        {"@type": "WebPage", "@id": page.url, "url": page.url, "name": f"{page.headline} - {o.name}"},
        {"@type": "Organization", "@id": f"http://{o.host}/#organization", "name": o.name}]}
    ld = ('<script type="application/ld+json" class="yoast-schema-graph">' +
          json.dumps(graph, ensure_ascii=False, sort_keys=True) + "</script>")
    extra = (ld + '\n<link rel="https://api.w.org/" href="http://' + o.host + '/wp-json/">'
             '\n<meta name="generator" content="WordPress 6.8.2">')
    return f"""<!DOCTYPE html>
<html lang="{page.lang}">
{head_common(page, css, extra)}
<body class="post-template-default single single-post postid-{post_id} single-format-standard wp-embed-responsive">
{svg_sprite(p)}
<div id="cmplz-cookiebanner-container"><div class="cmplz-cookiebanner banner-1 optin" role="dialog" aria-live="polite">
<div class="cmplz-title">Manage cookie consent</div>
<div class="cmplz-message"><p>To provide the best experiences, we use technologies like cookies to store and/or access device information. Consenting to these technologies will allow us to process data such as browsing behaviour or unique IDs on this site.</p></div>
<div class="cmplz-buttons"><button class="cmplz-btn cmplz-accept">Accept</button><button class="cmplz-btn cmplz-deny">Deny</button><button class="cmplz-btn cmplz-view-preferences">View preferences</button></div></div></div>
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>
<header id="masthead" class="site-header">
<p class="site-title"><a href="/" rel="home">Continental Ledger</a></p><p class="site-description">Europe's journal of politics, markets and ideas</p>
<nav id="site-navigation" class="main-navigation" aria-label="Primary menu"><ul id="primary-menu" class="menu">{nav_list(o, 'menu-item menu-item-type-taxonomy')}</ul></nav>
</header>
<div class="ad ad-billboard" id="ad-billboard"><span>Advertisement</span></div>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{post_id}" class="post-{post_id} post type-post status-publish format-standard has-post-thumbnail hentry category-foreign-affairs">
<header class="entry-header">
<span class="cat-links"><a href="/category/foreign-affairs/" rel="category tag">Foreign affairs</a></span>
<h1 class="entry-title">{esc(page.headline)}</h1>
<div class="entry-meta"><span class="byline"><span class="author vcard"><a class="url fn n" href="/author/{slugify(page.desk)}/">{esc(page.desk)}</a></span></span>
<span class="posted-on"><time class="entry-date published" datetime="{local.isoformat()}">{local.day} {local:%B %Y}, {local:%H:%M} {o.tz_name}</time></span></div>
</header>
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul>{share_links(page, p)}</ul></div>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer"><span class="tags-links">Tagged {', '.join(f'<a href="/tag/{slugify(t)}/" rel="tag">{esc(t)}</a>' for t in page.tags)}</span></footer>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">Related</h3>{''.join(f'<div class="jp-relatedposts-post"><a href="{esc(r.path)}">{esc(r.headline)}</a></div>' for r in related)}</div>
</article>
{prev_link}
<section id="responses" class="responses" aria-label="Responses"><h2 class="responses-title">{len(comments)} thoughts on “{esc(page.headline)}”</h2>
<ol class="response-list">{''.join(f'<li class="response"><article class="response-body"><footer class="response-meta"><b class="fn">{h}</b> <time datetime="{t.isoformat()}">{t.day} {t:%B %Y at %H:%M}</time></footer><div class="response-content"><p>{esc(c)}</p></div><div class="reply"><a class="response-reply-link" href="#respond">Reply</a></div></article></li>' for h, c, likes, t in comments)}</ol>
<div id="respond" class="response-respond"><h3>Leave a reply</h3><p class="logged-in-as">You must be <a href="/wp-login.php">logged in</a> to post a response.</p></div></section>
</main></div>
<aside id="secondary" class="widget-area" aria-label="Sidebar">
<section id="popular-2" class="widget widget_popular"><h2 class="widget-title">Most read this week</h2><ul>{''.join(f'<li><a href="{esc(m.path)}">{esc(m.headline)}</a></li>' for m in most)}</ul></section>
<section class="widget widget_newsletter"><h2 class="widget-title">The Ledger Letter</h2><p>Our weekly newsletter on European politics and markets. Free, every Friday.</p><form><input type="email" placeholder="you@example.com"><button>Subscribe</button></form></section>
<div class="ad ad-sidebar" id="ad-sidebar-1"><span>Advertisement</span></div>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info"><ul class="footer-menu">{footer_links(LEGAL + ['Impressum', 'Editorial code'], 'menu-item')}</ul><p>© 2025 Continental Ledger Verlag. Proudly powered by WordPress.</p></div></footer>
</div>
{analytics_script(page, 'ledger')}
</body>
</html>
"""


def render_compass(page: Page, pages: list[Page]) -> str:
    o, p = page.outlet, "dc"
    local = o.local(page.published)
    css = """body{margin:0;font:16px/1.45 arial,helvetica,sans-serif;background:#fff}.dc-top{background:#004db3;color:#fff;display:flex;justify-content:space-between;padding:10px 16px}
.dc-logo{font:900 38px/1 impact,arial black,sans-serif;color:#fff;text-decoration:none}.dc-nav ul{list-style:none;margin:0;padding:0 16px;display:flex;flex-wrap:wrap;gap:14px;background:#00338a}.dc-nav a{color:#fff;font-weight:700;font-size:13px}
.dc-wrapper{max-width:964px;margin:0 auto;display:flex;gap:24px}.dc-story{flex:1}.dc-story h1{font-size:32px;line-height:1.1;font-weight:900}
.dc-story__body p{font-size:17px;margin:0 0 14px}.dc-story__body figure{margin:0 0 16px}.dc-story__body figcaption{font-size:13px;color:#555}
#consent-wall{position:fixed;inset:0;background:rgba(0,0,0,.6)}.dc-footer{background:#004db3;color:#fff;padding:24px}
""" + utility_css("dc", page.key)
    most = more_stories(page, pages, 8, "most")
    related = more_stories(page, pages, 3, "related", earlier=True)
    comments = reader_comments(page, 5)
    read_more = more_stories(page, pages, 1, "readmore", earlier=True)
    inserts = {5: '<div class="ad ad-inarticle" id="ad-inarticle-1"><span>Advertisement</span></div>'}
    if read_more:
        inserts[2] = (f'<div class="dc-read-more related-link"><span>READ MORE:</span> '
                      f'<a href="{esc(read_more[0].path)}">{esc(read_more[0].headline)}</a></div>')
    body = body_html(page, wrap=lambda s: f'<div data-component="text-block">{s}</div>', inserts=inserts)
    figure = ""
    if page.figure:
        caption, credit = page.figure
        figure = (f'<figure class="dc-figure"><img src="/static/img/2025/08/{slugify(page.key)}.jpg" '
                  f'alt="{esc(caption)}" width="964" height="542"><figcaption class="caption">'
                  f'{esc(caption)} <span class="dc-credit">{esc(credit)}</span></figcaption></figure>')
    return f"""<!DOCTYPE html>
<html lang="{page.lang}">
{head_common(page, css, json_ld(page))}
<body class="dc-body">
{svg_sprite(p)}
<div id="consent-wall" class="consent-overlay" role="dialog" aria-modal="true"><div class="consent-box">
<h2>We value your privacy</h2><p>We and our 143 partners store and access information on your device, such as cookies, and process personal data to show personalised ads and content, measure ads and content, understand audiences and develop services.</p>
<button>I accept</button> <button>Show purposes</button></div></div>
<div class="dc-top"><a class="dc-logo" href="/">DAILY COMPASS</a><span class="dc-weather">Sunny intervals 27°</span><a href="/members/join">Join Compass Members</a></div>
<nav class="dc-nav" aria-label="Sections"><ul>{nav_list(o, 'dc-nav__item', '/news')}</ul></nav>
<div class="ad ad-leaderboard" id="ad-billboard"><span>Advertisement</span></div>
<div class="dc-wrapper">
<article id="story" class="dc-story">
<div class="dc-story__head">
<h1>{esc(page.headline)}</h1>
<div class="dc-byline-block"><span class="byline">By {esc(page.desk)}</span> · <span class="timestamp">Published <time datetime="{local.isoformat()}">{local.strftime('%I:%M').lstrip('0')} {o.tz_name}, {local.day} {local:%B %Y}</time></span></div>
<div class="share-panel"><ul>{share_links(page, p)}</ul><span class="share-count">{stable_int(page.key, 'shares') % 900 + 40} shares</span></div>
</div>
<div class="dc-story__body">
{figure}
{body}
</div>
<div class="dc-story__end dc-tips-message"><p class="dc-feedback">Got a story? Email <a href="mailto:news@dailycompass.example">news@dailycompass.example</a></p></div>
</article>
<aside class="sidebar dc-rail">
<div data-component="MostPopularStories" class="dc-most-read"><h2>MOST READ</h2><ol>{''.join(f'<li><a href="{esc(m.path)}">{esc(m.headline)}</a></li>' for m in most)}</ol></div>
<div class="ad ad-mpu" id="ad-mpu-1"><span>Advertisement</span></div>
</aside>
</div>
<section class="dc-more-stories related-stories"><h2>More from World</h2>{''.join(f'<a class="dc-card" href="{esc(r.path)}">{esc(r.headline)}</a>' for r in related)}</section>
<div class="taboola-feed" id="taboola-below-article"><h2>Promoted Links</h2><p>Sponsored: Homeowners are switching to this heat pump scheme - check if your postcode qualifies.</p><p>Sponsored: The walking shoe podiatrists keep recommending.</p></div>
<section id="reader-views" class="dc-reader-views" aria-label="Reader views"><h2>What readers think ({len(comments)})</h2><p class="dc-views-note">Views expressed below are those of our readers.</p>
{''.join(f'<div class="dc-view"><p class="dc-view__user">{h}, <time datetime="{t.isoformat()}">{t:%d/%m/%Y %H:%M}</time></p><p class="dc-view__text">{esc(c)}</p><p class="dc-view__rating">{likes} up · {likes // 4} down</p></div>' for h, c, likes, t in comments)}
</section>
<div class="newsletter-box"><h2>Compass Morning Edition</h2><p>The day's biggest stories, straight to your inbox at 6am.</p><input type="email" placeholder="Enter your email"><button>Sign me up</button></div>
<footer class="dc-footer"><ul class="dc-footer__sections">{nav_list(o, 'dc-footer__item', '/news')}</ul><ul class="dc-footer__legal">{footer_links(LEGAL + ['Contact the newsroom', 'Independent Press Standards'], 'dc-legal')}</ul><p>Part of the Compass Media Group. © 2025</p></footer>
{analytics_script(page, 'compass')}
</body>
</html>
"""


def render_northgate(page: Page, pages: list[Page]) -> str:
    o, p = page.outlet, "nh"
    local = o.local(page.published)
    css = """body{margin:0;font:16px/1.6 "Northgate Serif",georgia,serif;color:#0a1633}.nh-header{display:grid;grid-template-columns:1fr auto 1fr;padding:12px 24px;border-bottom:1px solid #d6d6d6}
.nh-wordmark{font:700 32px/1 "Northgate Display",serif;text-align:center}.nh-menu{list-style:none;display:flex;flex-wrap:wrap;gap:16px;justify-content:center;padding:8px;margin:0;font-size:14px}
.nh-main{max-width:1120px;margin:0 auto;display:grid;grid-template-columns:minmax(0,680px) 300px;gap:64px}.nh-body p{font-size:18px;margin:0 0 24px}
.nh-figure img{width:100%;height:auto}.nh-figure figcaption{font-size:13px;color:#666}
.nh-privacy{position:fixed;top:0;width:100%;background:#0a1633;color:#fff;padding:12px 24px}.nh-footer{background:#0a1633;color:#ccd;padding:40px 24px}
""" + utility_css("nh", page.key)
    most = more_stories(page, pages, 5, "most")
    related = more_stories(page, pages, 4, "related", earlier=True)
    comments = reader_comments(page, 3)
    inserts = {3: '<div class="ad ad-native" id="ad-native-1"><span>Advertisement</span></div>'}
    body = body_html(page, inserts=inserts)
    return f"""<!DOCTYPE html>
<html lang="{page.lang}">
{head_common(page, css, json_ld(page))}
<body>
{svg_sprite(p)}
<div class="nh-privacy cookie-consent" id="privacy-notice" role="alertdialog"><p>This website uses cookies and similar technologies to give you the best experience, to analyse traffic and to personalise the advertising you see. Read our privacy policy to find out more.</p><button>OK, got it</button></div>
<header class="nh-header">
<nav class="nh-utility" aria-label="Utility"><a href="/subscribe">Subscribe</a> <a href="/login">Log in</a></nav>
<a class="nh-wordmark" href="/">Northgate Herald</a>
<form class="nh-search" action="/search"><input name="text" placeholder="Search"></form>
</header>
<nav class="nh-nav" aria-label="Main menu"><ul class="nh-menu">{nav_list(o, 'nh-menu__item')}</ul></nav>
<div class="ad ad-leaderboard" id="ad-leader"><span>Advertisement</span></div>
<div class="nh-main">
<main>
<article itemscope itemtype="https://schema.org/NewsArticle" class="nh-article">
<header class="nh-article__header">
<p class="nh-label"><a href="/world/{page.region}">{esc(page.region.replace('-', ' ').title())}</a></p>
<h1 itemprop="headline">{esc(page.headline)}</h1>
<div class="nh-meta"><span class="byline" itemprop="author">{esc(page.desk)}</span>
<time class="timestamp" itemprop="datePublished" datetime="{local.isoformat()}">{local:%B} {local.day}, {local.year} — {local.strftime('%I.%M%p').lstrip('0').lower()} {o.tz_name}</time></div>
<div class="share-strip"><ul>{share_links(page, p)}</ul><button class="nh-save">{icon(p, 'bookmark')} Save</button><button class="nh-print">{icon(p, 'print')}</button></div>
</header>
<div itemprop="articleBody" class="nh-body">
{body}
</div>
<p class="nh-license"><a href="/licensing">License this article</a></p>
</article>
<section class="nh-related more-on"><h2>More on this</h2><ul>{''.join(f'<li><a href="{esc(r.path)}">{esc(r.headline)}</a></li>' for r in related)}</ul></section>
<section class="discussion-panel" aria-label="Discussion"><h2>Readers are discussing this story</h2><p class="discussion-panel__note">{len(comments)} responses. Responses close 48 hours after publication.</p>
{''.join(f'<div class="discussion-panel__item"><h3 class="discussion-panel__user">{h}</h3><time datetime="{t.isoformat()}">{t:%d %b %Y}</time><p class="discussion-panel__text">{esc(c)}</p><span class="discussion-panel__likes">{likes}</span></div>' for h, c, likes, t in comments)}
</section>
</main>
<aside class="sidebar nh-aside"><section class="nh-popular most-popular"><h2>Most viewed in World</h2><ol>{''.join(f'<li><a href="{esc(m.path)}">{esc(m.headline)}</a></li>' for m in most)}</ol></section>
<div class="ad ad-mrec" id="ad-mrec-1"><span>Advertisement</span></div>
<div class="nh-partner paid-content"><p>Partner content: Retirement planning made simple — download the free superannuation guide.</p></div>
<section class="newsletter-signup"><h2>The World Briefing</h2><p>Our foreign correspondents on the stories shaping the region, every weekday.</p><button>Sign up</button></section></aside>
</div>
<footer class="nh-footer"><ul class="nh-footer__sections">{nav_list(o, 'nh-footer__item')}</ul><ul class="nh-footer__legal">{footer_links(LEGAL + ['Conditions of use', 'Editorial policies', 'Press Council'], 'nh-legal')}</ul><p>Copyright © 2025 Northgate Herald Publishing</p></footer>
{analytics_script(page, 'northgate')}
</body>
</html>
"""


def render_lantern(page: Page, pages: list[Page]) -> str:
    o, p = page.outlet, "lr"
    local = o.local(page.published)
    css = """body{margin:0;font:17px/1.7 "Lantern Serif",georgia,serif;background:#fffdf8;color:#202020}.lr-bar{background:#7a0019;color:#fff;padding:10px 20px;display:flex;gap:24px}
.lr-bar a{color:#fff}.lr-brand{font:700 30px/1 "Lantern Display",serif}.lr-menu{list-style:none;padding:0 20px;display:flex;flex-wrap:wrap;gap:10px 18px;border-bottom:1px solid #e6dccb}
.lr-article{max-width:720px;margin:0 auto;padding:24px}.lr-article__title{font-size:40px;line-height:1.15}.lr-article__body p{margin:0 0 22px}
.lr-cookies{position:fixed;left:0;right:0;bottom:0;background:#202020;color:#eee;padding:18px}.lr-footer{background:#202020;color:#aaa;padding:36px 20px}
""" + utility_css("lr", page.key)
    most = more_stories(page, pages, 5, "most")
    related = more_stories(page, pages, 4, "related", earlier=True)
    comments = reader_comments(page, 3)
    if page.kind == "empty":
        article_inner = f"""<header class="lr-article__header">
<p class="lr-article__section"><a href="/live">Live</a></p>
<h1 class="lr-article__title">{esc(page.headline)}</h1>
<div class="lr-article__meta"><span class="byline">{esc(page.desk)}</span> <time class="timestamp" datetime="{local.isoformat()}">{local.day} {local:%b %Y}, {local:%H:%M} {o.tz_name}</time></div>
<div class="lr-share share-tools"><ul>{share_links(page, p)}</ul></div>
</header>
<div class="lr-live-feed" id="live-feed" data-live-src="/api/live/{slugify(page.key)}.json" data-poll="30"></div>
<script id="live-state" type="application/json">{live_state(page)}</script>"""
        discussion = ""
        promos = '<section class="newsletter-signup"><h2>Lantern Asia Brief</h2><button>Sign up</button></section>'
    else:
        promos = ("<div class=\"lr-spons paid-content\"><p>Brand Post: How Asia's ports are going electric, presented by a regional logistics group.</p></div>\n"
                  "<section class=\"newsletter-signup\"><h2>Lantern Asia Brief</h2><p>The essential read on Asia's politics and economy, in your inbox every morning.</p><button>Sign up</button></section>")
        article_inner = f"""<header class="lr-article__header">
<p class="lr-article__section"><a href="/{page.region}">{esc(page.region.replace('-', ' ').title())}</a></p>
<h1 class="lr-article__title">{esc(page.headline)}</h1>
<div class="lr-article__meta"><span class="byline">{esc(page.desk)}</span> <time class="timestamp" datetime="{local.isoformat()}">{local.day} {local:%b %Y}, {local:%H:%M} {o.tz_name}</time></div>
<div class="lr-share share-tools"><ul>{share_links(page, p)}</ul></div>
</header>
<div class="lr-article__body body-text">
{body_html(page, inserts={2: '<div class="ad ad-inread" id="ad-inread-1"><span>Advertisement</span></div>'})}
</div>
<div class="lr-article__topics"><ul class="tag-list">{''.join(f'<li><a href="/topics/{slugify(t)}">{esc(t)}</a></li>' for t in page.tags)}</ul></div>"""
        discussion = f"""<section class="lr-letters" aria-label="Reader responses"><h2>Reader responses</h2>
{''.join(f'<div class="lr-letter"><p class="lr-letter__from">{h} <time datetime="{t.isoformat()}">{t:%d %b %Y}</time></p><p class="lr-letter__text">{esc(c)}</p></div>' for h, c, likes, t in comments)}
</section>"""
    # The live shell has no headline lists: trafilatura's fallback would return them as text.
    lists = "" if page.kind == "empty" else (
        '<section class="lr-related related-stories"><h2>Related</h2><ul>'
        + "".join(f'<li><a href="{esc(r.path)}">{esc(r.headline)}</a></li>' for r in related)
        + "</ul></section>\n" + discussion
        + '\n<section class="lr-most-read most-popular"><h2>Most read</h2><ol>'
        + "".join(f'<li><a href="{esc(m.path)}">{esc(m.headline)}</a></li>' for m in most)
        + "</ol></section>")
    return f"""<!DOCTYPE html>
<html lang="{page.lang}">
{head_common(page, css)}
<body class="lr">
{svg_sprite(p)}
<div class="lr-cookies cookie-bar" role="dialog"><p>Lantern Review uses cookies to understand how you use our site and to improve your experience, including personalised content and advertising. By continuing to browse, you agree to our use of cookies.</p><button>Accept</button><a href="/privacy">Learn more</a></div>
<div class="lr-bar"><a class="lr-brand" href="/">Lantern Review</a><a href="/subscribe">Subscribe</a><a href="/login">Sign in</a><a href="/edition">Edition: Asia</a></div>
<nav class="lr-nav" aria-label="Sections"><ul class="lr-menu">{nav_list(o, 'lr-menu__item')}</ul></nav>
<div class="ad ad-top" id="ad-top"><span>Advertisement</span></div>
<main class="lr-main">
<article class="lr-article">
{article_inner}
</article>
{lists}
{promos}
</main>
<footer class="lr-footer"><ul>{nav_list(o, 'lr-footer__item')}</ul><ul>{footer_links(LEGAL + ['Code of conduct', 'Reprints and permissions'], 'lr-legal')}</ul><p>© 2025 Lantern Review Publishing Ltd. All rights reserved.</p></footer>
{analytics_script(page, 'lantern')}
</body>
</html>
"""


def live_state(page: Page) -> str:
    """The client-side state of a live blog before its updates load: config, no posts."""
    state = {
        "blogId": f"live-{stable_int(page.key) % 10**6:06d}", "status": "scheduled",
        "posts": [], "pinned": None, "pollSeconds": 30, "order": "newest",
        "labels": {"new": "new updates", "load": "Load more", "empty": ""},
        "endpoints": {f"region{i}": f"/api/live/edge-{i}.json" for i in range(1, 41)},
        "features": {f"flag_{i:02d}": i % 3 == 0 for i in range(1, 41)},
    }
    return json.dumps(state, sort_keys=True, separators=(",", ":"))


RENDERERS = {"ew": render_eastwire, "mt": render_meridian, "hp": render_harbour,
             "cl": render_ledger, "dc": render_compass, "nh": render_northgate,
             "lr": render_lantern}


# --------------------------------------------------------------------------------------
# Feeds
# --------------------------------------------------------------------------------------

@dataclass
class FeedEntry:
    link: str                # as listed (may carry tracking parameters or be a redirect)
    title: str
    summary: str
    published: datetime      # UTC
    desk: str
    guid: str
    tags: list[str] = field(default_factory=list)


def rfc3339(dt: datetime, outlet: Outlet) -> str:
    local = outlet.local(dt)
    return local.strftime("%Y-%m-%dT%H:%M:%SZ") if outlet.utc_offset == 0 else local.isoformat()


def x(text: str) -> str:
    return html.escape(text, quote=False)


def rss2_feed(feed: Feed, entries: list[FeedEntry]) -> str:
    o = OUTLETS[feed.outlet]
    last = max(e.published for e in entries)
    items = []
    for e in entries:
        cats = "".join(f"<category>{x(t)}</category>" for t in e.tags)
        items.append(f"""    <item>
      <title>{x(e.title)}</title>
      <link>{x(e.link)}</link>
      <guid isPermaLink="false">{x(e.guid)}</guid>
      <pubDate>{format_datetime(o.local(e.published))}</pubDate>
      <dc:creator>{x(e.desk)}</dc:creator>
      {cats}
      <description>{x(e.summary)}</description>
    </item>""")
    site = f"http://{o.host}/"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{x(feed.title)}</title>
    <link>{site}</link>
    <atom:link href="{feed.url}" rel="self" type="application/rss+xml"/>
    <description>{x(o.name)}: latest stories</description>
    <language>en</language>
    <copyright>© 2025 {x(o.name)}</copyright>
    <lastBuildDate>{format_datetime(o.local(last))}</lastBuildDate>
    <ttl>15</ttl>
    <image><url>{site}static/img/feed-logo.png</url><title>{x(feed.title)}</title><link>{site}</link></image>
{chr(10).join(items)}
  </channel>
</rss>
"""


def atom_feed(feed: Feed, entries: list[FeedEntry]) -> str:
    o = OUTLETS[feed.outlet]
    last = max(e.published for e in entries)
    items = []
    for e in entries:
        cats = "".join(f'<category term="{esc(t)}"/>' for t in e.tags)
        items.append(f"""  <entry>
    <id>{x(e.guid)}</id>
    <title type="text">{x(e.title)}</title>
    <link rel="alternate" type="text/html" href="{esc(e.link)}"/>
    <published>{rfc3339(e.published, o)}</published>
    <updated>{rfc3339(e.published + timedelta(minutes=6), o)}</updated>
    <author><name>{x(e.desk)}</name></author>
    {cats}
    <summary type="text">{x(e.summary)}</summary>
  </entry>""")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>tag:{o.host},2025:{feed.id}</id>
  <title>{x(feed.title)}</title>
  <subtitle>Latest stories from {x(o.name)}</subtitle>
  <link rel="self" type="application/atom+xml" href="{feed.url}"/>
  <link rel="alternate" type="text/html" href="http://{o.host}/"/>
  <updated>{rfc3339(last + timedelta(minutes=6), o)}</updated>
  <rights>© 2025 {x(o.name)}</rights>
  <generator>{x(o.name)} CMS</generator>
{chr(10).join(items)}
</feed>
"""


def rdf_feed(feed: Feed, entries: list[FeedEntry]) -> str:
    o = OUTLETS[feed.outlet]
    seq = "\n".join(f'        <rdf:li rdf:resource="{esc(e.link)}"/>' for e in entries)
    items = []
    for e in entries:
        subjects = "".join(f"<dc:subject>{x(t)}</dc:subject>" for t in e.tags)
        items.append(f"""  <item rdf:about="{esc(e.link)}">
    <title>{x(e.title)}</title>
    <link>{x(e.link)}</link>
    <description>{x(e.summary)}</description>
    <dc:date>{rfc3339(e.published, o)}</dc:date>
    <dc:creator>{x(e.desk)}</dc:creator>
    {subjects}
  </item>""")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
  <channel rdf:about="{feed.url}">
    <title>{x(feed.title)}</title>
    <link>http://{o.host}/foreign-affairs/</link>
    <description>Foreign affairs coverage from {x(o.name)}</description>
    <dc:language>en-gb</dc:language>
    <dc:publisher>{x(o.name)}</dc:publisher>
    <sy:updatePeriod>hourly</sy:updatePeriod>
    <items>
      <rdf:Seq>
{seq}
      </rdf:Seq>
    </items>
  </channel>
{chr(10).join(items)}
</rdf:RDF>
"""


MALFORMED_FEED = """<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<p>The feed service is temporarily unavailable. Please try again later.</p>
<hr><center>nginx</center>
</body>
</html>
"""


# --------------------------------------------------------------------------------------
# PDF (a small valid single-page PDF, written by hand)
# --------------------------------------------------------------------------------------

def make_pdf(title: str, lines: list[str]) -> bytes:
    def pdf_text(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    ops = ["BT", "/F1 11 Tf", "14 TL", "56 780 Td"]
    for line in lines:
        ops.append(f"({pdf_text(line)}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title (" + pdf_text(title).encode("latin-1") + b") /Producer (build_sample.py) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode() + b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


# --------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------

ROBOTS = """# robots.txt for {host}
User-agent: *
Disallow: /search
Disallow: /account/
Disallow: /api/
{extra}
User-agent: ExampleAdsBot
Disallow: /

Sitemap: http://{host}/sitemap.xml
"""


def build_pages() -> tuple[list[Page], dict[str, Story]]:
    stories = {}
    for path in sorted((SOURCE / "stories").glob("*.txt")):
        story = load_story(path)
        if story.key in stories:
            raise SystemExit(f"duplicate story key {story.key}")
        stories[story.key] = story
    pages = []
    for s in stories.values():
        o = OUTLETS[s.outlet]
        page = Page(key=s.key, story=s.key, copy_kind="original", outlet=o, region=s.region,
                    slug=s.slug, headline=s.headline, summary=s.summary, desk=s.desk,
                    published=s.published, paragraphs=list(s.paragraphs),
                    lede_prefix=lede_prefix_for(s, o), tags=s.tags, lang=s.lang,
                    feeds=s.feeds, path=s.path,
                    kind="members" if s.path.startswith("/members/") else "article")
        pages.append(page)
    syndication = json.loads((SOURCE / "syndication.json").read_text(encoding="utf-8"))
    for c in syndication["copies"]:
        s = stories[c["story"]]
        o = OUTLETS[c["outlet"]]
        page = Page(key=f"{s.key}@{o.key}", story=s.key, copy_kind=c["kind"], outlet=o,
                    region=c["region"], slug=c["slug"], headline=c["headline"],
                    summary="", desk=c["desk"],
                    published=s.published + timedelta(minutes=c["delay_minutes"]),
                    paragraphs=list(s.paragraphs), lede_prefix=lede_prefix_for(s, OUTLETS[s.outlet]),
                    tags=s.tags, lang=s.lang, feeds=c["feeds"], source_outlet=s.outlet)
        for op in c["ops"]:
            apply_edit(page, op, s)
        first = page.body_paragraphs()[0]
        page.summary = c.get("summary") or first_sentence(first)
        pages.append(page)
    faults = json.loads((SOURCE / "faults.json").read_text(encoding="utf-8"))["faults"]
    for f in faults:
        if f["id"] == "empty_page":
            o = OUTLETS[FEEDS_BY_ID[f["feed"]].outlet]
            path = f["url"].split(o.host, 1)[1]
            pages.append(Page(key="empty-live-page", story=None, copy_kind=None, outlet=o,
                              region="live", slug="", headline=f["title"], summary=f["summary"],
                              desk=f["desk"], published=parse_utc(f["published"]),
                              paragraphs=[], feeds=[f["feed"]], path=path, kind="empty",
                              tags=["SCO", "China"]))
    for page in pages:
        if not page.path:
            page.path = page_path(page)
    # Some syndication partners declare the original as the canonical URL of their copy.
    originals = {p.story: p for p in pages if p.copy_kind == "original"}
    for c in syndication["copies"]:
        if c.get("canonical") == "original":
            copy = next(p for p in pages if p.key == f"{c['story']}@{c['outlet']}")
            copy.canonical_to = originals[c["story"]].url
    return pages, stories


def first_sentence(text: str) -> str:
    text = re.sub(r"^[A-Z][A-Za-z ,.'/-]*\((?:Eastwire)\) — ", "", text)
    text = re.sub(r"^\(Eastwire\) — ", "", text)
    m = re.match(r"(.+?[.!?])\s", text + " ")
    return m.group(1) if m else text


def check_pages(pages: list[Page]) -> None:
    urls = [p.url for p in pages]
    if len(set(urls)) != len(urls):
        raise SystemExit("duplicate page URLs")
    window = (datetime(2025, 8, 8, tzinfo=timezone.utc), datetime(2025, 8, 25, tzinfo=timezone.utc))
    originals = {p.story: p for p in pages if p.copy_kind == "original"}
    for p in pages:
        if not window[0] <= p.published < window[1]:
            raise SystemExit(f"{p.key}: published {p.published} outside 2025-08-08..24")
        if p.kind != "article":
            continue
        words = word_count(p.body_paragraphs())
        limit = 800 if p.copy_kind == "rewrite" else 600
        if not 250 <= words <= limit:
            raise SystemExit(f"{p.key}: body has {words} words (want 250..{limit})")
        if p.copy_kind not in ("original", None):
            delay = p.published - originals[p.story].published
            if not timedelta(hours=1) <= delay <= timedelta(hours=12):
                raise SystemExit(f"{p.key}: published {delay} after the original")
            if p.outlet.key == originals[p.story].outlet.key:
                raise SystemExit(f"{p.key}: copy on the original's outlet")


def main() -> int:
    pages, stories = build_pages()
    check_pages(pages)
    faults = json.loads((SOURCE / "faults.json").read_text(encoding="utf-8"))["faults"]
    fault_by_story = {f["story"]: f for f in faults if "story" in f}
    syndication = json.loads((SOURCE / "syndication.json").read_text(encoding="utf-8"))

    if WEB.exists():
        shutil.rmtree(WEB)
    written: dict[Path, bytes] = {}

    def put(url: str, data: bytes) -> None:
        host, _, path = url.split("://", 1)[1].partition("/")
        target = WEB / host / path
        if target in written:
            raise SystemExit(f"two files for {url}")
        written[target] = data

    # pages
    renderable = [p for p in pages]
    for page in renderable:
        html_text = RENDERERS[page.outlet.key](page, renderable)
        put(page.url, html_text.encode("utf-8"))

    routes: list[dict] = []
    feed_entries: dict[str, list[FeedEntry]] = {f.id: [] for f in FEEDS}
    manifest_entries: dict[str, dict] = {}

    def add_manifest(url: str, feed_url: str, record: dict) -> None:
        if url in manifest_entries:
            manifest_entries[url]["feed_urls"].append(feed_url)
        else:
            manifest_entries[url] = {**record, "url": url, "feed_urls": [feed_url]}

    # faults that change how a page is reached
    entry_link: dict[str, str] = {}
    for f in faults:
        story = f.get("story")
        page = next((p for p in pages if p.key == story), None) if story else None
        if f["id"] in ("fail_first_500", "fail_first_429"):
            route = {"url": page.url, "kind": "fail_first", "status": f["status"],
                     "times": f["times"]}
            if "retry_after" in f:
                route["retry_after"] = f["retry_after"]
            routes.append(route)
        elif f["id"] == "redirect_chain":
            entry_link[page.key] = f["entry_url"]
            for status, src, dst in f["hops"]:
                routes.append({"url": src, "kind": "redirect", "status": status,
                               "location": page.url if dst == "FINAL" else dst})

    # article entries
    for page in sorted(pages, key=lambda p: p.key):
        if page.kind == "empty":
            continue
        fault = fault_by_story.get(page.key)
        expect = (fault or {}).get("expect", {})
        for feed_spec in page.feeds:
            feed_id, _, flag = feed_spec.partition("+")
            feed = FEEDS_BY_ID[feed_id]
            link = entry_link.get(page.key, page.url)
            if flag == "utm":
                link = f"{link}?{fault_by_story[page.key]['params']}"
            guid = f"{page.outlet.host}:{stable_int(page.key) % 10**9}"
            feed_entries[feed_id].append(FeedEntry(link, page.headline, page.summary,
                                                   page.published, page.desk, guid, page.tags[:3]))
            clean = entry_link.get(page.key, page.url)
            is_article = page.kind == "article"
            add_manifest(clean, feed.url, {
                "final_url": page.url,
                "outcome": "article" if is_article else expect["outcome"],
                "stage": None if is_article else expect["stage"],
                "reason": None if is_article else expect["reason"],
                "language": page.lang if is_article else None,
                "story": page.story if is_article else None,
                "copy_kind": page.copy_kind if is_article else None,
                "published_at": page.published.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "title": page.headline,
                "outlet": page.outlet.name,
                "fault": fault["id"] if fault else None,
            })

    # fault entries with no story page behind them (or an empty page)
    for f in faults:
        if "feed" not in f or f["id"] == "malformed_feed":
            continue
        feed = FEEDS_BY_ID[f["feed"]]
        o = OUTLETS[feed.outlet]
        published = parse_utc(f["published"])
        feed_entries[feed.id].append(FeedEntry(f["url"], f["title"], f["summary"], published,
                                               f["desk"], f"{o.host}:{stable_int(f['url']) % 10**9}"))
        add_manifest(f["url"], feed.url, {
            "final_url": f["url"], **f["expect"], "language": None, "story": None,
            "copy_kind": None, "published_at": f["published"], "title": f["title"],
            "outlet": o.name, "fault": f["id"]})
        if f["id"] == "pdf":
            put(f["url"], make_pdf(f["pdf_title"], f["pdf_lines"]))

    # feeds
    manifest_feeds = []
    for feed in FEEDS:
        entries = sorted(feed_entries[feed.id], key=lambda e: (e.published, e.link), reverse=True)
        if feed.malformed:
            put(feed.url, MALFORMED_FEED.encode("utf-8"))
        else:
            writer = {"rss2": rss2_feed, "atom": atom_feed, "rdf": rdf_feed}[feed.format]
            put(feed.url, writer(feed, entries).encode("utf-8"))
        routes.append({"url": feed.url, "kind": "content_type", "content_type": feed.content_type})
        manifest_feeds.append({"url": feed.url, "outlet": OUTLETS[feed.outlet].name,
                               "format": feed.format, "readable": not feed.malformed,
                               "reason": "feed_unparseable" if feed.malformed else None,
                               "entries": 0 if feed.malformed else len(entries)})

    # robots.txt for every outlet host
    for o in OUTLETS.values():
        extra = "Disallow: /members/\n" if o.key == "dc" else ""
        put(f"http://{o.host}/robots.txt", ROBOTS.format(host=o.host, extra=extra).encode())

    # The redirect service's host needs a directory of its own, or the replay server would
    # not resolve it; a link shortener serves a permissive robots.txt.
    for f in faults:
        if f["id"] == "redirect_chain":
            host = f["entry_url"].split("://", 1)[1].split("/", 1)[0]
            put(f"http://{host}/robots.txt", b"User-agent: *\nDisallow:\n")

    for target, data in sorted(written.items()):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    routes.sort(key=lambda r: (r["kind"], r["url"]))
    (WEB / "routes.json").write_text(json.dumps(routes, indent=2, ensure_ascii=False) + "\n",
                                     encoding="utf-8")

    lines = ["# Generated by samples/build_sample.py: the feed list of the default sample run.",
             "feeds:"]
    for feed in FEEDS:
        lines += [f'  - url: "{feed.url}"', f'    outlet: "{OUTLETS[feed.outlet].name}"']
    FEEDS_YAML.write_text("\n".join(lines) + "\n", encoding="utf-8")

    key_order = ["url", "feed_urls", "final_url", "outcome", "stage", "reason", "language",
                 "story", "copy_kind", "published_at", "title", "outlet", "fault"]
    entries_out = [{k: e[k] for k in key_order}
                   for e in sorted(manifest_entries.values(),
                                   key=lambda e: (e["published_at"], e["url"]))]
    for e in entries_out:
        e["feed_urls"] = sorted(e["feed_urls"])
    manifest = {
        "generated_by": "samples/build_sample.py",
        "feeds": manifest_feeds,
        "entries": entries_out,
        "hard_negative_pairs": [pair[:2] for pair in syndication["hard_negatives"]],
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")

    n_articles = sum(1 for e in entries_out if e["outcome"] == "article")
    n_copies = sum(1 for e in entries_out if e["copy_kind"] not in (None, "original"))
    total = sum(len(d) for d in written.values())
    print(f"pages {len(pages)}, article entries {n_articles}, copies {n_copies}, "
          f"entries {len(entries_out)}, feeds {len(FEEDS)}, files {len(written)}, "
          f"{total / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
