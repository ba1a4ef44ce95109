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
