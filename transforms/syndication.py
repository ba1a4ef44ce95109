"""Fold syndicated copies of one story into one story: plain functions on plain data.

Two signals link documents, and union-find makes the links transitive:

* text: exact duplicates (canonical URL, hash of the normalised body) and near
  duplicates (MinHash over 5-word shingles, LSH banding for candidates, verified by
  estimated Jaccard or containment, so a truncated copy still matches);
* rewrite: copies that share few shingles (re-headlined, reworded, machine-translated
  and back) but share rare names, numbers and quoted words, published within a window,
  with overlapping title and lead.

No step compares all pairs: candidates come only from shared keys (LSH band keys;
rare feature + day), and every bucket is capped. Every piece runs per document
(`sketch`, `lsh_keys`, `fingerprint`, `rewrite_keys`) or per candidate pair
(`near_duplicate`, `rewrite_match`), so a Beam job can key and group them;
`document_frequencies` is the one corpus-wide statistic (a side input there).
Nothing uses Python's `hash()`, so signatures and keys agree across processes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable, Iterator, Mapping, NamedTuple, Optional, Sequence
from urllib.parse import urlsplit

import numpy as np

from transforms.urls import normalize_url, stable_id

# ---- parameters --------------------------------------------------------------------------

SHINGLE_WORDS = 5
NUM_PERM = 128
# LSH S-curve: a pair with Jaccard s collides in at least one of b bands of r rows with
# probability 1 - (1 - s**r)**b. With b=64, r=2: s=0.2 -> 0.93, s=0.3 -> 0.998,
# s=0.5 -> 1.0, s=0.05 -> 0.15. Rows of 2 are needed because a truncated copy (half the
# story plus local boilerplate) has containment ~0.7 but Jaccard only ~0.3-0.45, and LSH
# can only see Jaccard. The price is more false candidates, but verifying one costs a
# 128-integer comparison, and buckets are capped (see MAX_BUCKET).
BANDS, ROWS = 64, 2
# Verification thresholds, chosen on the bundled sample (see tests/test_syndication.py):
# there light copies measure Jaccard 0.73-0.98, truncated copies Jaccard 0.42-0.66 with
# containment 0.72-0.95, while different stories, even on the same topic and day, stay at
# Jaccard <= 0.06 and containment <= 0.13. A synthetic "first half plus local boilerplate"
# copy has containment ~0.7 that estimates as low as 0.55 with 128 permutations, hence 0.5.
# Containment is estimated from Jaccard and set sizes, which amplifies the Jaccard error
# by (|A|+|B|)/|A|; so it only counts when Jaccard itself is clearly above noise (0.15,
# over twice the worst unrelated pair) and the smaller document is not tiny.
JACCARD_THRESHOLD = 0.5
CONTAINMENT_THRESHOLD = 0.5
CONTAINMENT_MIN_JACCARD = 0.15
CONTAINMENT_MIN_SHINGLES = 40
# A bucket bigger than this is boilerplate or a mass-syndicated story: compare each member
# with its NEIGHBOURS neighbours in (published, id) order instead of all pairs, which keeps
# the work linear while union-find still chains a mass-syndicated story together.
MAX_BUCKET = 64
NEIGHBOURS = 8

REWRITE_WINDOW = dt.timedelta(hours=48)
REWRITE_KEY_FEATURES = 8      # rarest features of a document used as candidate keys
REWRITE_MIN_SHARED_KEYS = 2   # a candidate pair shares at least this many key features
# rewrite_match thresholds (IDF-weighted overlap coefficients), precision first. On the
# sample the machine-translated seed scores names 0.80 / words 0.59 / title 0.80 against
# its original; of all different-story pairs, the closest (same topic, a day apart) scores
# 0.86 / 0.39 / 0.40: names alone never separate stories on one topic, rare words and
# the headline do, so all three must pass.
REWRITE_NAMES = 0.5
REWRITE_WORDS = 0.5
REWRITE_TITLE = 0.5
REWRITE_MIN_FEATURES = 12     # too few salient features is no evidence at all

_MASK64 = (1 << 64) - 1

# ---- data --------------------------------------------------------------------------------


class Doc(NamedTuple):
    id: str
    title: str
    text: str
    url: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None  # ISO 8601; naive means UTC


class Assignment(NamedTuple):
    id: str
    story_id: str
    # Estimated text similarity to the lead: max(Jaccard, containment) of the MinHash
    # signatures; 1.0 for the lead and exact copies. A copy joined by the rewrite signal
    # (or only through another copy) can be low: its words differ, its story does not.
    similarity: float


class Sketch(NamedTuple):
    """What the text signal needs from a document: computed per element."""
    signature: Sequence[int]     # a tuple; an array("Q") where the story memory keeps it
    size: int                    # distinct shingles
    content_hash: Optional[str]  # None for an empty body (empty bodies are not duplicates)


class Fingerprint(NamedTuple):
    """Salient features for the rewrite signal: computed per element."""
    names: frozenset[str]   # "n:" capitalised names (bigrams of name runs, inner capitals)
    numbers: frozenset[str]  # "#:" numbers, with their unit word when one follows
    quotes: frozenset[str]  # "q:" word bigrams inside quotation marks
    words: frozenset[str]   # "w:" content words (weighted by rarity when compared)
    title: frozenset[str]   # content words of the title
    lead: frozenset[str]    # content words of the title and the first sentence
    source: str = ""        # hash of the title and text it was computed from

    def salient(self) -> frozenset[str]:
        return self.names | self.numbers | self.quotes


# ---- text --------------------------------------------------------------------------------

_DOTTED_ABBREVIATION = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_PERCENT = re.compile(r"%|\bper\s*cent\b", re.IGNORECASE)
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")
_WORD = re.compile(r"[^\W_]+")


def normalise(text: str) -> list[str]:
    """Words of `text`: case- and accent-folded, punctuation dropped.

    House-style edits that syndication partners make are folded so they do not break
    shingles: "U.S."/"US", "per cent"/"%"/"percent", "Putin's"/"Putin’s".
    """
    text = _DOTTED_ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _PERCENT.sub(" percent ", text)
    text = _APOSTROPHE.sub("", text)
    return _WORD.findall(_strip_accents(text).casefold())


# The Unicode "combining diacritical marks" blocks: what NFKD splits off accented letters.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """A fixed 64-bit bijective mixer (SplitMix64's finaliser); uint64 arithmetic wraps."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


@lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def shingles(words: Sequence[str], k: int = SHINGLE_WORDS) -> list[int]:
    """Distinct 64-bit hashes of the k-word shingles, in order of first appearance.

    Words are hashed with blake2b (cached: vocabularies are small) and a shingle's hash is
    a fixed polynomial of its word hashes, mixed: deterministic in every process, and
    ~20x faster than hashing every shingle's text. A text shorter than k words is one
    shingle; no words, no shingles.
    """
    if not words:
        return []
    hashes = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    k = min(k, len(hashes))
    n = len(hashes) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    multiplier = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplication is a bijection mod 2**64
    for i in range(k):
        acc = acc * multiplier + hashes[i:i + n]
    mixed = _splitmix64(acc)
    _, first = np.unique(mixed, return_index=True)
    return [int(h) for h in mixed[np.sort(first)]]


@lru_cache(maxsize=8)
def _seeds(num_perm: int) -> np.ndarray:
    # Fixed seeds from blake2b of a constant: the same "permutations" everywhere, forever.
    return np.array([int.from_bytes(hashlib.blake2b(f"diplowire-minhash-{i}".encode(),
                                                    digest_size=8).digest(), "little")
                     for i in range(num_perm)], dtype=np.uint64)


def minhash(shingle_hashes: Sequence[int], num_perm: int = NUM_PERM) -> tuple[int, ...]:
    """MinHash signature: per seed, the minimum of mix(shingle XOR seed).

    XOR with a seed then a bijective mixer is a fixed pseudo-random permutation of the
    64-bit space per seed. An empty set gives all-ones (and a size of 0, which
    `similarity` treats as matching nothing).
    """
    if len(shingle_hashes) == 0:
        return (_MASK64,) * num_perm
    x = np.asarray(shingle_hashes, dtype=np.uint64)
    mixed = _splitmix64(x[:, None] ^ _seeds(num_perm)[None, :])
    return tuple(int(v) for v in mixed.min(axis=0))


def content_hash(words: Sequence[str]) -> Optional[str]:
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest() if words else None


def sketch(doc: Doc) -> Sketch:
    words = normalise(doc.text)
    hashes = shingles(words)
    return Sketch(minhash(hashes), len(hashes), content_hash(words))


def lsh_keys(signature: Sequence[int], bands: int = BANDS, rows: int = ROWS) -> list[str]:
    """One key per band: the band's index and a hash of its rows."""
    if len(signature) < bands * rows:
        raise ValueError(f"signature of {len(signature)} values, need {bands}x{rows}")
    if all(v == _MASK64 for v in signature):
        return []  # empty document: no candidates
    keys = []
    for b in range(bands):
        band = signature[b * rows:(b + 1) * rows]
        digest = hashlib.blake2b(b"".join(v.to_bytes(8, "little") for v in band),
                                 digest_size=8).hexdigest()
        keys.append(f"{b}:{digest}")
    return keys


class Similarity(NamedTuple):
    jaccard: float
    containment: float  # max of containment(A in B), containment(B in A)

    @property
    def score(self) -> float:
        return max(self.jaccard, self.containment)


def similarity(a_sig: Sequence[int], b_sig: Sequence[int],
               a_size: Optional[int] = None, b_size: Optional[int] = None) -> Similarity:
    """Estimated Jaccard (share of equal MinHash values) and, given the shingle-set sizes,
    the larger containment: |A∩B|/|A| = J(|A|+|B|)/((1+J)|A|), for the smaller set."""
    if a_size == 0 or b_size == 0:
        return Similarity(0.0, 0.0)
    j = float(np.count_nonzero(np.asarray(a_sig, dtype=np.uint64)
                               == np.asarray(b_sig, dtype=np.uint64))) / len(a_sig)
    if not a_size or not b_size:
        return Similarity(j, 0.0)
    smaller = min(a_size, b_size)
    return Similarity(j, min(1.0, j * (a_size + b_size) / ((1 + j) * smaller)))


def near_duplicate(a: Sketch, b: Sketch) -> tuple[bool, Similarity]:
    sim = similarity(a.signature, b.signature, a.size, b.size)
    by_containment = (sim.containment >= CONTAINMENT_THRESHOLD
                      and sim.jaccard >= CONTAINMENT_MIN_JACCARD
                      and min(a.size, b.size) >= CONTAINMENT_MIN_SHINGLES)
    return sim.jaccard >= JACCARD_THRESHOLD or by_containment, sim


# ---- rewrite signal ------------------------------------------------------------------------

STOPWORDS = frozenset("""
a about above after again against all also although am among an and any are as at be
because been before being below between both but by can could did do does doing down during
each either few for from further had has have having he her here hers him his how however i
if in into is it its itself just may me might more most much must my no nor not now of off
on once only or other our out over own per said same says say she should since so some such
than that the their them then there these they this those though through thus to too under
until up upon us very was we were what when where whether which while who whom whose why
will with within without would yet you your according told added amid last next new first
one two three four five six seven eight nine ten monday tuesday wednesday thursday friday
saturday sunday week weeks day days year years month months time times percent
""".split())
# Lower-case words that may sit inside a name run: "Ursula von der Leyen", "Abu al-Khair".
_NAME_PARTICLES = frozenset("von der van de da del di du la le al bin ibn".split())
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’.-](?=[^\W_]))*")
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s*(%|[^\W\d_]+))?")
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]{3,300})[\"“”«»„]")
_SENTENCE_END = re.compile(r"[.!?:;\"“”)\]—–-]\s*$")


@lru_cache(maxsize=1 << 18)
def _fold(word: str) -> str:
    word = _strip_accents(word).casefold()
    word = re.sub(r"['’](s)?$", "", word)  # possessive: "Putin's" is "putin"
    return word.replace("’", "").replace("'", "").replace(".", "")


def _content_words(text: str) -> set[str]:
    return {w for w in (_fold(t) for t in _TOKEN.findall(text))
            if len(w) > 2 and w not in STOPWORDS and not w.isdigit()}


def _names(text: str) -> set[str]:
    """Capitalised name runs, as bigrams of adjacent name words (so "Steve Witkoff Special
    Envoy" and "envoy Steve Witkoff" share "steve witkoff"), plus single capitalised words
    that do not start a sentence (a sentence's first word is capitalised anyway)."""
    features: set[str] = set()
    run: list[str] = []

    def close() -> None:
        while run and run[-1] in STOPWORDS:
            run.pop()
        for i in range(len(run) - 1):
            features.add("n:" + run[i] + " " + run[i + 1])
        run.clear()

    previous_end = 0
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if not run and not token[0].isupper():
            # Most words: lower case with no name run open, they neither open nor close
            # one (the checks below would find nothing to do).
            previous_end = m.end()
            continue
        before = text[max(0, m.start() - 3):m.start()]
        sentence_start = m.start() == 0 or "\n" in before or bool(_SENTENCE_END.search(before))
        if sentence_start or text[previous_end:m.start()].strip():
            close()  # a name runs neither across sentences nor across punctuation
        previous_end = m.end()
        word = _fold(token)
        if token[0].isupper() and not token.isdigit():
            if run or word not in STOPWORDS:  # "The European Union": drop the leading "the"
                run.append(word)
            if not sentence_start and word not in STOPWORDS and len(word) > 2:
                features.add("n:" + word)
        elif run and token in _NAME_PARTICLES:
            run[-1] = run[-1] + " " + token  # particles glue to the preceding name word
        else:
            close()
    close()
    return features


def _numbers(text: str) -> set[str]:
    features = set()
    for m in _NUMBER.finditer(text):
        value = m.group(1).replace(",", "").rstrip(".")
        unit = m.group(2) or ""
        unit = "percent" if unit in ("%", "per") else _fold(unit)  # "5%", "5 per cent"
        features.add("#:" + value + (" " + unit if unit and unit not in STOPWORDS else ""))
    return features


def _quotes(text: str) -> set[str]:
    features = set()
    for m in _QUOTED.finditer(text):
        # content words only: translation keeps the gist of a quote, not its small words
        words = [w for w in (_fold(t) for t in _TOKEN.findall(m.group(1)))
                 if w and w not in STOPWORDS]
        features.update("q:" + a + " " + b for a, b in zip(words, words[1:]))
    return features


def fingerprint(doc: Doc) -> Fingerprint:
    text = doc.text or ""
    first_sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    return Fingerprint(
        names=frozenset(_names(text)),
        numbers=frozenset(_numbers(text)),
        quotes=frozenset(_quotes(text)),
        words=frozenset("w:" + w for w in _content_words(text)),
        title=frozenset(_content_words(doc.title or "")),
        lead=frozenset(_content_words((doc.title or "") + " " + first_sentence[:400])),
        source=stable_id(doc.title or "", text),
    )


def document_frequencies(fingerprints: Iterable[Fingerprint]) -> tuple[Counter, int]:
    """Corpus statistic for rarity: in how many documents each feature occurs."""
    df: Counter = Counter()
    n = 0
    for fp in fingerprints:
        df.update(fp.salient() | fp.words)
        n += 1
    return df, n


def _idf(feature: str, df: Optional[Mapping[str, int]], n: int) -> float:
    if df is None:
        return 1.0
    return math.log((n + 1) / (df.get(feature, 0) + 1)) + 1.0


def _weight(features: frozenset[str], df, n) -> float:
    """sum(_idf(f, df, n) for f in features), term for term, without a call per feature
    (rewrite verification weighs millions of features per batch)."""
    if df is None:
        return sum(1.0 for _ in features)
    log, get, total = math.log, df.get, n + 1
    return sum(log(total / (get(f, 0) + 1)) + 1.0 for f in features)


def _overlap(a: frozenset[str], b: frozenset[str], df, n) -> float:
    """IDF-weighted overlap coefficient: shared weight / weight of the smaller side."""
    if not a or not b:
        return 0.0
    return _weight(a & b, df, n) / min(_weight(a, df, n), _weight(b, df, n))


def parse_published(value: Optional[str]) -> Optional[dt.datetime]:
    """ISO 8601 to an aware UTC datetime; None for None. Raises ValueError if malformed."""
    if not value:
        return None
    when = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return when.replace(tzinfo=dt.timezone.utc) if when.tzinfo is None else \
        when.astimezone(dt.timezone.utc)


def _published_or_none(value: Optional[str]) -> Optional[dt.datetime]:
    try:
        return parse_published(value)
    except ValueError:
        return None


class RewriteScore(NamedTuple):
    names: float   # names, numbers and quotes
    words: float   # content words
    title: float   # the headlines, or the headlines with their lead sentences


def rewrite_score(a: Fingerprint, b: Fingerprint, df: Optional[Mapping[str, int]] = None,
                  n: int = 0) -> RewriteScore:
    # Unweighted: titles are short. A copy keeps its headline but gets a new lead, or a new
    # headline but keeps the lead; either shows. A headline of under 3 content words
    # ("Live updates") is too generic to count on its own.
    titles = _overlap(a.title, b.title, None, 0) if min(len(a.title), len(b.title)) >= 3 else 0.0
    return RewriteScore(_overlap(a.salient(), b.salient(), df, n),
                        _overlap(a.words, b.words, df, n),
                        max(titles, _overlap(a.lead, b.lead, None, 0)))


def rewrite_match(a: Doc, b: Doc, df: Optional[Mapping[str, int]] = None, n: int = 0, *,
                  window: dt.timedelta = REWRITE_WINDOW,
                  a_fp: Optional[Fingerprint] = None,
                  b_fp: Optional[Fingerprint] = None) -> bool:
    """Same story in other words: both published within `window`, and high overlap of
    rare salient features (names, numbers, quotes), of rare content words, and of the
    title and lead. All three are required: a different story on the same topic and day
    shares the names but not the rare words, or the words but not the headline.
    `df`, `n`: document frequencies and corpus size from `document_frequencies`; without
    them every feature weighs the same (less selective)."""
    ta, tb = _published_or_none(a.published), _published_or_none(b.published)
    if ta is None or tb is None or abs(ta - tb) > window:
        return False  # no date, no rewrite evidence: precision first
    a_fp = a_fp or fingerprint(a)
    b_fp = b_fp or fingerprint(b)
    if min(len(a_fp.salient()), len(b_fp.salient())) < REWRITE_MIN_FEATURES:
        return False
    score = rewrite_score(a_fp, b_fp, df, n)
    return (score.names >= REWRITE_NAMES and score.words >= REWRITE_WORDS
            and score.title >= REWRITE_TITLE)


def rewrite_keys(fp: Fingerprint, published: Optional[str], df: Optional[Mapping[str, int]],
                 n: int, k: int = REWRITE_KEY_FEATURES) -> list[str]:
    """Candidate keys for the rewrite signal: the document's k rarest salient features
    (names, numbers, quotes; ties broken by the feature text) among those some other
    document has too (a feature only this document has can match nothing), each paired
    with the publication day and the two following days, so two documents within 48 hours
    share a day for every feature they share."""
    when = _published_or_none(published)
    if when is None:
        return []
    usable = [f for f in fp.salient() if df is None or df.get(f, 0) >= 2]
    ranked = sorted(usable, key=lambda f: (-_idf(f, df, n), f))[:k]
    day = when.date().toordinal()
    return [f"{f}|{day + i}" for f in ranked for i in range(3)]


# ---- clustering ----------------------------------------------------------------------------


def _identity_url(url: Optional[str]) -> Optional[str]:
    """The canonical URL as an identity, or None when it cannot be one: unparseable, or a
    site root (some sites declare their home page canonical for every article)."""
    if not url:
        return None
    try:
        norm = normalize_url(url)
    except ValueError:
        return None
    return norm if urlsplit(norm).path.strip("/") else None


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
_MICROSECOND = dt.timedelta(microseconds=1)


def lead_order(doc: Doc) -> tuple[bool, int, str]:
    """Sort key of a story's copies: the earliest is the lead. Undated documents sort after
    dated ones; ties by id. The time is in microseconds since 1970, not a datetime: this key
    rides along with every bucket member that FoldStories shuffles, and Beam encodes an int
    natively but pickles a datetime."""
    when = _published_or_none(doc.published)
    return (when is None, 0 if when is None else (when - _EPOCH) // _MICROSECOND, doc.id)


def story_id(lead_id: str) -> str:
    return stable_id(lead_id)  # sha256 hex[:16] of the lead's id


# Every stage below works on one document, one bucket of documents that share a key, or one
# candidate pair, so `cluster` (in memory) and `transforms.stories.FoldStories` (Beam keyed
# transforms) compose the same functions and cannot drift apart.


def exact_keys(doc: Doc, sk: Sketch) -> list[str]:
    """Keys that make two documents the same document: canonical URL, normalised-body hash."""
    url = _identity_url(doc.url)
    return ([f"url:{url}"] if url else []) + ([f"body:{sk.content_hash}"] if sk.content_hash else [])


def exact_links(members: Iterable[tuple[tuple, str]]) -> list[tuple[str, str]]:
    """Links inside one exact-key bucket of (lead_order, id): each member to the earliest
    (no verification needed, so no need for all pairs)."""
    ranked = [doc_id for _, doc_id in sorted(members)]
    return [(ranked[0], other) for other in ranked[1:]]


def near_duplicate_keys(sk: Sketch) -> list[str]:
    return lsh_keys(sk.signature) if sk.size else []


def bucket_pairs(members: Iterable[tuple[tuple, str]]) -> Iterator[tuple[str, str]]:
    """Candidate pairs inside one bucket of (lead_order, id): all pairs if small, else each
    member with its NEIGHBOURS successors in lead order, so an oversized bucket costs
    O(size), not O(size**2). Pairs come earliest first."""
    ranked = [doc_id for _, doc_id in sorted(members)]
    reach = len(ranked) if len(ranked) <= MAX_BUCKET else NEIGHBOURS
    for x in range(len(ranked)):
        for y in range(x + 1, min(len(ranked), x + 1 + reach)):
            yield ranked[x], ranked[y]


def rewrite_candidate_pairs(feature_key: str, members: Sequence[tuple[tuple, str]]
                            ) -> Iterator[tuple[tuple[str, str], str]]:
    """((earlier, later), feature) for each pair in one rewrite-key bucket. A "rare" feature
    shared by more than MAX_BUCKET documents is not rare: such a bucket yields nothing."""
    if len(members) > MAX_BUCKET:
        return
    feature = feature_key.rsplit("|", 1)[0]
    for pair in bucket_pairs(members):
        yield pair, feature


class RewriteMember(NamedTuple):
    """A document in a rewrite-key bucket."""
    order: tuple                 # lead_order
    doc_id: str
    body: Optional[str]          # Sketch.content_hash
    alike: Optional[str]         # rewrite_alike_key


def rewrite_alike_key(sk: Sketch, fp: Fingerprint, published: Optional[str]
                      ) -> Optional[str]:
    """Documents of one title and text, published at one time, are alike: they have one
    fingerprint, so the same rewrite keys and the same verdicts from rewrite_match (which
    reads nothing else), and one body, whose exact key links them. (One body alone is not
    enough: the body hash ignores case and punctuation, which names and quotes keep.)
    None: no body, so no exact key."""
    if not sk.content_hash:
        return None
    return stable_id(fp.source, published or "")


def rewrite_pairs_across_copies(feature_key: str, members: Sequence[RewriteMember]
                                ) -> Iterator[tuple[tuple[str, str], str]]:
    """`rewrite_candidate_pairs` of one bucket with each set of alike documents stood for
    by its earliest member, and without pairs of copies of one body. The stories that
    result are the same: alike documents share every rewrite key (so the same one stands
    for them in every bucket), verify alike, and are linked. Wire copies make this matter:
    two stories carried by n outlets each are n*n candidate pairs, and one is enough."""
    if len(members) > MAX_BUCKET:
        return  # as in rewrite_candidate_pairs, the size of the whole bucket decides
    standing = _earliest_of_each(members, lambda m: m.alike or m.doc_id)
    bodies = {m.doc_id: m.body for m in standing}
    for pair, feature in rewrite_candidate_pairs(
            feature_key, [(m.order, m.doc_id) for m in standing]):
        if not copies(bodies[pair[0]], bodies[pair[1]]):
            yield pair, feature


def _earliest_of_each(members: Iterable[tuple], group_of) -> list:
    """The earliest member (lead order first, then id) of each group of `group_of`, so
    that it stands for its group."""
    earliest: dict = {}
    for member in sorted(members):
        earliest.setdefault(group_of(member), member)
    return list(earliest.values())


def copies(a_body: Optional[str], b_body: Optional[str]) -> bool:
    """Two documents with the same body hash (Sketch.content_hash) are copies: their exact
    key links them, and verifying them as near duplicates or rewrites adds nothing."""
    return a_body is not None and a_body == b_body


def pairs_across_copies(members: Sequence[tuple[tuple, str, Optional[str]]]
                        ) -> list[tuple[str, str]]:
    """The pairs of `bucket_pairs` for members (lead_order, id, body hash), less those whose
    verification cannot change a story (the same stories result). Copies share one sketch
    and are linked already, so in a bucket small enough for all pairs each body stands for
    all its copies (its earliest copy does); in a larger one, where the pairs drawn depend
    on every member's rank, only the pairs of two copies are left out. Wire copies make
    this matter: n copies of a body in a bucket are n(n-1)/2 pairs, in each of the bands."""
    if len(members) <= MAX_BUCKET:
        standing = _earliest_of_each(members, lambda m: m[1] if m[2] is None else m[2])
        return list(bucket_pairs((order, doc_id) for order, doc_id, _ in standing))
    bodies = {doc_id: body for _, doc_id, body in members}
    return [(a, b) for a, b in bucket_pairs((order, doc_id) for order, doc_id, _ in members)
            if not copies(bodies[a], bodies[b])]


def enough_shared_features(features: Iterable[str]) -> bool:
    return len(set(features)) >= REWRITE_MIN_SHARED_KEYS


class _Stories:
    """Union-find over document ids whose root is always its story's lead: when two
    stories join, the one whose lead comes first in `lead_order` keeps it."""

    def __init__(self, orders: Mapping[str, tuple]) -> None:
        self._orders = orders
        self._parent = {doc_id: doc_id for doc_id in orders}

    def lead(self, doc_id: str) -> str:
        parent = self._parent
        while parent[doc_id] != doc_id:
            parent[doc_id] = parent[parent[doc_id]]
            doc_id = parent[doc_id]
        return doc_id

    def join(self, a: str, b: str) -> None:
        ra, rb = self.lead(a), self.lead(b)
        if ra != rb:
            if self._orders[ra] < self._orders[rb]:
                self._parent[rb] = ra
            else:
                self._parent[ra] = rb


def story_leads(orders: Mapping[str, tuple], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each document's story lead: links closed transitively, the lead of a story its
    earliest member by `lead_order`."""
    stories = _Stories(orders)
    for a, b in links:
        stories.join(a, b)
    return {doc_id: stories.lead(doc_id) for doc_id in orders}


def similarity_to_lead(sk: Sketch, lead_sk: Sketch, is_lead: bool) -> float:
    """1.0 for the lead and exact copies, else the estimated text similarity (rounded)."""
    if is_lead or (sk.content_hash and sk.content_hash == lead_sk.content_hash):
        return 1.0
    return round(similarity(sk.signature, lead_sk.signature, sk.size, lead_sk.size).score, 4)


def cluster(docs: Sequence[Doc]) -> list[Assignment]:
    """Assign every document a story: exact duplicates, verified LSH candidates and
    verified rewrite candidates are linked, links are closed transitively, and the lead of
    each story is its earliest copy (undated last; ties: smallest id). Output follows the
    input order. Documents with the same id are treated as one document."""
    docs = list({d.id: d for d in docs}.values())
    by_id = {d.id: d for d in docs}
    sketches = {d.id: sketch(d) for d in docs}
    orders = {d.id: lead_order(d) for d in docs}

    def buckets(keys_of) -> dict[str, list[tuple[tuple, str]]]:
        grouped: dict[str, list[tuple[tuple, str]]] = defaultdict(list)
        for d in docs:
            for key in keys_of(d):
                grouped[key].append((orders[d.id], d.id))
        return grouped

    # Links are applied as they are found, so a candidate pair already in one story is not
    # verified again (the components, and so the result, are the same either way).
    stories = _Stories(orders)

    # 1. exact duplicates
    for members in buckets(lambda d: exact_keys(d, sketches[d.id])).values():
        for a, b in exact_links(members):
            stories.join(a, b)

    # 2. near duplicates: LSH candidates, verified
    candidates = {pair for members in buckets(lambda d: near_duplicate_keys(sketches[d.id])).values()
                  if len(members) > 1 for pair in bucket_pairs(members)}
    for a, b in sorted(candidates, key=lambda pair: (orders[pair[0]], orders[pair[1]])):
        if stories.lead(a) != stories.lead(b) and near_duplicate(sketches[a], sketches[b])[0]:
            stories.join(a, b)

    # 3. rewrites: pairs sharing several rare-feature + day keys, verified
    fps = {d.id: fingerprint(d) for d in docs}
    df, total = document_frequencies(fps.values())
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    rewrite_buckets: dict[str, list[RewriteMember]] = defaultdict(list)
    for d in docs:
        member = RewriteMember(orders[d.id], d.id, sketches[d.id].content_hash,
                               rewrite_alike_key(sketches[d.id], fps[d.id], d.published))
        for key in rewrite_keys(fps[d.id], d.published, df, total):
            rewrite_buckets[key].append(member)
    for key, members in rewrite_buckets.items():
        for pair, feature in rewrite_pairs_across_copies(key, members):
            shared[pair].add(feature)
    for (a, b), features in shared.items():
        if (enough_shared_features(features) and stories.lead(a) != stories.lead(b)
                and rewrite_match(by_id[a], by_id[b], df, total, a_fp=fps[a], b_fp=fps[b])):
            stories.join(a, b)

    # 4. stories: lead = earliest member
    leads = {d.id: stories.lead(d.id) for d in docs}
    return [Assignment(d.id, story_id(leads[d.id]),
                       similarity_to_lead(sketches[d.id], sketches[leads[d.id]],
                                          leads[d.id] == d.id))
            for d in docs]


def doc_from_json(record: object) -> Doc:
    """A Doc from one decoded JSON line; ValueError says what is wrong with it."""
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    for field in ("id", "text"):
        if not isinstance(record.get(field), str):
            raise ValueError(f"{field!r} missing or not a string")
    for field in ("title", "url", "outlet", "published"):
        if record.get(field) is not None and not isinstance(record[field], str):
            raise ValueError(f"{field!r} not a string")
    if record.get("published"):
        try:
            parse_published(record["published"])
        except ValueError:
            raise ValueError(f"'published' not ISO 8601: {record['published']!r}") from None
    return Doc(record["id"], record.get("title") or "", record["text"], record.get("url"),
               record.get("outlet"), record.get("published"))
