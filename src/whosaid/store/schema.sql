-- whosaid corpus store (DuckDB). One file, no server: `whosaid.duckdb` by default.
-- An article and all its rows are written in one transaction, so a killed run
-- never leaves half an article behind.

CREATE TABLE IF NOT EXISTS articles (
    article_id   VARCHAR PRIMARY KEY,   -- sha256 of the text, first 16 hex digits, unless the input gave an id
    source_id    VARCHAR,               -- the id the input gave, if any
    url          VARCHAR,
    outlet       VARCHAR,
    title        VARCHAR,
    date         DATE,
    author       VARCHAR,
    path         VARCHAR,               -- the file (and record number) it was read from
    text         VARCHAR NOT NULL,
    n_quotes     INTEGER NOT NULL,
    ingested_at  TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE IF NOT EXISTS speakers (
    speaker_id   VARCHAR PRIMARY KEY,   -- stable hash of the canonical name and kind
    name         VARCHAR NOT NULL,      -- canonical (fullest) name
    kind         VARCHAR NOT NULL,      -- person | organization | group
    gender       VARCHAR NOT NULL DEFAULT 'unknown',  -- female | male | nonbinary | unknown
    gender_evidence VARCHAR[],          -- strongest evidence first
    role         VARCHAR
);

CREATE TABLE IF NOT EXISTS speaker_aliases (
    alias        VARCHAR NOT NULL,      -- a name this speaker goes by ("Solveig")
    speaker_id   VARCHAR NOT NULL,
    PRIMARY KEY (alias, speaker_id)
);

CREATE TABLE IF NOT EXISTS quotes (
    quote_id     VARCHAR PRIMARY KEY,   -- article_id + ':' + position in the article
    article_id   VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    kind         VARCHAR NOT NULL,      -- direct | indirect | mixed
    text         VARCHAR NOT NULL,      -- the content, fragments joined by ' … '
    norm_text    VARCHAR NOT NULL,      -- lower-cased, punctuation folded: links the same quote across articles
    content      INTEGER[][] NOT NULL,  -- [[start, end), ...] into articles.text
    source       INTEGER[][] NOT NULL,
    cue          INTEGER[][] NOT NULL,
    cue_text     VARCHAR,
    source_text  VARCHAR,               -- the mention as written ("he", "the Lyon striker")
    speaker_id   VARCHAR,               -- NULL for unnamed sources
    speaker_name VARCHAR,
    speaker_kind VARCHAR NOT NULL,      -- person | organization | group | unnamed
    addressee    VARCHAR,
    medium       VARCHAR,
    confidence   DOUBLE NOT NULL
);

-- Articles (and records inside files) that could not be read, with the reason.
CREATE TABLE IF NOT EXISTS rejects (
    path         VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL,
    at           TIMESTAMP DEFAULT current_timestamp
);
