"""Folding syndicated copies into stories as they arrive: a memory of recent documents.

`transforms.stories.FoldStories` sees a whole batch at once; a stream never does. Here each
document meets the documents remembered from the last `ttl_seconds` (3 days by default: a
story's syndicated copies arrive within hours, rarely days) and is assigned a story on the
spot, with the stage functions of `transforms.syndication`, so the stream and the batch
match documents by the same rules:

* exact keys (canonical URL, body hash): any remembered document sharing one is a match;
* LSH band keys: remembered documents sharing a band are candidates, verified with
  `near_duplicate`;
* rewrite keys: the new document's rarest salient features (by document frequencies kept
  over the remembered documents) paired with days; remembered documents sharing at least
  REWRITE_MIN_SHARED_KEYS features with it are candidates, verified with `rewrite_match`.

A matching document joins the story of its matches whose lead comes first in `lead_order`;
a document without matches starts a story and leads it. Buckets are capped as in the bounded
run (MAX_BUCKET, NEIGHBOURS), so the work per document stays bounded however long it runs.

How the stream differs from the bounded run, by necessity (an emitted assignment is final):

* The lead is the first copy *seen*, not the earliest published: a copy that arrives after
  its story started joins it as a non-lead, even if it was published earlier, and the story
  keeps its id. Fed in lead order the two agree (tests/test_story_memory.py checks it on the
  bundled sample).
* Stories never merge: a document that matches two stories joins the earlier one, and the
  other stays apart, where the bounded run's union-find would make them one.
* Rarity is measured over the remembered documents, not the whole batch, so rewrite keys can
  differ from the bounded run's. The memory indexes each remembered document under every
  salient feature (it cannot know which will turn out rare once a copy arrives); the new
  document looks up only its rarest ones, and `rewrite_match` decides, as in the bounded run,
  for the NEIGHBOURS candidates that share the most features.
* A document is forgotten `ttl_seconds` after it was seen: a copy arriving later starts a
  new story. The similarity to a story's lead is measured against its best verified match
  instead once the lead itself is forgotten.

`RememberStoriesFn` runs the memory in Beam: durable truth in keyed state (compact
`Remembered` records, in bags by when they were seen, so that forgetting clears bags and
each record is written once), expiry on an event-time timer, and the live `StoryMemory`
cached in the worker process so an element costs one match, not a rebuild.
"""
from __future__ import annotations

import heapq
import itertools
import logging
import math
import threading
import time
import uuid
from array import array
from collections import Counter, defaultdict
from typing import Collection, Iterable, NamedTuple, Optional, Union

import apache_beam as beam
from apache_beam.coders import FloatCoder, PickleCoder, StrUtf8Coder
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import (BagStateSpec, ReadModifyWriteStateSpec,
                                              TimerSpec, on_timer)
from apache_beam.utils.timestamp import Timestamp

from schemas.rows import ArticleRow, DeadLetterRow
from transforms import dead_letters, progress
from transforms import syndication as syn
from transforms.stories import doc_of, stamp, stamp_story
from transforms.urls import stable_id

_LOG = logging.getLogger(__name__)

STAGE = "fold"
DEFAULT_TTL_SECONDS = 3 * 24 * 3600
DEFAULT_SWEEP_SECONDS = 3600


class Remembered(NamedTuple):
    """One remembered document: what matching a later copy needs, none of its text."""
    id: str
    url: Optional[str]             # its exact key, with the body hash in the sketch
    published: Optional[str]       # its lead order, rewrite window and rewrite days
    seen_at: float                 # seconds since the epoch; it is forgotten ttl later
    arrival: int                   # order of arrival: "most recent" in a capped bucket
    lead_id: str                   # its story's lead; the story id is story_id(lead_id)
    lead_published: Optional[str]  # the lead's, to order stories even once it is forgotten
    similarity: float              # as assigned, so a re-delivery gets the same answer
    sketch: syn.Sketch
    fingerprint: syn.Fingerprint


class Footprint(NamedTuple):
    """What the memory holds: each grows with the remembered documents only."""
    documents: int
    bucket_entries: int  # (key, document) entries over exact, band and rewrite buckets
    features: int        # distinct features with a document frequency


def _stub(doc_id: str, url: Optional[str], published: Optional[str]) -> syn.Doc:
    # The fields the stage functions read from a Doc once its sketch and fingerprint are
    # known (exact_keys: url; lead_order: id, published; rewrite_match: published).
    return syn.Doc(doc_id, "", "", url=url, published=published)


def _story_order(record: Remembered) -> tuple:
    return syn.lead_order(_stub(record.lead_id, None, record.lead_published))


def _rewrite_index_keys(fp: syn.Fingerprint, published: Optional[str]) -> list[str]:
    # Every salient feature with its days (no frequencies: every feature ranks alike), so a
    # later copy finds this document by whichever features turn out rare.
    return syn.rewrite_keys(fp, published, None, 0, k=len(fp.salient()))


def _compared(bucket: Collection[str]) -> list[str]:
    """The members of a bucket a new document is compared with: all while the bucket stays
    within MAX_BUCKET with it, else its NEIGHBOURS most recent, as `bucket_pairs` pairs a
    member of an oversized bucket with its neighbours only."""
    if len(bucket) < syn.MAX_BUCKET:
        return list(bucket)
    return list(itertools.islice(reversed(bucket), syn.NEIGHBOURS))


class _Buckets:
    """Key -> ids of the remembered documents under it, in order of arrival.

    Most keys name one document (LSH bands above all, 64 per document), so a key with one
    member maps to its id alone, not to a dict of one: a dict costs some 200 bytes."""

    def __init__(self) -> None:
        self._members: dict[str, Union[str, dict[str, None]]] = {}
        self.entries = 0

    def get(self, key: str) -> Collection[str]:
        """The ids under `key`, earliest first (reversible)."""
        members = self._members.get(key, ())
        return (members,) if isinstance(members, str) else members

    def add(self, keys: Iterable[str], doc_id: str) -> None:
        for key in keys:
            members = self._members.get(key)
            if members is None:
                self._members[key] = doc_id
            elif isinstance(members, str):
                if members == doc_id:
                    continue
                self._members[key] = {members: None, doc_id: None}
            elif doc_id not in members:
                members[doc_id] = None
            else:
                continue
            self.entries += 1

    def remove(self, keys: Iterable[str], doc_id: str) -> None:
        for key in keys:
            members = self._members.get(key)
            if members == doc_id:
                del self._members[key]
            elif isinstance(members, dict) and doc_id in members:
                del members[doc_id]
                if len(members) == 1:
                    self._members[key] = next(iter(members))
            else:
                continue
            self.entries -= 1


class StoryMemory:
    """Recent documents and their stories; `assign` a new document, `expire` old ones."""

    def __init__(self, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self.ttl_seconds = ttl_seconds
        self._docs: dict[str, Remembered] = {}  # in order of arrival
        self._exact, self._bands, self._rewrite = _Buckets(), _Buckets(), _Buckets()
        self._frequencies: Counter = Counter()
        self._canonical: dict[str, str] = {}  # each counted feature, the one copy kept
        self._expiry: list[tuple[float, int, str]] = []  # heap of (seen_at, arrival, id)
        self._next_arrival = 0
        # every document seen at or before this is forgotten (the latest `now` of `expire`
        # less the ttl); kept in seen time, so a later change of ttl does not move it
        self.forgotten_seen_through = -math.inf

    @classmethod
    def from_records(cls, records: Iterable[Remembered],
                     ttl_seconds: float = DEFAULT_TTL_SECONDS,
                     forgotten_seen_through: float = -math.inf) -> "StoryMemory":
        """The memory that `remembered()` returned these records from; with
        `forgotten_seen_through`, as though it had forgotten the documents seen at or before
        it (records kept elsewhere longer than the memory keeps them are left out)."""
        memory = cls(ttl_seconds)
        memory.forgotten_seen_through = forgotten_seen_through
        latest: dict[str, Remembered] = {}  # a bag may hold a document twice: the last wins
        for record in records:
            if record.seen_at > forgotten_seen_through and (
                    record.id not in latest or record.arrival > latest[record.id].arrival):
                latest[record.id] = record
        for record in sorted(latest.values(), key=lambda r: r.arrival):
            memory._count_features(record.fingerprint, +1)
            memory._remember(record)
        return memory

    def remembered(self) -> list[Remembered]:
        return list(self._docs.values())

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._docs

    def footprint(self) -> Footprint:
        return Footprint(len(self._docs),
                         self._exact.entries + self._bands.entries + self._rewrite.entries,
                         len(self._frequencies))

    def record(self, doc_id: str) -> Remembered:
        return self._docs[doc_id]

    def next_expiry(self) -> Optional[float]:
        """When the longest-remembered document is to be forgotten; None if none is."""
        return self._expiry[0][0] + self.ttl_seconds if self._expiry else None

    def assign(self, doc: syn.Doc, seen_at: float) -> syn.Assignment:
        """The story of `doc`, remembering it; a remembered id gets its earlier answer. A
        document seen no later than those already forgotten (a late one, or a re-delivery
        of one forgotten) is matched but not remembered."""
        known = self._docs.get(doc.id)
        if known is not None:
            return _assignment(known)
        sk, fp = syn.sketch(doc), syn.fingerprint(doc)
        exact_keys, band_keys = syn.exact_keys(doc, sk), syn.near_duplicate_keys(sk)
        # The new document counts in the frequencies before it is matched, as in the bounded
        # run, where a feature is worth a key only if another document has it too (df >= 2).
        self._count_features(fp, +1)
        matches = self._matches(doc, sk, fp, exact_keys, band_keys)
        if matches:
            first = min(matches.values(), key=_story_order)
            lead_id, lead_published = first.lead_id, first.lead_published
            similarity = self._similarity_to_lead(
                sk, lead_id, [m for m in matches.values() if m.lead_id == lead_id])
        else:
            lead_id, lead_published, similarity = doc.id, doc.published, 1.0
        record = Remembered(doc.id, doc.url, doc.published, seen_at, self._next_arrival,
                            lead_id, lead_published, similarity, sk, fp)
        self._remember(record, exact_keys, band_keys)
        if seen_at <= self.forgotten_seen_through:
            # as it would have been had it come in time, and as a rebuild leaves it out
            self._forget_due()
        return _assignment(record)

    def expire(self, now: float) -> int:
        """Forget every document seen `ttl_seconds` or longer before `now`; how many."""
        self.forgotten_seen_through = max(self.forgotten_seen_through, now - self.ttl_seconds)
        return self._forget_due()

    # ---- internals ----------------------------------------------------------------------

    def _matches(self, doc: syn.Doc, sk: syn.Sketch, fp: syn.Fingerprint,
                 exact_keys: list[str], band_keys: list[str]) -> dict[str, Remembered]:
        """The remembered documents `doc` is verified to be a copy of, by id."""
        matches: dict[str, Remembered] = {}
        for key in exact_keys:
            for other in _compared(self._exact.get(key)):
                matches[other] = self._docs[other]
        verified: set[str] = set(matches)
        for key in band_keys:
            for other in _compared(self._bands.get(key)):
                if other not in verified:
                    verified.add(other)
                    if syn.near_duplicate(sk, self._docs[other].sketch)[0]:
                        matches[other] = self._docs[other]

        # Rewrites: remembered documents that share enough of this one's rare features.
        corpus = len(self._docs) + 1
        shared: dict[str, set[str]] = defaultdict(set)
        for key in syn.rewrite_keys(fp, doc.published, self._frequencies, corpus):
            members = self._rewrite.get(key)
            if len(members) >= syn.MAX_BUCKET:
                continue  # shared by too many to be rare, as in rewrite_candidate_pairs
            feature = key.rsplit("|", 1)[0]  # a rewrite key is "feature|day"
            for other in members:
                shared[other].add(feature)
        # Unlike a bounded run's pair, only this side's keys are its rarest features, so
        # more candidates come up: verify the NEIGHBOURS that share the most (the latest
        # first on ties), which keeps the cost per document bounded.
        ranked = sorted((other for other, features in shared.items()
                         if syn.enough_shared_features(features)),
                        key=lambda other: (-len(shared[other]), -self._docs[other].arrival))
        stories = {m.lead_id for m in matches.values()}
        verified_rewrites = 0
        for other in ranked:
            candidate = self._docs[other]
            if candidate.lead_id in stories:
                continue  # a rewrite adds only a story to join: this one is joined already
            if verified_rewrites == syn.NEIGHBOURS:
                break
            verified_rewrites += 1
            if syn.rewrite_match(doc, _stub(other, candidate.url, candidate.published),
                                 self._frequencies, corpus,
                                 a_fp=fp, b_fp=candidate.fingerprint):
                matches[other] = candidate
                stories.add(candidate.lead_id)
        return matches

    def _similarity_to_lead(self, sk: syn.Sketch, lead_id: str,
                            story_matches: list[Remembered]) -> float:
        lead = self._docs.get(lead_id)
        if lead is not None:
            return syn.similarity_to_lead(sk, lead.sketch, False)
        return max(syn.similarity_to_lead(sk, m.sketch, False) for m in story_matches)

    def _forget_due(self) -> int:
        """Forget the documents seen at or before forgotten_seen_through; how many."""
        forgotten = 0
        while self._expiry and self._expiry[0][0] <= self.forgotten_seen_through:
            _, _, doc_id = heapq.heappop(self._expiry)
            self._forget(self._docs.pop(doc_id))
            forgotten += 1
        return forgotten

    def _count_features(self, fp: syn.Fingerprint, step: int) -> None:
        # the features `syndication.document_frequencies` counts
        for feature in fp.salient() | fp.words:
            self._frequencies[feature] += step
            if self._frequencies[feature]:
                self._canonical.setdefault(feature, feature)
            else:
                del self._frequencies[feature]
                del self._canonical[feature]

    def _compact(self, record: Remembered) -> Remembered:
        """The record as the memory keeps it: its signature as 64-bit machine words (a tuple
        holds a 36-byte int object per value) and its counted features as the memory's one
        copy of each string, shared by every document that has it. Not `sys.intern`: some
        Python 3.12 releases never free an interned string (CPython gh-113993)."""
        canonical, fp = self._canonical, record.fingerprint
        fp = fp._replace(names=frozenset(map(canonical.__getitem__, fp.names)),
                         numbers=frozenset(map(canonical.__getitem__, fp.numbers)),
                         quotes=frozenset(map(canonical.__getitem__, fp.quotes)),
                         words=frozenset(map(canonical.__getitem__, fp.words)))
        sk = record.sketch._replace(signature=array("Q", record.sketch.signature))
        return record._replace(sketch=sk, fingerprint=fp)

    def _remember(self, record: Remembered, exact_keys: Optional[list[str]] = None,
                  band_keys: Optional[list[str]] = None) -> None:
        """Remember a record whose features are counted."""
        record = self._compact(record)
        doc = _stub(record.id, record.url, record.published)
        self._docs[record.id] = record
        self._exact.add(syn.exact_keys(doc, record.sketch) if exact_keys is None
                        else exact_keys, record.id)
        self._bands.add(syn.near_duplicate_keys(record.sketch) if band_keys is None
                        else band_keys, record.id)
        self._rewrite.add(_rewrite_index_keys(record.fingerprint, record.published), record.id)
        heapq.heappush(self._expiry, (record.seen_at, record.arrival, record.id))
        self._next_arrival = max(self._next_arrival, record.arrival + 1)

    def _forget(self, record: Remembered) -> None:
        # Keys are recomputed rather than stored: they are a function of the record.
        self._exact.remove(syn.exact_keys(_stub(record.id, record.url, record.published),
                                          record.sketch), record.id)
        self._bands.remove(syn.near_duplicate_keys(record.sketch), record.id)
        self._rewrite.remove(_rewrite_index_keys(record.fingerprint, record.published),
                             record.id)
        self._count_features(record.fingerprint, -1)


def _assignment(record: Remembered) -> syn.Assignment:
    return syn.Assignment(record.id, syn.story_id(record.lead_id), record.similarity)


# ---- Beam ---------------------------------------------------------------------------------


# Remembered records are kept in this many bags, each holding the documents seen in one
# time slot (slot_seconds long, the slots reused in turn), so that a sweep forgets a whole
# slot by clearing its bag. One bag rewritten at every sweep wrote the whole memory to state
# each hour (all of it under the one key, in one commit).
REMEMBERED_SLOTS = 8


def slot_seconds_for(ttl_seconds: float, sweep_seconds: float) -> float:
    """How long a slot lasts: all but two slots span the ttl and a sweep, so a slot's
    documents are forgotten, and its bag cleared, a whole slot before it is used again."""
    return (ttl_seconds + max(sweep_seconds, 0.0)) / (REMEMBERED_SLOTS - 2)


def slot_of(seen_at: float, slot_seconds: float) -> int:
    return int(seen_at // slot_seconds) % REMEMBERED_SLOTS


class _Span(NamedTuple):
    """When the documents in one slot's bag were seen: the first and the last."""
    first: float
    last: float

    def widened(self, seen_at: float) -> "_Span":
        return _Span(min(self.first, seen_at), max(self.last, seen_at))


def _span(records: Iterable[Remembered]) -> Optional[_Span]:
    seen = [r.seen_at for r in records]
    return _Span(min(seen), max(seen)) if seen else None


class _Live(NamedTuple):
    token: Optional[str]  # of the state write the memory matches
    memory: StoryMemory
    used_at: float        # _monotonic() of its last use
    spans: list           # per slot, the _Span of the records its bag holds, or None


# Live memories of this process, shared by every instance of a RememberStoriesFn step:
# a runner keeps several DoFn instances per worker (one per concurrent bundle), and with one
# key a per-instance cache would be rebuilt each time the key's bundle went to another one.
# The runner processes one key at a time, so a memory is never used by two threads at once.
_LIVE_MEMORIES: dict[tuple[str, object], _Live] = {}
_LIVE_MEMORIES_LOCK = threading.Lock()

# A key the runner moved to another worker (autoscaling, rebalancing) never comes back to
# say so, and its memory, gigabytes on a busy stream, would stay here for good. A key in
# use is touched at every element and every expiry sweep, so one idle this long has most
# likely moved; if it has not, it is rebuilt from state on its next use, as after a restart.
LIVE_MEMORY_IDLE_SECONDS = 2 * 3600.0
_IDLE_SWEEPER: list[threading.Thread] = []  # the one daemon thread of this process, once
_monotonic = time.monotonic  # the clock of last uses (a test sets its own)


def forget_idle_memories(now: float, idle_seconds: float = LIVE_MEMORY_IDLE_SECONDS) -> int:
    """Drop the live memories unused for `idle_seconds` before `now` (monotonic); how many."""
    with _LIVE_MEMORIES_LOCK:
        idle = [k for k, live in _LIVE_MEMORIES.items() if now - live.used_at >= idle_seconds]
        for k in idle:
            del _LIVE_MEMORIES[k]
    if idle:
        # from the sweeper's thread, where a Beam metric would not be reported
        _LOG.info("dropped %d story memories idle for %.0f s or more (rebuilt from state if "
                  "their key comes back)", len(idle), idle_seconds)
    return len(idle)


def _sweep_idle_memories_forever() -> None:
    while True:
        time.sleep(LIVE_MEMORY_IDLE_SECONDS / 4)
        forget_idle_memories(_monotonic())


def _start_idle_sweeper() -> None:
    with _LIVE_MEMORIES_LOCK:
        if not _IDLE_SWEEPER:
            thread = threading.Thread(target=_sweep_idle_memories_forever,
                                      name="diplowire-story-memory-idle", daemon=True)
            thread.start()
            _IDLE_SWEEPER.append(thread)


class _KeyState(NamedTuple):
    """One key's state, as RememberStoriesFn's methods are handed it."""
    legacy: object            # the one bag of releases before slots; emptied once read
    slots: tuple              # REMEMBERED_SLOTS bags of Remembered records
    written: object           # token of the last write
    forgotten_seen_through: object  # the memory's, as of the last write


class RememberStoriesFn(beam.DoFn):
    """(shard key, ArticleRow) -> the ArticleRow stamped with its story (or, when folding
    it fails, a DeadLetterRow and the ArticleRow as a story of its own).

    Keyed state is the durable truth: the `Remembered` records, one per remembered document,
    in REMEMBERED_SLOTS bags by when they were seen, and the time of seeing through which
    the memory has forgotten (kept in seen time, so an update that changes the ttl does not
    move it). The live `StoryMemory` of each key is a cache, rebuilt from the bags when
    it is missing or stale. It is stale when a bundle that changed it failed (the runner
    dropped that bundle's state writes but not the cache) or when the key was processed on
    another worker meanwhile; every write stores a fresh random token both in state and with
    the cache, so one small state read tells them apart. A live memory unused for
    LIVE_MEMORY_IDLE_SECONDS is dropped: its key has most likely moved to another worker.

    Expiry runs on an event-time timer: a document is forgotten once the watermark passes
    its timestamp + ttl. Event time makes expiry follow the news rather than the clock (a
    replayed backlog expires as it did live) and lets TestStream drive it deterministically.
    So an element's timestamp must be when the document was seen (its fetch time); a stalled
    watermark postpones expiry, and a document can still be matched between its expiry time
    and the watermark reaching it. Expiry runs in sweeps, every `sweep_seconds` of event
    time: a document is forgotten between ttl and ttl + sweep_seconds after it was seen.

    A sweep writes little: it clears the bags whose every document is forgotten, and a
    rebuild leaves out the documents seen through the recorded time, so a bag may keep
    them up to a slot longer than the memory does (state holds the documents of up to
    ttl + a slot + a sweep: with 8 slots, 1.18 x the ttl at the defaults). Only a bag still
    holding documents forgotten a slot ago (a watermark that stalled past a slot's reuse,
    or late documents) is rewritten with what the memory keeps of it.
    """

    LEGACY = BagStateSpec("remembered", PickleCoder())
    SLOTS = tuple(BagStateSpec(f"remembered_{i}", PickleCoder())
                  for i in range(REMEMBERED_SLOTS))
    WRITTEN = ReadModifyWriteStateSpec("written", StrUtf8Coder())
    FORGOTTEN_SEEN_THROUGH = ReadModifyWriteStateSpec("forgotten_seen_through", FloatCoder())
    EXPIRY = TimerSpec("expiry", TimeDomain.WATERMARK)

    def __init__(self, ttl_seconds: float = DEFAULT_TTL_SECONDS,
                 sweep_seconds: float = DEFAULT_SWEEP_SECONDS) -> None:
        super().__init__()
        self._ttl_seconds = ttl_seconds
        self._sweep_seconds = sweep_seconds
        self._slot_seconds = slot_seconds_for(ttl_seconds, sweep_seconds)
        # Pickled with the DoFn, so every instance of this step shares the live memories.
        self._step = uuid.uuid4().hex

    def setup(self) -> None:
        _start_idle_sweeper()

    # Beam hands state over as one parameter per state cell, so each slot's bag is named.
    def process(self, element, timestamp=beam.DoFn.TimestampParam,
                legacy=beam.DoFn.StateParam(LEGACY),
                slot_0=beam.DoFn.StateParam(SLOTS[0]), slot_1=beam.DoFn.StateParam(SLOTS[1]),
                slot_2=beam.DoFn.StateParam(SLOTS[2]), slot_3=beam.DoFn.StateParam(SLOTS[3]),
                slot_4=beam.DoFn.StateParam(SLOTS[4]), slot_5=beam.DoFn.StateParam(SLOTS[5]),
                slot_6=beam.DoFn.StateParam(SLOTS[6]), slot_7=beam.DoFn.StateParam(SLOTS[7]),
                written=beam.DoFn.StateParam(WRITTEN),
                forgotten_seen_through=beam.DoFn.StateParam(FORGOTTEN_SEEN_THROUGH),
                expiry=beam.DoFn.TimerParam(EXPIRY)):
        key, article = element
        state = _KeyState(legacy, (slot_0, slot_1, slot_2, slot_3, slot_4, slot_5, slot_6,
                                   slot_7), written, forgotten_seen_through)
        live = self._live(key, state)
        memory = live.memory
        doc = doc_of(article)
        known = doc.id in memory  # a re-delivery
        try:
            assignment = memory.assign(doc, float(timestamp))
        except Exception as exc:  # a document that always fails must not stop the one key
            # assign changes the memory before it finishes: the next element rebuilds it
            # from state, which this document never reached.
            self._forget_live(key)
            # In the main output: a tagged output would make this step a composite and
            # rename the stateful ParDo, which a running job's --update cannot follow.
            yield dead_letters.dead_letter(
                STAGE, article.url, "story_assignment_failed",
                f"{type(exc).__name__}: {exc} (the article is kept as a story of its own)",
                feed_url=article.feed_url)
            yield stamp(article, article.article_id, 1.0)
            return
        if not known and doc.id in memory:  # remembered now (not already forgotten)
            record = memory.record(doc.id)
            slot = slot_of(record.seen_at, self._slot_seconds)
            state.slots[slot].add(record)
            span = live.spans[slot] or _Span(record.seen_at, record.seen_at)
            live.spans[slot] = span.widened(record.seen_at)
            self._written(key, live, state)
            expiry.set(self._sweep_after(memory.next_expiry()))
            progress.count("story_articles_remembered")
        stamped = stamp_story(article, assignment.story_id, assignment.similarity)
        if not known and stamped.is_story_lead:
            progress.count("stories_started")
        yield stamped

    @on_timer(EXPIRY)
    def forget_expired(self, key=beam.DoFn.KeyParam, timestamp=beam.DoFn.TimestampParam,
                       legacy=beam.DoFn.StateParam(LEGACY),
                       slot_0=beam.DoFn.StateParam(SLOTS[0]),
                       slot_1=beam.DoFn.StateParam(SLOTS[1]),
                       slot_2=beam.DoFn.StateParam(SLOTS[2]),
                       slot_3=beam.DoFn.StateParam(SLOTS[3]),
                       slot_4=beam.DoFn.StateParam(SLOTS[4]),
                       slot_5=beam.DoFn.StateParam(SLOTS[5]),
                       slot_6=beam.DoFn.StateParam(SLOTS[6]),
                       slot_7=beam.DoFn.StateParam(SLOTS[7]),
                       written=beam.DoFn.StateParam(WRITTEN),
                       forgotten_seen_through=beam.DoFn.StateParam(FORGOTTEN_SEEN_THROUGH),
                       expiry=beam.DoFn.TimerParam(EXPIRY)):
        state = _KeyState(legacy, (slot_0, slot_1, slot_2, slot_3, slot_4, slot_5, slot_6,
                                   slot_7), written, forgotten_seen_through)
        live = self._live(key, state)
        memory, now = live.memory, float(timestamp)
        forgotten_before = memory.forgotten_seen_through
        forgotten = memory.expire(now)
        emptied = self._forget_slots(live, state, now)
        moved = memory.forgotten_seen_through != forgotten_before
        if moved:  # even with nothing forgotten: a late document must be judged alike
            state.forgotten_seen_through.write(memory.forgotten_seen_through)
        if forgotten:
            progress.count("story_articles_forgotten", forgotten)
        if moved or emptied:
            self._written(key, live, state)
        next_expiry = memory.next_expiry()
        if next_expiry is not None:
            # never at or before this firing: a timer set to it would fire again at once
            expiry.set(max(self._sweep_after(next_expiry),
                           Timestamp(micros=timestamp.micros + 1)))
        return ()

    def _forget_slots(self, live: _Live, state: _KeyState, now: float) -> bool:
        """Clear the bags whose documents are all forgotten, and rewrite those still holding
        documents forgotten a slot ago; whether any bag changed."""
        ttl, changed = self._ttl_seconds, False
        for slot, span in enumerate(live.spans):
            if span is None:
                continue
            if span.last + ttl <= now:
                state.slots[slot].clear()
                live.spans[slot] = None
                changed = True
            elif span.first + ttl <= now - self._slot_seconds:
                # what the bag holds, not what slot_of says now: a job updated with another
                # ttl has other slot lengths
                kept = [r for r in state.slots[slot].read() if r.id in live.memory]
                state.slots[slot].clear()
                for record in kept:
                    state.slots[slot].add(record)
                live.spans[slot] = _span(kept)
                changed = True
                progress.count("story_memory_slots_rewritten")
        return changed

    def _sweep_after(self, when: float) -> Timestamp:
        """The first sweep time at or after `when`, rounded up to the microsecond a timer
        holds (Timestamp.of truncates, and a sweep just before `when` would forget nothing)."""
        sweep = self._sweep_seconds
        at = math.ceil(when / sweep) * sweep if sweep > 0 else when
        return Timestamp(micros=math.ceil(at * 1_000_000))

    def _live(self, key, state: _KeyState) -> _Live:
        token = state.written.read()
        with _LIVE_MEMORIES_LOCK:
            live = _LIVE_MEMORIES.pop((self._step, key), None)
            if live is not None and token is not None and live.token == token:
                live = live._replace(used_at=_monotonic())
                _LIVE_MEMORIES[(self._step, key)] = live
                return live
        live = None  # the stale memory goes first: a rebuild need not hold two at once
        return self._rebuilt(key, state, token)

    def _rebuilt(self, key, state: _KeyState, token: Optional[str]) -> _Live:
        by_slot = [list(bag.read()) for bag in state.slots]
        legacy = list(state.legacy.read())
        for record in legacy:  # written before slots: into the slot of when it was seen
            slot = slot_of(record.seen_at, self._slot_seconds)
            state.slots[slot].add(record)
            by_slot[slot].append(record)
        forgotten_seen_through = state.forgotten_seen_through.read()
        memory = StoryMemory.from_records(
            itertools.chain.from_iterable(by_slot), self._ttl_seconds,
            -math.inf if forgotten_seen_through is None else forgotten_seen_through)
        live = _Live(token, memory, _monotonic(), [_span(records) for records in by_slot])
        if legacy:
            state.legacy.clear()
            live = self._written(key, live, state)
        else:
            with _LIVE_MEMORIES_LOCK:
                _LIVE_MEMORIES[(self._step, key)] = live
        if len(memory):
            progress.count("story_memory_rebuilt")
        return live

    def _forget_live(self, key) -> None:
        with _LIVE_MEMORIES_LOCK:
            _LIVE_MEMORIES.pop((self._step, key), None)

    def _written(self, key, live: _Live, state: _KeyState) -> _Live:
        """Record that the state now matches `live` (changed in place); the live memory
        as cached."""
        token = uuid.uuid4().hex
        state.written.write(token)
        live = live._replace(token=token, used_at=_monotonic())
        with _LIVE_MEMORIES_LOCK:
            _LIVE_MEMORIES[(self._step, key)] = live
        return live


def shard_of(article: ArticleRow, shards: int) -> int:
    return int(stable_id(article.article_id), 16) % shards if shards > 1 else 0


def _routed(row: Union[ArticleRow, DeadLetterRow]) -> Iterable:
    yield dead_letters.tagged(row) if isinstance(row, DeadLetterRow) else row


class FoldStoriesStreaming(beam.PTransform):
    """ArticleRow (timestamped when seen) -> {"articles": ArticleRow with story_id,
    is_story_lead and similarity_to_lead set, folded against the documents seen in the last
    `ttl_seconds`; DEAD_LETTERS: a dead letter per article whose folding failed, which is
    then its own story}.

    One shard by default: copies of a story can only meet on the same key, and nothing in
    an article says in advance which story it belongs to, so every article goes to one key.
    That key runs on one worker at about 2 ms per document (sketch and fingerprint
    included), several hundred documents a second, far above what the polled feeds publish;
    it holds about 50 KB in memory and 6 KB in state per remembered 500-word document, the
    state written once (`python -m bench.story_memory`). `shards` > 1 spreads the work by
    article id, and copies that land on different shards are never folded together: for
    throughput tests, or where missing those is acceptable.
    """

    def __init__(self, ttl_seconds: float = DEFAULT_TTL_SECONDS, shards: int = 1,
                 sweep_seconds: float = DEFAULT_SWEEP_SECONDS) -> None:
        super().__init__()
        if shards < 1:
            raise ValueError(f"shards must be at least 1, not {shards}")
        self._ttl_seconds = ttl_seconds
        self._shards = shards
        self._sweep_seconds = sweep_seconds

    def expand(self, articles):
        shards = self._shards
        folded = (articles
                  | "KeyByShard" >> beam.Map(lambda a: (shard_of(a, shards), a)
                                             ).with_output_types(tuple[int, ArticleRow])
                  | "RememberStories" >> beam.ParDo(
                      RememberStoriesFn(self._ttl_seconds, self._sweep_seconds)
                  ).with_output_types(Union[ArticleRow, DeadLetterRow])
                  | "RouteDeadLetters" >> beam.FlatMap(_routed).with_outputs(
                      dead_letters.DEAD_LETTERS, main="articles"))
        return {"articles": folded.articles,
                dead_letters.DEAD_LETTERS: folded[dead_letters.DEAD_LETTERS]}
