"""Coding articles into events, mentions and entities rows."""
from __future__ import annotations

import collections
from typing import Iterable, Optional

import apache_beam as beam

from schemas.rows import ArticleRow, EntityRow, EventRow, MentionRow
from transforms import progress
from transforms.tagging import Event, TagResult, default_lexicon, tag_text
from transforms.urls import stable_id

MENTIONS = "mentions"
ENTITIES = "entities"
TAGGED_LANGUAGES = frozenset({"en"})


def _actor_columns(n: int, actor) -> dict:
    return {
        f"actor{n}_code": actor.code if actor else None,
        f"actor{n}_name": actor.text if actor else None,
        f"actor{n}_country_code": actor.country if actor else None,
        f"actor{n}_type_code": actor.type if actor else None,
    }


def event_key(event: Event, event_date: str) -> tuple:
    return (event.source.code, event.target.code if event.target else "", event.event_code,
            event_date)


def article_rows(article: ArticleRow, result: TagResult
                 ) -> tuple[list[EventRow], list[MentionRow], list[EntityRow]]:
    """One event row per dyad x code x day in the article, a mention row per sentence."""
    mention_time = article.published_at or article.fetched_at
    event_date = mention_time[:10]
    grouped: dict[tuple, list[Event]] = collections.defaultdict(list)
    for event in result.events:
        grouped[event_key(event, event_date)].append(event)
    events, mentions = [], []
    for key, sightings in grouped.items():
        # The article fixes the date; leaving it out of the ID keeps a re-fetch of an undated
        # article (event_date from fetched_at) from minting new IDs.
        event_id = stable_id(article.article_id, *key[:3])
        first = sightings[0]
        events.append(EventRow(
            event_id=event_id, event_date=event_date, article_id=article.article_id,
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
                mention_time=mention_time, mention_date=event_date, sentence=event.sentence,
                actor1_char_offset=event.source.start, actor1_char_end=event.source.end,
                actor2_char_offset=event.target.start if event.target else None,
                actor2_char_end=event.target.end if event.target else None,
                action_char_offset=event.verb_start, action_char_end=event.verb_end,
                action_text=event.verb, confidence=event.confidence))
    entities = [EntityRow(
        entity_id=stable_id(article.article_id, e.type, e.code, e.text),
        article_id=article.article_id, text=e.text, type=e.type, code=e.code,
        country_code=e.country, count=e.count, ingest_date=article.ingest_date)
        for e in result.entities]
    return events, mentions, entities


def code_article(article: ArticleRow) -> Optional[tuple[list, list, list]]:
    if article.language not in TAGGED_LANGUAGES:
        return None
    date = (article.published_at or article.fetched_at)[:10]
    return article_rows(article, tag_text(article.body, date))


class CodeEventsFn(beam.DoFn):
    def setup(self):
        default_lexicon()  # index the dictionaries once per worker, not on the first article

    def process(self, article: ArticleRow) -> Iterable:
        rows = code_article(article)
        if rows is None:
            progress.count("articles_not_tagged_language")
            return
        events, mentions, entities = rows
        progress.count("articles_tagged")
        progress.count("events_coded", len(events))
        yield from events
        for mention in mentions:
            yield beam.pvalue.TaggedOutput(MENTIONS, mention)
        for entity in entities:
            yield beam.pvalue.TaggedOutput(ENTITIES, entity)


class CodeEvents(beam.PTransform):
    """ArticleRow -> EventRow (main), MentionRow and EntityRow outputs."""

    def expand(self, articles):
        coded = articles | "Code" >> beam.ParDo(CodeEventsFn()).with_outputs(
            MENTIONS, ENTITIES, main="events")
        return {"events": coded.events, MENTIONS: coded[MENTIONS], ENTITIES: coded[ENTITIES]}
