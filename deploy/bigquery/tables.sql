-- Generated from schemas/tables.py by `python -m schemas.export`; do not edit.
-- Replace `diplowire` with the name of your dataset.

CREATE TABLE IF NOT EXISTS `diplowire.articles` (
  article_id STRING NOT NULL OPTIONS(description="Deterministic ID: first 16 hex digits of SHA-256 of canonical_url."),
  url STRING NOT NULL OPTIONS(description="Entry link as listed in the feed, tracking parameters removed."),
  canonical_url STRING NOT NULL OPTIONS(description="The page's rel=canonical/og:url when on the serving outlet, else the final URL; normalised."),
  declared_canonical_url STRING OPTIONS(description="rel=canonical/og:url as the page declares it (normalised); another outlet's URL here marks a syndicated copy."),
  final_url STRING NOT NULL OPTIONS(description="URL the page was served from after redirects."),
  feed_url STRING NOT NULL OPTIONS(description="Feed the entry was first seen in."),
  outlet STRING NOT NULL OPTIONS(description="Registered domain the page was served from, e.g. bbc.co.uk."),
  title STRING OPTIONS(description="Headline from the page (feed title as fallback)."),
  author STRING OPTIONS(description="Byline as extracted from the page."),
  published_at TIMESTAMP OPTIONS(description="Publication time (UTC): page metadata, else feed date."),
  published_at_source STRING OPTIONS(description="Where published_at came from: page or feed."),
  fetched_at TIMESTAMP NOT NULL OPTIONS(description="When the page was fetched (UTC)."),
  language STRING OPTIONS(description="ISO 639-1 code detected from the body."),
  body STRING NOT NULL OPTIONS(description="Extracted article body, paragraphs separated by newlines."),
  word_count INT64 NOT NULL OPTIONS(description="Whitespace-separated words in body."),
  content_hash STRING NOT NULL OPTIONS(description="SHA-256 (32 hex digits) of the normalised body."),
  story_id STRING OPTIONS(description="Story the article belongs to (syndication folding)."),
  is_story_lead BOOL OPTIONS(description="True for the earliest copy of its story."),
  similarity_to_lead FLOAT64 OPTIONS(description="Estimated similarity to the story lead, 0..1."),
  ingest_date DATE NOT NULL OPTIONS(description="UTC date of fetched_at; the partition.")
)
PARTITION BY ingest_date
CLUSTER BY outlet, language
OPTIONS(description="One row per distinct article (by canonical URL) fetched from a feed entry.");

CREATE TABLE IF NOT EXISTS `diplowire.dead_letters` (
  dead_letter_id STRING NOT NULL OPTIONS(description="Deterministic ID: hash of stage, url and error_type, so a re-run upserts."),
  stage STRING NOT NULL OPTIONS(description="Pipeline stage that gave up: poll, fetch, extract, fold, tag or write."),
  url STRING NOT NULL OPTIONS(description="The feed URL (poll), the entry URL (fetch, extract, fold, tag) or bigquery:TABLE/KEY of a row the warehouse rejected (write)."),
  feed_url STRING OPTIONS(description="Feed the entry came from (fetch, extract, fold, tag)."),
  error_type STRING NOT NULL OPTIONS(description="Machine-readable reason, e.g. http_404, robots_disallowed."),
  http_status INT64 OPTIONS(description="Last HTTP status seen, if any."),
  message STRING NOT NULL OPTIONS(description="Human-readable detail."),
  excerpt STRING OPTIONS(description="First characters of the offending input, if any."),
  occurred_at TIMESTAMP NOT NULL OPTIONS(description="When the failure was recorded (UTC)."),
  ingest_date DATE NOT NULL OPTIONS(description="UTC date of occurred_at; the partition.")
)
PARTITION BY ingest_date
CLUSTER BY stage, error_type
OPTIONS(description="Every input that could not become a row, with the stage and reason.");

CREATE TABLE IF NOT EXISTS `diplowire.stories` (
  story_id STRING NOT NULL OPTIONS(description="Deterministic ID: first 16 hex digits of SHA-256 of the lead's article_id."),
  story_date DATE NOT NULL OPTIONS(description="UTC date the lead was published (else fetched); the partition."),
  lead_article_id STRING NOT NULL OPTIONS(description="The earliest copy of the story."),
  lead_url STRING NOT NULL OPTIONS(description="Canonical URL of the lead."),
  lead_outlet STRING NOT NULL OPTIONS(description="Outlet of the lead."),
  title STRING OPTIONS(description="Headline of the lead."),
  first_published_at TIMESTAMP OPTIONS(description="Earliest publication time among the copies."),
  last_published_at TIMESTAMP OPTIONS(description="Latest publication time among the copies."),
  num_articles INT64 NOT NULL OPTIONS(description="Articles (copies) in the story, the lead included."),
  num_sources INT64 NOT NULL OPTIONS(description="Distinct outlets that carried the story."),
  outlets STRING NOT NULL OPTIONS(description="The outlets that carried the story, comma-separated, earliest copy first.")
)
PARTITION BY story_date
CLUSTER BY lead_outlet
OPTIONS(description="One row per story: the syndicated copies of one report folded together.");

CREATE TABLE IF NOT EXISTS `diplowire.events` (
  event_id STRING NOT NULL OPTIONS(description="Deterministic ID: hash of story_id, actor codes and event_code."),
  event_date DATE NOT NULL OPTIONS(description="Publication date (UTC) of the earliest article reporting the event; the partition."),
  article_id STRING NOT NULL OPTIONS(description="Earliest article reporting the event."),
  story_id STRING OPTIONS(description="Story whose copies report the event."),
  actor1_code STRING OPTIONS(description="CAMEO code of the source actor on the event date, e.g. RUSGOV."),
  actor1_name STRING OPTIONS(description="The source actor as written in the sentence; NULL, like the other source fields, when the sentence names no perpetrator (\"car bombs were detonated in Baghdad\" is coded against Iraq with no source)."),
  actor1_country_code STRING OPTIONS(description="3-letter CAMEO country code of the source actor."),
  actor1_type_code STRING OPTIONS(description="Entity type of the source actor: PERSON, GPE, IGO, ORG, LOC."),
  actor2_code STRING OPTIONS(description="CAMEO code of the target actor on the event date, e.g. RUSGOV."),
  actor2_name STRING OPTIONS(description="The target actor as written in the sentence; NULL when the sentence names no target and its country is inferred from the article (an actor of the article's main country acting on someone no dictionary knows)."),
  actor2_country_code STRING OPTIONS(description="3-letter CAMEO country code of the target actor."),
  actor2_type_code STRING OPTIONS(description="Entity type of the target actor: PERSON, GPE, IGO, ORG, LOC."),
  event_code STRING NOT NULL OPTIONS(description="Full CAMEO event code, e.g. 0231."),
  event_base_code STRING NOT NULL OPTIONS(description="Three-digit CAMEO code, e.g. 023."),
  event_root_code STRING NOT NULL OPTIONS(description="Two-digit CAMEO root, e.g. 02."),
  quad_class INT64 NOT NULL OPTIONS(description="1 verbal cooperation (roots 01-05), 2 material cooperation (06-09), 3 verbal conflict (10-14), 4 material conflict (15-20)."),
  goldstein_scale FLOAT64 NOT NULL OPTIONS(description="Goldstein value of the event code, -10..10."),
  num_mentions INT64 NOT NULL OPTIONS(description="Sentences that report the event, over all its articles."),
  num_sources INT64 NOT NULL OPTIONS(description="Distinct outlets whose articles report the event."),
  num_articles INT64 NOT NULL OPTIONS(description="Distinct articles that report the event."),
  source_url STRING NOT NULL OPTIONS(description="Canonical URL of the earliest article reporting the event."),
  first_seen_at TIMESTAMP NOT NULL OPTIONS(description="When an article reporting the event was first fetched."),
  confidence FLOAT64 NOT NULL OPTIONS(description="Highest confidence among its mentions, 0..1.")
)
PARTITION BY event_date
CLUSTER BY event_root_code, actor1_country_code, actor2_country_code
OPTIONS(description="One row per story x dyad x CAMEO code: an event reported by many copies of one story is one row (GDELT Events analogue).");

CREATE TABLE IF NOT EXISTS `diplowire.mentions` (
  event_id STRING NOT NULL OPTIONS(description="The event this sentence reports."),
  article_id STRING NOT NULL OPTIONS(description="The article the sentence is in."),
  sentence_index INT64 NOT NULL OPTIONS(description="0-based index of the sentence in the article body."),
  outlet STRING NOT NULL OPTIONS(description="Outlet of the article."),
  mention_time TIMESTAMP NOT NULL OPTIONS(description="Publication time of the article (else fetch time)."),
  mention_date DATE NOT NULL OPTIONS(description="UTC date of mention_time; the partition."),
  sentence STRING NOT NULL OPTIONS(description="The sentence, as extracted."),
  actor1_char_offset INT64 OPTIONS(description="Start of the source actor in the sentence; NULL when the sentence does not name it."),
  actor1_char_end INT64 OPTIONS(description="End of the source actor in the sentence; NULL when the sentence does not name it."),
  actor2_char_offset INT64 OPTIONS(description="Start of the target actor in the sentence."),
  actor2_char_end INT64 OPTIONS(description="End of the target actor in the sentence."),
  action_char_offset INT64 NOT NULL OPTIONS(description="Start of the event verb in the sentence."),
  action_char_end INT64 NOT NULL OPTIONS(description="End of the event verb in the sentence."),
  action_text STRING NOT NULL OPTIONS(description="The words that triggered the event code."),
  confidence FLOAT64 NOT NULL OPTIONS(description="Coder confidence for this mention, 0..1."),
  fetched_at TIMESTAMP OPTIONS(description="When the article version this row was coded from was fetched; a row older than its article's fetched_at is stale and is removed after the run.")
)
PARTITION BY mention_date
CLUSTER BY event_id
OPTIONS(description="One row per event sighting in an article, with the sentence it came from.");

CREATE TABLE IF NOT EXISTS `diplowire.entities` (
  entity_id STRING NOT NULL OPTIONS(description="Deterministic ID: hash of article_id, type, code and text."),
  article_id STRING NOT NULL OPTIONS(description="The article."),
  text STRING NOT NULL OPTIONS(description="Most frequent surface form in the article."),
  type STRING NOT NULL OPTIONS(description="PERSON, ORG, IGO, GPE or LOC."),
  code STRING NOT NULL OPTIONS(description="Resolved CAMEO actor code on the article's date."),
  country_code STRING OPTIONS(description="3-letter CAMEO country code, if any."),
  count INT64 NOT NULL OPTIONS(description="Mentions in the article."),
  ingest_date DATE NOT NULL OPTIONS(description="Ingest date of the article; the partition."),
  fetched_at TIMESTAMP OPTIONS(description="When the article version this row was coded from was fetched; a row older than its article's fetched_at is stale and is removed after the run.")
)
PARTITION BY ingest_date
CLUSTER BY type, country_code
OPTIONS(description="Actors and places named in an article, resolved to CAMEO codes.");
