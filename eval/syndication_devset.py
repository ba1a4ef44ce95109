"""A labelled development set for syndication clustering, made from real article bodies.

    python -m eval.syndication_devset [--data DIR|FILE.jsonl] [--out FILE] [--seed N]

Every body of the Fundus evaluation set (ground_truth.json in DIR), or of a JSON-lines file of
stories ({id, url, title, published, text}, e.g. the held-out VOA set in eval/data/voa), is an
"original" story. Most get syndicated copies, one per kind, each from another outlet,
published 1-24 h after it:

  exact      the same title and text
  light      a new headline, the lede sentence edited or replaced, a dateline/credit line
             ("LONDON (APNews) — "), and an agency or boilerplate footer
  truncated  the first 40-70% of the paragraphs plus a local paragraph
  reordered  the paragraphs after the lede shuffled
  reworded   sentence-level paraphrase by rules: attribution clauses moved (", said X." ->
             "X said ..."), fronted phrases moved to the end, words from a synonym table
             replaced, a list of adverbs dropped (about 30-50% of 5-word shingles change)

Some originals get no copy (singletons). Hard negatives: pairs of DIFFERENT originals that
share named entities or the publisher are given the same publication day and a common `topic`;
a clusterer must keep them apart. Each output line is one document:
{id, title, text, url, outlet, published, story, kind, topic}; `story` is the gold cluster.
The set is deterministic given --seed. A sidecar FILE.meta.json records the seed and counts.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import NamedTuple, Optional
from eval import FUNDUS_DIR, PROJECT_ROOT

DEFAULT_DATA = FUNDUS_DIR
DEFAULT_OUT = PROJECT_ROOT / "eval/out/syndication_dev.jsonl"
DEFAULT_SEED = 13
EXIT_NO_DATA = 2

COPY_KINDS = ("exact", "light", "truncated", "reordered", "reworded")
COPY_PROBABILITY = 0.7      # each kind, independently, for an original that has copies
SINGLETON_SHARE = 0.15      # originals that get no copy
HARD_NEGATIVE_SHARE = 0.35  # originals paired with another one as hard negatives

COPY_OUTLETS = (
    ("Global Wire", "globalwire.example"), ("Metro Daily", "metrodaily.example"),
    ("The Evening Courier", "eveningcourier.example"), ("Valley Gazette", "valleygazette.example"),
    ("Coastal Times", "coastaltimes.example"), ("Capital Report", "capitalreport.example"),
    ("Northern Ledger", "northernledger.example"), ("Newsroom Hub", "newsroomhub.example"),
    ("The Morning Star Post", "morningstarpost.example"), ("Lakeside Herald", "lakesideherald.example"),
)
CITIES = ("WASHINGTON", "LONDON", "NEW YORK", "BRUSSELS", "PARIS", "BERLIN", "JERUSALEM")
TOWNS = ("Springfield", "Riverton", "Fairview", "Greenville", "Oakdale", "Millbrook")
FOOTERS = (
    "This story originally appeared in {source}.",
    "© {year} {outlet}. All rights reserved. This material may not be published, broadcast, "
    "rewritten or redistributed.",
    "Sign up for the {outlet} newsletter to get the day's top headlines in your inbox.",
    "Additional reporting by {source}. Editing by the {outlet} news desk.",
    "Have a news tip? Contact the {outlet} newsroom.",
)
LOCAL_PARAGRAPHS = (
    "Officials in {town} said on {day} that they were following the developments closely and "
    "would update residents as more information became available.",
    "Readers in {town} who have been affected are asked to share their experience with the "
    "{outlet} newsroom.",
    "The {outlet} has asked local representatives from {town} for comment and will update this "
    "article when they respond.",
)
HEADLINE_FORMS = ("{t}", "{t}: what we know", "Update: {t}", "{t}, report says", "Explainer: {t}")

SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "announced": "unveiled",
    "government": "administration", "officials": "authorities", "official": "spokesperson",
    "people": "individuals", "country": "nation", "countries": "nations",
    "however": "nevertheless", "because": "since", "but": "yet", "many": "numerous",
    "big": "major", "large": "sizeable", "help": "assist", "helped": "assisted",
    "show": "indicate", "shows": "indicates", "showed": "indicated", "use": "employ",
    "used": "employed", "start": "begin", "started": "began", "began": "started",
    "buy": "purchase", "try": "attempt", "tried": "attempted", "need": "require",
    "needs": "requires", "important": "significant", "increase": "rise", "before": "prior to",
    "after": "following", "called": "labelled", "including": "among them",
    "despite": "in spite of", "plan": "proposal", "plans": "proposals", "attack": "assault",
    "attacks": "assaults", "support": "backing", "leader": "head", "leaders": "heads",
    "killed": "slain", "group": "organisation", "warned": "cautioned", "claimed": "asserted",
    "reported": "noted", "added": "continued", "almost": "nearly", "nearly": "almost",
    "recent": "latest", "company": "firm", "companies": "firms",
    "percent": "per cent", "get": "obtain", "got": "obtained", "make": "create",
    "made": "created", "think": "believe", "thought": "believed", "asked": "requested",
    "wanted": "sought", "want": "seek", "during": "throughout", "among": "amid",
    "while": "whereas", "around": "approximately", "also": "",
    "very": "", "really": "", "just": "", "already": "", "recently": "", "currently": "",
    "reportedly": "", "actually": "", "largely": "", "widely": "", "quickly": "", "clearly": "",
    "simply": "", "previously": "", "particularly": "", "especially": "", "initially": "",
    "ultimately": "", "finally": "", "still": "",
    "more than": "over", "such as": "like", "as well as": "and", "because of": "due to",
    "whether": "if", "several": "a number of", "across": "throughout", "which": "that",
    "new": "fresh", "former": "one-time", "could": "might",
    "it is": "it's", "that is": "that's", "he is": "he's", "they are": "they're",
    "we are": "we're", "has not": "hasn't", "have not": "haven't", "are not": "aren't",
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "per cent": "percent", "on monday": "Monday",
    "on tuesday": "Tuesday", "on wednesday": "Wednesday", "on thursday": "Thursday",
    "on friday": "Friday", "on saturday": "Saturday", "on sunday": "Sunday",
    "did not": "didn't", "do not": "don't", "does not": "doesn't", "is not": "isn't",
    "was not": "wasn't", "will not": "won't", "cannot": "can't", "would not": "wouldn't",
}
_SYNONYM_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, SYNONYMS), key=len, reverse=True))
                         + r")\b ?", re.IGNORECASE)
_MONTH_DAY = re.compile(r"\b(Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|January|February|March|"
                        r"April|May|June|July|August|September|October|November|December) "
                        r"(\d{1,2})\b(?!,? \d)")
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Col|No|Jan|Feb|Aug|Sept?|"
                           r"Oct|Nov|Dec)\.$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])([”\"’]?)\s+(?=[“\"A-Z0-9])")
_ENTITY = re.compile(r"(?<![.!?“\"]\s)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")
_ENTITY_STOP = frozenset("The A An In On At He She It They We I But And Or This That These Those "
                         "His Her Their Its Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday "
                         "Saturday Sunday January February March April May June July August "
                         "September October November December".split())
_LOWERCASE_STARTERS = frozenset("The A An This That These Those It There He She They We Its "
                                "Their His Her Some Many Most All No Our".split())
_Q = "“”\""
_CLAUSE_RULES = (
    # “We will stay,” said Smith.  ->  Smith said: “We will stay.”
    (re.compile(r"^(?P<body>[“\"][^”\"]+?),(?P<q>[”\"]) (?P<verb>said|says|added) "
                r"(?P<who>[^,.;“”\"]{2,60})\.$"),
     lambda m: f"{_upper(m['who'])} {m['verb']}: {m['body']}.{m['q']}"),
    # “We will stay,” Smith said.  ->  Smith said: “We will stay.”
    (re.compile(r"^(?P<body>[“\"][^”\"]+?),(?P<q>[”\"]) (?P<who>[^,.;“”\"]{2,60}) "
                r"(?P<verb>said|says|added)\.$"),
     lambda m: f"{_upper(m['who'])} {m['verb']}: {m['body']}.{m['q']}"),
    # The talks failed, said Smith.  ->  Smith said the talks failed.
    (re.compile(r"^(?P<body>[^“”\"]+), (?P<verb>said|says) (?P<who>[^,;“”\"]{2,60})\.$"),
     lambda m: f"{_upper(m['who'])} {m['verb']} {_lower(m['body'])}."),
    # The talks failed, Smith said.  ->  Smith said the talks failed.
    (re.compile(r"^(?P<body>[^“”\"]+), (?P<who>[^,;“”\"]{2,60}) (?P<verb>said|says)\.$"),
     lambda m: f"{_upper(m['who'])} {m['verb']} {_lower(m['body'])}."),
    # The talks failed, according to X.  ->  According to X, the talks failed.
    (re.compile(r"^(?P<body>[^“”\"]+), according to (?P<who>[^,;“”\"]{2,80})\.$"),
     lambda m: f"According to {m['who']}, {_lower(m['body'])}."),
    # Smith said (that) the talks failed.  ->  The talks failed, Smith said.
    (re.compile(r"^(?P<who>(?:[A-Z][\w.’'-]*\s){1,4})(?P<verb>said|says) (?:that )?"
                r"(?P<rest>[^“”\"]+)\.$"),
     lambda m: f"{_upper(m['rest'])}, {m['who'].strip()} {m['verb']}."),
    # On Monday, the talks failed.  ->  The talks failed on Monday.
    (re.compile(r"^(?P<lead>(?:In|On|At|After|Before|During|Since|Last|This|Earlier|Later|Over|"
                r"By|For|Under|Within|Despite)\b[^,“”\"]{2,40}), (?P<rest>[^“”\"]+)\.$"),
     lambda m: f"{_upper(m['rest'])} {_lower(m['lead'], force=True)}."),
)


class Original(NamedTuple):
    key: str            # ground-truth page name without .html.gz: the story id
    outlet: str         # publisher, from the page name
    url: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str, force: bool = False) -> str:
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if force or first in _LOWERCASE_STARTERS else text


def sentences(paragraph: str) -> list[str]:
    parts = _SENTENCE_SPLIT.split(paragraph)
    # split() interleaves the captured closing quotes: glue each back onto its sentence.
    out = [parts[0]]
    for quote, sentence in zip(parts[1::2], parts[2::2]):
        if not quote and _ABBREVIATION.search(out[-1]):   # "Feb. 8", "Mr. Khan": one sentence
            out[-1] += " " + sentence
            continue
        out[-1] += quote
        out.append(sentence)
    return [s for s in out if s]


def _replace_synonym(match: re.Match) -> str:
    word = match.group(1)
    if (word.isupper() and len(word) > 1) or (word[0].isupper() and match.start() > 0):
        return match.group(0)                   # an acronym or a name ("New York"), not a word
    repl = SYNONYMS[word.lower()]
    if not repl:                                # a dropped adverb, with its space
        return ""
    if word[0].isupper():
        repl = _upper(repl)
    return repl + (" " if match.group(0).endswith(" ") else "")


def reword_sentence(sentence: str) -> str:
    """The sentence with at most one clause rule applied, then synonyms and adverb drops."""
    for pattern, rewrite in _CLAUSE_RULES:
        match = pattern.match(sentence)
        if match:
            sentence = rewrite(match)
            break
    sentence = _MONTH_DAY.sub(r"\2 \1", sentence)      # "March 4" -> "4 March"
    return _upper(_SYNONYM_RE.sub(_replace_synonym, sentence))


def reword(paragraph: str) -> str:
    return " ".join(reword_sentence(s) for s in sentences(paragraph))


def entities(paragraphs) -> set[str]:
    """Capitalised word runs not at a sentence start: a cheap stand-in for named entities."""
    found = set()
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            for match in _ENTITY.finditer(sentence):
                if match.start() > 0 and match.group(0) not in _ENTITY_STOP:
                    found.add(match.group(0))
    return found


def title_of(url: str, paragraphs) -> str:
    """A headline from the URL slug, else the lede's first words (the ground truth has none)."""
    slug = url.rstrip("/").rsplit("/", 1)[-1]
    slug = re.sub(r"\.\w+$", "", slug)
    words = [w for w in re.split(r"[-_]+", slug) if w.isalpha()]
    if len(words) >= 3:
        return _upper(" ".join(words))
    return " ".join(sentences(paragraphs[0])[0].split()[:12]).rstrip(",.;:")


def load_originals(data: Path) -> list[Original]:
    """The bodies of ground_truth.json ({page: {body: [paragraphs], url, crawl_date}}).
    Optional paragraphs ([bracketed] captions, teasers) are left out."""
    truth = json.loads((data / "ground_truth.json").read_text(encoding="utf-8"))
    originals = []
    for page in sorted(truth):
        entry = truth[page]
        paragraphs = tuple(p.strip() for p in entry.get("body", [])
                           if p.strip() and not (p.strip().startswith("[")
                                                 and p.strip().endswith("]")))
        if not paragraphs:
            continue
        key = page.split(".", 1)[0]
        url = entry.get("url") or f"https://{key.lower()}.example/{key}"
        crawled = entry.get("crawl_date") or "2024-03-01 12:00:00"
        published = datetime.fromisoformat(crawled).replace(microsecond=0, tzinfo=timezone.utc)
        originals.append(Original(key, key.rsplit("_", 1)[0], url, title_of(url, paragraphs),
                                  paragraphs, published))
    return originals


SENTENCES_PER_PARAGRAPH = 3


def load_originals_jsonl(path: Path) -> list[Original]:
    """Stories from JSON lines {id, url, title, published, text, outlet?}. A text without
    line breaks (the VOA set's are flattened) is cut into paragraphs of three sentences, so
    that truncated and reordered copies can be made."""
    originals = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            paragraphs = [p.strip() for p in record["text"].split("\n") if p.strip()]
            if len(paragraphs) == 1:
                said = sentences(paragraphs[0])
                paragraphs = [" ".join(said[i:i + SENTENCES_PER_PARAGRAPH])
                              for i in range(0, len(said), SENTENCES_PER_PARAGRAPH)]
            if not paragraphs:
                continue
            url = record["url"]
            outlet = record.get("outlet") or url.split("/")[2].removeprefix("www.")
            published = datetime.fromisoformat(record["published"].replace("Z", "+00:00"))
            published = (published.replace(tzinfo=timezone.utc) if published.tzinfo is None
                         else published.astimezone(timezone.utc)).replace(microsecond=0)
            originals.append(Original(f"{outlet}-{record['id']}", outlet, url,
                                      record.get("title") or title_of(url, paragraphs),
                                      tuple(paragraphs), published))
    return originals


def hard_negative_pairs(originals: list[Original], count: int) -> list[tuple[int, int]]:
    """Greedy pairs of different originals, most shared entities first (same publisher +1)."""
    ents = [entities(o.paragraphs) for o in originals]
    scored = []
    for i, j in itertools.combinations(range(len(originals)), 2):
        score = len(ents[i] & ents[j]) + (originals[i].outlet == originals[j].outlet)
        scored.append((-score, i, j))
    scored.sort()
    used, pairs = set(), []
    for _, i, j in scored:
        if len(pairs) >= count:
            break
        if i not in used and j not in used:
            used.update((i, j))
            pairs.append((i, j))
    return pairs


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _slug(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())[:10])


def make_copy(original: Original, kind: str, outlet: tuple[str, str],
              rng: random.Random) -> dict:
    """One syndicated copy of `original`: {title, text, url, outlet, published}."""
    name, host = outlet
    title, paragraphs = original.title, list(original.paragraphs)
    fill = {"source": original.outlet, "outlet": name, "year": original.published.year,
            "town": rng.choice(TOWNS), "day": original.published.strftime("%A")}
    if kind == "light":
        title = rng.choice(HEADLINE_FORMS).format(t=reword_sentence(title))
        lede = sentences(paragraphs[0])
        if rng.random() < 0.5:
            lede[0] = reword_sentence(lede[0])
        else:
            lede[0] = f"{original.title}, {original.outlet} reported on {fill['day']}."
        credit = rng.choice((f"{rng.choice(CITIES)} ({original.outlet}) — ",
                             f"({original.outlet}) — ", f"{rng.choice(CITIES)} — "))
        paragraphs[0] = credit + " ".join(lede)
        paragraphs += [f.format(**fill) for f in rng.sample(FOOTERS, rng.randint(1, 2))]
    elif kind == "truncated":
        keep = max(1, round(len(paragraphs) * rng.uniform(0.4, 0.7)))
        paragraphs = paragraphs[:keep] + [rng.choice(LOCAL_PARAGRAPHS).format(**fill)]
    elif kind == "reordered":
        rest = paragraphs[1:]
        for _ in range(10):
            rng.shuffle(rest)
            if rest != paragraphs[1:]:
                break
        paragraphs = paragraphs[:1] + rest
    elif kind == "reworded":
        title = reword_sentence(title)
        paragraphs = [reword(p) for p in paragraphs]
    elif kind != "exact":
        raise ValueError(f"unknown copy kind {kind!r}")
    published = original.published + timedelta(minutes=rng.randint(60, 24 * 60))
    style = rng.choice(("{d}/{s}", "news/{s}-{n}", "world/{d}/{s}.html", "article/{n}/{s}"))
    path = style.format(d=published.strftime("%Y/%m/%d"), s=_slug(title), n=rng.randint(10**5, 10**6))
    return {"title": title, "text": "\n".join(paragraphs), "url": f"https://www.{host}/{path}",
            "outlet": name, "published": _iso(published)}


def kinds_possible(original: Original) -> tuple[str, ...]:
    """Truncating or reordering fewer than 2 or 3 paragraphs would make no different copy."""
    n = len(original.paragraphs)
    return tuple(k for k in COPY_KINDS if not (k == "truncated" and n < 2)
                 and not (k == "reordered" and n < 3))


def build_devset(originals: list[Original], seed: int = DEFAULT_SEED) -> list[dict]:
    rng = random.Random(seed)
    originals = list(originals)
    topics = {}
    pairs = hard_negative_pairs(originals, round(len(originals) * HARD_NEGATIVE_SHARE / 2))
    for number, (i, j) in enumerate(pairs):
        # The same day as its partner, at another hour: same topic, same day, different story.
        day = originals[i].published.replace(hour=0, minute=0, second=0)
        originals[j] = originals[j]._replace(
            published=day + timedelta(minutes=rng.randint(6 * 60, 20 * 60)))
        topics[i] = topics[j] = f"topic-{number:03d}"
    singletons = set(rng.sample(range(len(originals)), round(len(originals) * SINGLETON_SHARE)))
    records = []
    for index, original in enumerate(originals):
        base = {"story": original.key, "topic": topics.get(index)}
        records.append({"id": f"{original.key}/original", "title": original.title,
                        "text": "\n".join(original.paragraphs), "url": original.url,
                        "outlet": original.outlet, "published": _iso(original.published),
                        **base, "kind": "original"})
        if index in singletons:
            continue
        possible = kinds_possible(original)
        kinds = [k for k in possible if rng.random() < COPY_PROBABILITY] or [rng.choice(possible)]
        outlets = rng.sample(COPY_OUTLETS, len(kinds))
        for kind, outlet in zip(kinds, outlets):
            copy = make_copy(original, kind, outlet, rng)
            records.append({"id": f"{original.key}/{kind}", **copy, **base, "kind": kind})
    return records


def shingle_change(original: str, copy: str, size: int = 5) -> float:
    """Share of the original's word 5-gram shingles that the copy does not have."""
    def grams(text):
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}
    before = grams(original)
    return len(before - grams(copy)) / len(before) if before else 0.0


def summary(records: list[dict]) -> dict:
    originals = {r["story"]: r["text"] for r in records if r["kind"] == "original"}
    changes: dict[str, list[float]] = {}
    for r in records:
        if r["kind"] != "original":
            changes.setdefault(r["kind"], []).append(shingle_change(originals[r["story"]], r["text"]))
    sizes = Counter(r["story"] for r in records)
    return {
        "documents": len(records), "stories": len(sizes),
        "singletons": sum(1 for n in sizes.values() if n == 1),
        "hard_negative_pairs": len({r["topic"] for r in records if r["topic"]}),
        "kinds": dict(sorted(Counter(r["kind"] for r in records).items())),
        "mean_5gram_change": {k: round(sum(v) / len(v), 3) for k, v in sorted(changes.items())},
    }


def write_devset(records: list[dict], out: Path, meta: dict) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    meta_path(out).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def relative(path: Path) -> str:
    """The path as given on a command run from the project root."""
    return os.path.relpath(Path(path).resolve(), PROJECT_ROOT)


def meta_path(out: Path) -> Path:
    return out.with_name(out.name + ".meta.json")


def build_to(data: Path, out: Path, seed: int) -> Optional[dict]:
    """Build and write the set; None (with a message on stderr) when the data is absent."""
    data = data.resolve()
    if data.suffix == ".jsonl" and data.is_file():
        originals = load_originals_jsonl(data)
    elif (data / "ground_truth.json").is_file():
        originals = load_originals(data)
    else:
        print(f"Syndication devset data absent: {data} is neither a directory with "
              "ground_truth.json nor a .jsonl file. Pass --data DIR to point at the Fundus "
              "evaluation set (../shared/data/eval/extraction/fundus), or --data FILE.jsonl.",
              file=sys.stderr)
        return None
    if not originals:
        print(f"Syndication devset data absent: {data} has no article bodies.", file=sys.stderr)
        return None
    records = build_devset(originals, seed)
    meta = {"seed": seed, "data": str(data), **summary(records),
            "command": f"python -m eval.syndication_devset --data {relative(data)} "
                       f"--out {relative(out)} --seed {seed}"}
    write_devset(records, out, meta)
    return meta


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.syndication_devset", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, metavar="DIR|FILE.jsonl",
                        help="directory with ground_truth.json, or JSON lines of stories "
                             "(default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="FILE",
                        help="JSON-lines output (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    meta = build_to(args.data, args.out, args.seed)
    if meta is None:
        return EXIT_NO_DATA
    print(f"Wrote {meta['documents']} documents in {meta['stories']} stories to {args.out}")
    print(json.dumps({k: v for k, v in meta.items() if k not in ("data", "command")}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
