"""Coding articles into events, mentions and entities rows."""
from __future__ import annotations

import collections
import typing
from typing import Iterable, NamedTuple, Optional, Union

import apache_beam as beam

from schemas.rows import ArticleRow, DeadLetterRow, EntityRow, EventRow, MentionRow
from transforms import dead_letters, progress
from transforms.rollups import RollUpFn
from transforms.tagging import Event, TagResult, default_lexicon, tag_text
from transforms.urls import stable_id

STAGE = "tag"
MENTIONS = "mentions"
ENTITIES = "entities"
TAGGED_LANGUAGES = frozenset({"en"})


def _actor_columns(n: int, actor) -> dict:
    if actor is not None and not actor.code:
        actor = None  # a perpetrator the sentence does not name ("bombs were detonated")
    return {
        f"actor{n}_code": actor.code if actor else None,
        # an implied target (see tagging._with_implied_target) is named nowhere in the text
        f"actor{n}_name": actor.text if actor and not actor.implied else None,
        f"actor{n}_country_code": actor.country if actor else None,
        f"actor{n}_type_code": actor.type if actor else None,
    }


def _named(actor):
    """The actor if the sentence names it (an implied target has no place in the text)."""
    return actor if actor is not None and not actor.implied else None


def event_key(event: Event) -> tuple:
    """What makes two sightings one event within a story: the dyad and the code."""
    return (event.source.code, event.target.code if event.target else "", event.event_code)


def article_rows(article: ArticleRow, result: TagResult
                 ) -> tuple[list[EventRow], list[MentionRow], list[EntityRow]]:
    """The article's share of its story's events (one row per dyad x code, counting this
    article only; `roll_up` merges the shares of all copies), a mention row per sentence,
    and its entities."""
    mention_time = article.published_at or article.fetched_at
    mention_date = mention_time[:10]
    # Every copy of a story mints the same event IDs, which is what folds them into one
    # event. The story fixes the date, so leaving it out of the ID keeps a re-fetch of an
    # undated article (date from fetched_at) from minting new IDs. An article not yet
    # folded into a story is its own story.
    story = article.story_id or article.article_id
    grouped: dict[tuple, list[Event]] = collections.defaultdict(list)
    for event in result.events:
        grouped[event_key(event)].append(event)
    events, mentions = [], []
    for key, sightings in grouped.items():
        event_id = stable_id(story, *key)
        first = sightings[0]
        events.append(EventRow(
            event_id=event_id, event_date=mention_date, article_id=article.article_id,
            story_id=article.story_id,
            **_actor_columns(1, first.source), **_actor_columns(2, first.target),
            event_code=first.event_code, event_base_code=first.base_code,
            event_root_code=first.root_code, quad_class=first.quad_class,
            goldstein_scale=first.goldstein, num_mentions=len(sightings), num_sources=1,
            num_articles=1, source_url=article.canonical_url, first_seen_at=article.fetched_at,
            confidence=max(e.confidence for e in sightings)))
        for event in sightings:
            mentions.append(MentionRow(
                event_id=event_id, article_id=article.article_id,
                sentence_index=event.sentence_index, outlet=article.outlet,
                mention_time=mention_time, mention_date=mention_date, sentence=event.sentence,
                actor1_char_offset=_named(event.source).start if _named(event.source) else None,
                actor1_char_end=_named(event.source).end if _named(event.source) else None,
                actor2_char_offset=_named(event.target).start if _named(event.target) else None,
                actor2_char_end=_named(event.target).end if _named(event.target) else None,
                action_char_offset=event.verb_start, action_char_end=event.verb_end,
                action_text=event.verb, confidence=event.confidence,
                fetched_at=article.fetched_at))
    entities = [EntityRow(
        entity_id=stable_id(article.article_id, e.type, e.code, e.text),
        article_id=article.article_id, text=e.text, type=e.type, code=e.code,
        country_code=e.country, count=e.count, ingest_date=article.ingest_date,
        fetched_at=article.fetched_at)
        for e in result.entities]
    return events, mentions, entities


class EventShare(NamedTuple):
    """One article's share of an event: its row and the outlet that published it."""
    row: EventRow
    outlet: str


def roll_up(shares: Iterable[EventShare]) -> EventRow:
    """One event from the shares of every article of its story that reports it, counted as
    GDELT counts: num_mentions over all sentences, num_articles distinct articles,
    num_sources distinct outlets. The earliest report supplies the date, article, URL and
    actor names. An article delivered twice counts once."""
    by_article = {share.row.article_id: share for share in shares}
    ordered = sorted(by_article.values(),
                     key=lambda s: (s.row.event_date, s.row.first_seen_at, s.row.article_id))
    earliest = ordered[0].row
    return earliest._replace(
        num_mentions=sum(s.row.num_mentions for s in ordered),
        num_articles=len(ordered),
        num_sources=len({s.outlet for s in ordered}),
        first_seen_at=min(s.row.first_seen_at for s in ordered),
        confidence=max(s.row.confidence for s in ordered))


def tags_of(article: ArticleRow) -> Union[TagResult, DeadLetterRow, None]:
    """The article's actors and events; None when its language is not tagged, a dead letter
    when the coder fails on it. Needs only what extraction gives (body, language, dates):
    not the article's story."""
    if article.language not in TAGGED_LANGUAGES:
        return None
    date = (article.published_at or article.fetched_at)[:10]
    try:
        return tag_text(article.body, date)
    except Exception as exc:  # a text the coder cannot take costs its events, not the run
        return dead_letters.dead_letter(
            STAGE, article.url, "tagging_failed", f"{type(exc).__name__}: {exc}",
            feed_url=article.feed_url, excerpt=article.body)


def code_article(article: ArticleRow
                 ) -> Union[tuple[list, list, list], DeadLetterRow, None]:
    tags = tags_of(article)
    return tags if not isinstance(tags, TagResult) else article_rows(article, tags)


def _coded(article: ArticleRow, tags: Union[TagResult, DeadLetterRow, None]) -> Iterable:
    """CodeEvents' outputs for one article and its tags (None: language not tagged; a dead
    letter: the coder failed on it, and the article keeps its row without events)."""
    if tags is None:
        progress.count("articles_not_tagged_language")
        return
    if isinstance(tags, DeadLetterRow):
        yield dead_letters.tagged(tags)
        return
    events, mentions, entities = article_rows(article, tags)
    progress.count("articles_tagged")
    for event in events:
        yield event.event_id, EventShare(event, article.outlet)
    for mention in mentions:
        yield beam.pvalue.TaggedOutput(MENTIONS, mention)
    for entity in entities:
        yield beam.pvalue.TaggedOutput(ENTITIES, entity)


class CodeEventsFn(beam.DoFn):
    def setup(self):
        default_lexicon()  # index the dictionaries once per worker, not on the first article

    def process(self, article: ArticleRow) -> Iterable:
        yield from _coded(article, tags_of(article))


def _only(values: Iterable, what: str, article_id: str):
    values = list(values)
    if not values:  # cannot happen: every article was tagged where it was extracted
        raise RuntimeError(f"article {article_id} has no {what}")
    return values[0]


class CodeTaggedEventsFn(beam.DoFn):
    """CodeEventsFn for articles whose tags were computed upstream (transforms.analysis):
    (article_id, {"articles": [article], "tags": [tags]}) -> the same outputs."""

    def process(self, joined) -> Iterable:
        article_id, groups = joined
        tags = _only(groups["tags"], "tags", article_id)
        yield from _coded(_only(groups["articles"], "article", article_id), tags)


class CodeEvents(beam.PTransform):
    """ArticleRow (folded into stories) -> EventRow per story x dyad x code (main),
    MentionRow and EntityRow outputs, and a dead letter per article the coder failed on.

    In a batch, an event's shares are grouped and rolled up once. With `rolling_ttl` (a
    stream), each new share re-emits the event rolled up from all its shares so far (see
    transforms.rollups), and an event's shares are kept that many seconds.

    With `tags` ((article_id, TagResult or None) for every article, as
    transforms.analysis computes them on the extraction workers), articles are not tagged
    again here."""

    def __init__(self, rolling_ttl: Optional[float] = None,
                 tags: Optional[beam.PCollection] = None):
        super().__init__()
        self._rolling_ttl = rolling_ttl
        self._tags = tags

    def expand(self, articles):
        if self._tags is None:
            coded = articles | "Code" >> beam.ParDo(CodeEventsFn()).with_outputs(
                MENTIONS, ENTITIES, dead_letters.DEAD_LETTERS, main="shares")
        else:
            # Tagged where they were extracted: join each article (its body is not needed
            # any more and stays out of the shuffle) with its tags.
            keyed = articles | "KeyById" >> beam.Map(
                lambda a: (a.article_id, a._replace(body="")))
            coded = ({"articles": keyed, "tags": self._tags}
                     | "JoinTags" >> beam.CoGroupByKey()
                     | "Code" >> beam.ParDo(CodeTaggedEventsFn()).with_outputs(
                         MENTIONS, ENTITIES, dead_letters.DEAD_LETTERS, main="shares"))
        # Keyed by event_id (a string): a deterministic key coder for the stateful roll-up.
        shares = coded.shares | "TypeShares" >> beam.Map(lambda kv: kv).with_output_types(
            tuple[str, typing.Any])
        if self._rolling_ttl is None:
            events = (shares
                      | "GroupStoryEvents" >> beam.GroupByKey()
                      | "RollUp" >> beam.MapTuple(lambda _, shares: roll_up(shares)))
        else:
            events = shares | "RollUpAsTheyCome" >> beam.ParDo(
                RollUpFn(roll_up, self._rolling_ttl, "events"))
        return {"events": events, MENTIONS: coded[MENTIONS], ENTITIES: coded[ENTITIES],
                dead_letters.DEAD_LETTERS: coded[dead_letters.DEAD_LETTERS]}
