-- Generated from schemas/tables.py by `python -m schemas.export`; do not edit.

CREATE TABLE IF NOT EXISTS articles (
    article_id VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    canonical_url VARCHAR NOT NULL,
    declared_canonical_url VARCHAR,
    final_url VARCHAR NOT NULL,
    feed_url VARCHAR NOT NULL,
    outlet VARCHAR NOT NULL,
    title VARCHAR,
    author VARCHAR,
    published_at TIMESTAMPTZ,
    published_at_source VARCHAR,
    fetched_at TIMESTAMPTZ NOT NULL,
    language VARCHAR,
    body VARCHAR NOT NULL,
    word_count BIGINT NOT NULL,
    content_hash VARCHAR NOT NULL,
    story_id VARCHAR,
    is_story_lead BOOLEAN,
    similarity_to_lead DOUBLE,
    ingest_date DATE NOT NULL,
    PRIMARY KEY (article_id)
);

CREATE TABLE IF NOT EXISTS dead_letters (
    dead_letter_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    feed_url VARCHAR,
    error_type VARCHAR NOT NULL,
    http_status BIGINT,
    message VARCHAR NOT NULL,
    excerpt VARCHAR,
    occurred_at TIMESTAMPTZ NOT NULL,
    ingest_date DATE NOT NULL,
    PRIMARY KEY (dead_letter_id)
);

CREATE TABLE IF NOT EXISTS stories (
    story_id VARCHAR NOT NULL,
    story_date DATE NOT NULL,
    lead_article_id VARCHAR NOT NULL,
    lead_url VARCHAR NOT NULL,
    lead_outlet VARCHAR NOT NULL,
    title VARCHAR,
    first_published_at TIMESTAMPTZ,
    last_published_at TIMESTAMPTZ,
    num_articles BIGINT NOT NULL,
    num_sources BIGINT NOT NULL,
    outlets VARCHAR NOT NULL,
    PRIMARY KEY (story_id)
);

CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR NOT NULL,
    event_date DATE NOT NULL,
    article_id VARCHAR NOT NULL,
    story_id VARCHAR,
    actor1_code VARCHAR,
    actor1_name VARCHAR,
    actor1_country_code VARCHAR,
    actor1_type_code VARCHAR,
    actor2_code VARCHAR,
    actor2_name VARCHAR,
    actor2_country_code VARCHAR,
    actor2_type_code VARCHAR,
    event_code VARCHAR NOT NULL,
    event_base_code VARCHAR NOT NULL,
    event_root_code VARCHAR NOT NULL,
    quad_class BIGINT NOT NULL,
    goldstein_scale DOUBLE NOT NULL,
    num_mentions BIGINT NOT NULL,
    num_sources BIGINT NOT NULL,
    num_articles BIGINT NOT NULL,
    source_url VARCHAR NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL,
    confidence DOUBLE NOT NULL,
    PRIMARY KEY (event_id)
);

CREATE TABLE IF NOT EXISTS mentions (
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    sentence_index BIGINT NOT NULL,
    outlet VARCHAR NOT NULL,
    mention_time TIMESTAMPTZ NOT NULL,
    mention_date DATE NOT NULL,
    sentence VARCHAR NOT NULL,
    actor1_char_offset BIGINT,
    actor1_char_end BIGINT,
    actor2_char_offset BIGINT,
    actor2_char_end BIGINT,
    action_char_offset BIGINT NOT NULL,
    action_char_end BIGINT NOT NULL,
    action_text VARCHAR NOT NULL,
    confidence DOUBLE NOT NULL,
    fetched_at TIMESTAMPTZ,
    PRIMARY KEY (event_id, article_id, sentence_index)
);

CREATE TABLE IF NOT EXISTS entities (
    entity_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    country_code VARCHAR,
    count BIGINT NOT NULL,
    ingest_date DATE NOT NULL,
    fetched_at TIMESTAMPTZ,
    PRIMARY KEY (entity_id)
);
