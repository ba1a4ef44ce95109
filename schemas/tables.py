"""Table definitions: the one place a warehouse field is declared."""
from __future__ import annotations

import dataclasses
from typing import Optional

# BigQuery standard SQL type names; DuckDB names are derived in schemas.duckdb.
_TYPES = {"STRING", "INT64", "FLOAT64", "BOOL", "TIMESTAMP", "DATE"}
_MODES = {"REQUIRED", "NULLABLE"}


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    type: str
    mode: str
    description: str

    def __post_init__(self):
        if self.type not in _TYPES:
            raise ValueError(f"{self.name}: unknown type {self.type}")
        if self.mode not in _MODES:
            raise ValueError(f"{self.name}: unknown mode {self.mode}")

    @property
    def required(self) -> bool:
        return self.mode == "REQUIRED"


@dataclasses.dataclass(frozen=True)
class Table:
    name: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    partition_field: Optional[str] = None
    clustering: tuple[str, ...] = ()
    # A roll-up row (a story, an event) is written again each time it grows, and in a stream
    # the writes can land out of order: a row replaces the stored one with its key only if
    # this count is not smaller. None: the latest write wins.
    grows_by: Optional[str] = None

    def __post_init__(self):
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: duplicate field names")
        for key in (*self.primary_key, *self.clustering,
                    *([self.partition_field] if self.partition_field else []),
                    *([self.grows_by] if self.grows_by else [])):
            if key not in names:
                raise ValueError(f"{self.name}: {key} is not a field")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _req(name, type_, description):
    return Field(name, type_, "REQUIRED", description)


def _opt(name, type_, description):
    return Field(name, type_, "NULLABLE", description)


ARTICLES = Table(
    name="articles",
    description="One row per distinct article (by canonical URL) fetched from a feed entry.",
    fields=(
        _req("article_id", "STRING",
             "Deterministic ID: first 16 hex digits of SHA-256 of canonical_url."),
        _req("url", "STRING", "Entry link as listed in the feed, tracking parameters removed."),
        _req("canonical_url", "STRING",
             "The page's rel=canonical/og:url when on the serving outlet, else the final URL; "
             "normalised."),
        _opt("declared_canonical_url", "STRING",
             "rel=canonical/og:url as the page declares it (normalised); another outlet's URL "
             "here marks a syndicated copy."),
        _req("final_url", "STRING", "URL the page was served from after redirects."),
        _req("feed_url", "STRING", "Feed the entry was first seen in."),
        _req("outlet", "STRING", "Registered domain the page was served from, e.g. bbc.co.uk."),
        _opt("title", "STRING", "Headline from the page (feed title as fallback)."),
        _opt("author", "STRING", "Byline as extracted from the page."),
        _opt("published_at", "TIMESTAMP", "Publication time (UTC): page metadata, else feed date."),
        _opt("published_at_source", "STRING", "Where published_at came from: page or feed."),
        _req("fetched_at", "TIMESTAMP", "When the page was fetched (UTC)."),
        _opt("language", "STRING", "ISO 639-1 code detected from the body."),
        _req("body", "STRING", "Extracted article body, paragraphs separated by newlines."),
        _req("word_count", "INT64", "Whitespace-separated words in body."),
        _req("content_hash", "STRING", "SHA-256 (32 hex digits) of the normalised body."),
        _opt("story_id", "STRING", "Story the article belongs to (syndication folding)."),
        _opt("is_story_lead", "BOOL", "True for the earliest copy of its story."),
        _opt("similarity_to_lead", "FLOAT64", "Estimated similarity to the story lead, 0..1."),
        _req("ingest_date", "DATE", "UTC date of fetched_at; the partition."),
    ),
    primary_key=("article_id",),
    partition_field="ingest_date",
    clustering=("outlet", "language"),
)

DEAD_LETTERS = Table(
    name="dead_letters",
    description="Every input that could not become a row, with the stage and reason.",
    fields=(
        _req("dead_letter_id", "STRING",
             "Deterministic ID: hash of stage, url and error_type, so a re-run upserts."),
        _req("stage", "STRING",
             "Pipeline stage that gave up: poll, fetch, extract, fold, tag or write."),
        _req("url", "STRING", "The feed URL (poll), the entry URL (fetch, extract, fold, tag) or "
             "bigquery:TABLE/KEY of a row the warehouse rejected (write)."),
        _opt("feed_url", "STRING", "Feed the entry came from (fetch, extract, fold, tag)."),
        _req("error_type", "STRING", "Machine-readable reason, e.g. http_404, robots_disallowed."),
        _opt("http_status", "INT64", "Last HTTP status seen, if any."),
        _req("message", "STRING", "Human-readable detail."),
        _opt("excerpt", "STRING", "First characters of the offending input, if any."),
        _req("occurred_at", "TIMESTAMP", "When the failure was recorded (UTC)."),
        _req("ingest_date", "DATE", "UTC date of occurred_at; the partition."),
    ),
    primary_key=("dead_letter_id",),
    partition_field="ingest_date",
    clustering=("stage", "error_type"),
)

STORIES = Table(
    name="stories",
    description="One row per story: the syndicated copies of one report folded together.",
    fields=(
        _req("story_id", "STRING",
             "Deterministic ID: first 16 hex digits of SHA-256 of the lead's article_id."),
        _req("story_date", "DATE",
             "UTC date the lead was published (else fetched); the partition."),
        _req("lead_article_id", "STRING", "The earliest copy of the story."),
        _req("lead_url", "STRING", "Canonical URL of the lead."),
        _req("lead_outlet", "STRING", "Outlet of the lead."),
        _opt("title", "STRING", "Headline of the lead."),
        _opt("first_published_at", "TIMESTAMP", "Earliest publication time among the copies."),
        _opt("last_published_at", "TIMESTAMP", "Latest publication time among the copies."),
        _req("num_articles", "INT64", "Articles (copies) in the story, the lead included."),
        _req("num_sources", "INT64", "Distinct outlets that carried the story."),
        _req("outlets", "STRING",
             "The outlets that carried the story, comma-separated, earliest copy first."),
    ),
    primary_key=("story_id",),
    partition_field="story_date",
    clustering=("lead_outlet",),
    grows_by="num_articles",
)

# Rows coded from an article carry the fetch time of the version they came from: when the
# article is fetched and coded again, its rows the new coding no longer produces are older
# than the article and are removed (pipelines reconcile the warehouse after each run).
_CODED_FROM = ("When the article version this row was coded from was fetched; a row older "
               "than its article's fetched_at is stale and is removed after the run.")


def _actor_fields(n: int, role: str) -> tuple[Field, ...]:
    return (
        _opt(f"actor{n}_code", "STRING", f"CAMEO code of the {role} on the event date, e.g. RUSGOV."),
        _opt(f"actor{n}_name", "STRING", f"The {role} as written in the sentence; NULL when "
             "the sentence names no target and its country is inferred from the article "
             "(an actor of the article's main country acting on someone no dictionary knows)."
             if n == 2 else f"The {role} as written in the sentence; NULL, like the "
             "other source fields, when the sentence names no perpetrator (\"car bombs were "
             "detonated in Baghdad\" is coded against Iraq with no source)."),
        _opt(f"actor{n}_country_code", "STRING", f"3-letter CAMEO country code of the {role}."),
        _opt(f"actor{n}_type_code", "STRING", f"Entity type of the {role}: PERSON, GPE, IGO, ORG, LOC."),
    )


EVENTS = Table(
    name="events",
    description="One row per story x dyad x CAMEO code: an event reported by many copies of one "
                "story is one row (GDELT Events analogue).",
    fields=(
        _req("event_id", "STRING",
             "Deterministic ID: hash of story_id, actor codes and event_code."),
        _req("event_date", "DATE",
             "Publication date (UTC) of the earliest article reporting the event; the partition."),
        _req("article_id", "STRING", "Earliest article reporting the event."),
        _opt("story_id", "STRING", "Story whose copies report the event."),
        *_actor_fields(1, "source actor"),
        *_actor_fields(2, "target actor"),
        _req("event_code", "STRING", "Full CAMEO event code, e.g. 0231."),
        _req("event_base_code", "STRING", "Three-digit CAMEO code, e.g. 023."),
        _req("event_root_code", "STRING", "Two-digit CAMEO root, e.g. 02."),
        _req("quad_class", "INT64",
             "1 verbal cooperation (roots 01-05), 2 material cooperation (06-09), "
             "3 verbal conflict (10-14), 4 material conflict (15-20)."),
        _req("goldstein_scale", "FLOAT64", "Goldstein value of the event code, -10..10."),
        _req("num_mentions", "INT64", "Sentences that report the event, over all its articles."),
        _req("num_sources", "INT64", "Distinct outlets whose articles report the event."),
        _req("num_articles", "INT64", "Distinct articles that report the event."),
        _req("source_url", "STRING", "Canonical URL of the earliest article reporting the event."),
        _req("first_seen_at", "TIMESTAMP", "When an article reporting the event was first fetched."),
        _req("confidence", "FLOAT64", "Highest confidence among its mentions, 0..1."),
    ),
    primary_key=("event_id",),
    partition_field="event_date",
    grows_by="num_mentions",
    clustering=("event_root_code", "actor1_country_code", "actor2_country_code"),
)

MENTIONS = Table(
    name="mentions",
    description="One row per event sighting in an article, with the sentence it came from.",
    fields=(
        _req("event_id", "STRING", "The event this sentence reports."),
        _req("article_id", "STRING", "The article the sentence is in."),
        _req("sentence_index", "INT64", "0-based index of the sentence in the article body."),
        _req("outlet", "STRING", "Outlet of the article."),
        _req("mention_time", "TIMESTAMP", "Publication time of the article (else fetch time)."),
        _req("mention_date", "DATE", "UTC date of mention_time; the partition."),
        _req("sentence", "STRING", "The sentence, as extracted."),
        _opt("actor1_char_offset", "INT64", "Start of the source actor in the sentence; "
             "NULL when the sentence does not name it."),
        _opt("actor1_char_end", "INT64", "End of the source actor in the sentence; NULL "
             "when the sentence does not name it."),
        _opt("actor2_char_offset", "INT64", "Start of the target actor in the sentence."),
        _opt("actor2_char_end", "INT64", "End of the target actor in the sentence."),
        _req("action_char_offset", "INT64", "Start of the event verb in the sentence."),
        _req("action_char_end", "INT64", "End of the event verb in the sentence."),
        _req("action_text", "STRING", "The words that triggered the event code."),
        _req("confidence", "FLOAT64", "Coder confidence for this mention, 0..1."),
        _opt("fetched_at", "TIMESTAMP", _CODED_FROM),
    ),
    primary_key=("event_id", "article_id", "sentence_index"),
    partition_field="mention_date",
    clustering=("event_id",),
)

ENTITIES = Table(
    name="entities",
    description="Actors and places named in an article, resolved to CAMEO codes.",
    fields=(
        _req("entity_id", "STRING", "Deterministic ID: hash of article_id, type, code and text."),
        _req("article_id", "STRING", "The article."),
        _req("text", "STRING", "Most frequent surface form in the article."),
        _req("type", "STRING", "PERSON, ORG, IGO, GPE or LOC."),
        _req("code", "STRING", "Resolved CAMEO actor code on the article's date."),
        _opt("country_code", "STRING", "3-letter CAMEO country code, if any."),
        _req("count", "INT64", "Mentions in the article."),
        _req("ingest_date", "DATE", "Ingest date of the article; the partition."),
        _opt("fetched_at", "TIMESTAMP", _CODED_FROM),
    ),
    primary_key=("entity_id",),
    partition_field="ingest_date",
    clustering=("type", "country_code"),
)

TABLES: dict[str, Table] = {t.name: t for t in (ARTICLES, DEAD_LETTERS, STORIES, EVENTS,
                                                  MENTIONS, ENTITIES)}
