-- whosaid corpus store (DuckDB). One file, no server: `whosaid.duckdb` by default.
--
-- Written by `whosaid ingest` (one writer process) and read by `whosaid export`,
-- `whosaid stats` and `whosaid serve`. Articles are committed in batches of
-- whole articles: an article and all its quotes are in the same transaction,
-- so a killed run never leaves half an article behind, and a re-run skips the
-- articles already here.
--
-- Every statement is idempotent; opening a store runs this file.

CREATE TABLE IF NOT EXISTS articles (
    article_id   VARCHAR PRIMARY KEY,   -- first 16 hex digits of the SHA-256 of `text` with whitespace runs as single spaces: copies that differ only in spacing are one article
    source_id    VARCHAR,               -- the id the first input gave, if any
    url          VARCHAR,               -- url, outlet and date of the first copy read; every copy is in article_publications
    outlet       VARCHAR,               -- site or publisher, one name per outlet ("Breitbart News", "The Guardian"; see docs/corpus.md)
    title        VARCHAR,
    date         DATE,                  -- publication date; NULL when the input gave none, or one date_problem explains
    date_problem VARCHAR,               -- why the input's date was not kept: "date 0201-10-03 is before 1900",
                                        -- "... is in the future (after <tomorrow>)", "date 'soon' is not a date"
    author       VARCHAR,
    path         VARCHAR,               -- where it was read from: file, file:line, or file#record
    text         VARCHAR NOT NULL,      -- the article, perhaps opened by its headline; every offset points into it
    n_quotes     INTEGER NOT NULL,
    ingested_at  TIMESTAMP DEFAULT current_timestamp,
    headline_end INTEGER                -- where the headline that opens `text` ends, 0 when it opens with its body
                                        -- (decided when the article is read: whosaid.headline, docs/corpus.md)
);

-- Every copy of an article that was read: wire copy and syndicated stories
-- carry the same text under several outlets, dates or addresses. An article
-- is stored (and its quotes counted) once; each (outlet, date, url) that
-- published it is a row here, and outlet figures and quote travel count it
-- under every outlet. The first copy read is also on the articles row.
CREATE TABLE IF NOT EXISTS article_publications (
    publication_key VARCHAR PRIMARY KEY, -- MD5 of article_id, outlet, date and url joined by U+001F: one row per publication
    article_id   VARCHAR NOT NULL,
    outlet       VARCHAR,
    date         DATE,
    url          VARCHAR,
    path         VARCHAR,               -- where this copy was read from
    source_id    VARCHAR,               -- the id this copy's input gave, if any
    encoding     VARCHAR,               -- how a text or JSON file was decoded ("utf-8", "utf-8-sig", "utf-16", "cp1252"); NULL for web pages
    seen_at      TIMESTAMP DEFAULT current_timestamp
);

-- Stores made before article_publications existed: each article's own copy.
INSERT OR IGNORE INTO article_publications (publication_key, article_id, outlet, date, url, path, source_id)
SELECT md5(concat_ws(chr(31), article_id, coalesce(outlet, ''), coalesce(CAST(date AS VARCHAR), ''), coalesce(url, ''))),
       article_id, outlet, date, url, path, source_id
FROM articles a
WHERE NOT EXISTS (SELECT 1 FROM article_publications p WHERE p.article_id = a.article_id);

-- Stores made before date_problem existed get the column (empty) when opened for writing.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS date_problem VARCHAR;

-- Stores made before headline_end existed get the column, filled as those articles were read then: the first
-- paragraph, when a blank line ends it within 400 characters, was the headline.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS headline_end INTEGER;
UPDATE articles SET headline_end = CASE WHEN strpos(text, chr(10) || chr(10)) BETWEEN 1 AND 400
                                        THEN strpos(text, chr(10) || chr(10)) - 1 ELSE 0 END
WHERE headline_end IS NULL;

-- One row per speaker across the whole corpus. "Solveig" in one article and
-- "Martin Solveig" in another are one speaker; "John Smith" and "Jane Smith"
-- never are, nor are "Mrs. Obama" and "Mr. Obama" (see whosaid.store.speakers).
-- Speakers from a registry file (--speakers) have registered = true and their
-- name, aliases, kind and (when given) gender win over what articles say.
CREATE TABLE IF NOT EXISTS speakers (
    speaker_id   VARCHAR PRIMARY KEY,   -- stable hash of the canonical name and kind family (whosaid.store.names.speaker_id)
    name         VARCHAR NOT NULL,      -- canonical (fullest) name
    kind         VARCHAR NOT NULL,      -- person | organization | group
    gender       VARCHAR NOT NULL DEFAULT 'unknown',  -- female | male | nonbinary | unknown, decided from every article
    gender_evidence VARCHAR[],          -- the summary, then the strongest evidence for the gender ('honorific "Mrs.", paragraph 4')
    role         VARCHAR,               -- "striker", "senator", ... as an article described them
    registered   BOOLEAN NOT NULL DEFAULT false,
    gender_basis VARCHAR,               -- how the gender was decided: articles | first name | registry | override; NULL: nothing did
    gender_summary VARCHAR,             -- what the articles say, conflicts kept: "female in 41 articles, male in 1"
    gender_conflict BOOLEAN DEFAULT false  -- the articles' text disagrees about the gender
);
-- Stores made before these columns existed get them; `Store` fills them in.
ALTER TABLE speakers ADD COLUMN IF NOT EXISTS gender_basis VARCHAR;
ALTER TABLE speakers ADD COLUMN IF NOT EXISTS gender_summary VARCHAR;
ALTER TABLE speakers ADD COLUMN IF NOT EXISTS gender_conflict BOOLEAN DEFAULT false;

-- One row per speaker per article (per name the article gave them): the
-- article's own gender verdict, the vote it casts in the corpus decision
-- (whosaid.store.gender) and how strong that vote is.
CREATE TABLE IF NOT EXISTS speaker_articles (
    speaker_id   VARCHAR,               -- the corpus speaker; NULL until the article's speakers are linked (Store.link)
    article_id   VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,      -- the name this article resolved the person to
    gender       VARCHAR NOT NULL,      -- this article's verdict
    basis        VARCHAR NOT NULL,      -- text | first name | override | undecided (evidence that disagreed) | none
    strength     DOUBLE NOT NULL        -- 0 to 1: how much of a vote the article's evidence makes
);

-- Every piece of gender evidence, where it is: the article and its paragraph
-- (paragraphs are blocks of text between blank lines, the headline is 1), so
-- each can be checked. The corpus gender is decided from these articles.
CREATE TABLE IF NOT EXISTS gender_evidence (
    speaker_id   VARCHAR,               -- NULL until the article's speakers are linked, as in speaker_articles
    article_id   VARCHAR NOT NULL,
    paragraph    INTEGER,               -- NULL for evidence that is not in the text (a first name's statistics)
    kind         VARCHAR NOT NULL,      -- pronoun | honorific | role noun | description | stated pronouns | same name | first name | override
    strength     DOUBLE NOT NULL,       -- the weight whosaid gives this kind of evidence (whosaid.enrich.evidence)
    label        VARCHAR NOT NULL,      -- the gender it points to
    text         VARCHAR NOT NULL,      -- what was seen: "she", "Mrs.", "congresswoman"
    name         VARCHAR                -- the name the article resolved the person to
);

-- Every name a speaker went by, as written ("Solveig", "Martin Solveig", "the Lyon striker").
CREATE TABLE IF NOT EXISTS speaker_aliases (
    alias        VARCHAR NOT NULL,
    speaker_id   VARCHAR NOT NULL,
    from_registry BOOLEAN DEFAULT false,  -- a registry alias: it links names to the speaker; others are only read
    PRIMARY KEY (alias, speaker_id)
);
ALTER TABLE speaker_aliases ADD COLUMN IF NOT EXISTS from_registry BOOLEAN DEFAULT false;

CREATE TABLE IF NOT EXISTS quotes (
    quote_id     VARCHAR PRIMARY KEY,   -- article_id + ':' + position in the article
    article_id   VARCHAR NOT NULL,
    position     INTEGER NOT NULL,      -- order in the article, from 0
    kind         VARCHAR NOT NULL,      -- direct | indirect | mixed
    text         VARCHAR NOT NULL,      -- the content, fragments joined by ' … '
    norm_text    VARCHAR NOT NULL,      -- case, accents, punctuation folded: links the same quote across articles
    content      INTEGER[][] NOT NULL,  -- [[start, end), ...] into articles.text
    source       INTEGER[][] NOT NULL,
    cue          INTEGER[][] NOT NULL,
    cue_text     VARCHAR,               -- "said", "told", "according to"
    source_text  VARCHAR,               -- the mention as written ("he", "the Lyon striker")
    speaker_id   VARCHAR,               -- speakers.speaker_id: the corpus speaker; NULL for unnamed sources
    speaker      VARCHAR,               -- speakers.name, copied so GROUP BY speaker needs no join
    speaker_gender VARCHAR,             -- speakers.gender, copied likewise; NULL for unnamed sources
    speaker_name VARCHAR,               -- the name this article resolved the source to
    speaker_kind VARCHAR NOT NULL,      -- person | organization | group | unnamed (a registered speaker's kind)
    addressee    VARCHAR,
    medium       VARCHAR,
    confidence   DOUBLE NOT NULL,
    gender       VARCHAR NOT NULL DEFAULT 'unknown',  -- the speaker's gender as this article shows it
    gender_evidence VARCHAR[],
    role         VARCHAR,
    act          VARCHAR,               -- speech | thought | other: said, believed, or shown by a document (whosaid.attribute.act)
    speaker_description VARCHAR         -- unnamed sources: the description a pronoun stands for ("the regional water board" for "which")
);
-- Stores made before these columns existed get them; `Store` fills them in.
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS speaker VARCHAR;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS speaker_gender VARCHAR;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS act VARCHAR;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS speaker_description VARCHAR;
-- The article's own speaker, the stored fact corpus speakers are derived from (whosaid.store.linking):
-- the canonical id of the name the article gives; a given name alone ("Bob") is its article's only.
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS mention_id VARCHAR;
ALTER TABLE speaker_articles ADD COLUMN IF NOT EXISTS mention_id VARCHAR;
ALTER TABLE speaker_articles ADD COLUMN IF NOT EXISTS kind VARCHAR;            -- the kind this article gave the speaker
ALTER TABLE speaker_articles ADD COLUMN IF NOT EXISTS own_article BOOLEAN DEFAULT false;  -- a given name alone: this article's speaker only
ALTER TABLE gender_evidence ADD COLUMN IF NOT EXISTS mention_id VARCHAR;
ALTER TABLE speakers ADD COLUMN IF NOT EXISTS only_article VARCHAR;           -- a given name alone ("Bob"): the one article it is a speaker of
-- Stores made before articles could be stored ahead of linking their speakers.
ALTER TABLE speaker_articles ALTER COLUMN speaker_id DROP NOT NULL;
ALTER TABLE gender_evidence ALTER COLUMN speaker_id DROP NOT NULL;

-- Every name an article's speaker went by, as written; speaker_aliases is derived from it.
CREATE TABLE IF NOT EXISTS mention_aliases (
    alias        VARCHAR NOT NULL,
    mention_id   VARCHAR NOT NULL,
    PRIMARY KEY (alias, mention_id)
);

-- Which article speakers can change each other's corpus speaker: those sharing a group key (a person's
-- surname, a name's words however an article classed it, an organisation's key; whosaid.store.linking).
-- Linking reads the article speakers that share a key with the new ones from here, a surname group at a
-- time, rather than keeping every article speaker in memory. Filled in for older stores when opened.
CREATE TABLE IF NOT EXISTS mention_groups (
    group_key    VARCHAR NOT NULL,
    mention_id   VARCHAR NOT NULL,
    PRIMARY KEY (group_key, mention_id)
);

-- Acronyms each article writes beside the name they abbreviate ("the Tidal Energy Board (TEB)", or the name and
-- later "TEB"): a speaker called by the acronym is linked to the organisation only when some article does
-- (whosaid.store.acronyms). Filled for older stores when opened.
CREATE TABLE IF NOT EXISTS acronym_definitions (
    article_id   VARCHAR NOT NULL,
    acronym      VARCHAR NOT NULL,      -- in lower case: "teb"
    full_key     VARCHAR NOT NULL,      -- the organisation's key, its words joined by spaces: "tidal energy board"
    linked       BOOLEAN NOT NULL DEFAULT false,  -- the speakers called by the acronym were linked knowing it
    PRIMARY KEY (article_id, acronym, full_key)
);

-- The user's corrections of single quotes (`whosaid quotes exclude|reassign`), as the registry file keeps
-- them: each finds its quote by article and content span, whenever that article is stored.
CREATE TABLE IF NOT EXISTS quote_corrections (
    quote_key    VARCHAR PRIMARY KEY,   -- article_id + ':' + start + '-' + end: where the quote's content starts and ends
    quote_id     VARCHAR NOT NULL,      -- the quote's id when it was corrected
    article_id   VARCHAR NOT NULL,
    action       VARCHAR NOT NULL,      -- exclude (not a quote: in no figure) | reassign (said by `speaker`)
    speaker      VARCHAR,               -- reassign: the speaker's name, as the corpus or the registry has it
    speaker_kind VARCHAR,
    text         VARCHAR,               -- the quote's text when it was corrected, to show when it is gone
    reason       VARCHAR,
    made_by      VARCHAR,
    made_at      VARCHAR
);
-- reassign: the id of the speaker chosen (`whosaid speakers list` shows it): it tells two speakers of one name apart.
ALTER TABLE quote_corrections ADD COLUMN IF NOT EXISTS speaker_id VARCHAR;

-- Quotes as their articles gave them, before a correction: an excluded quote is here only (no figure counts
-- it), a reassigned one is also in quotes with its new speaker. `whosaid quotes restore` puts it back.
CREATE TABLE IF NOT EXISTS corrected_quotes (
    quote_id     VARCHAR PRIMARY KEY,
    quote_key    VARCHAR NOT NULL,      -- the correction's key
    article_id   VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    kind         VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,
    norm_text    VARCHAR NOT NULL,
    content      INTEGER[][] NOT NULL,
    source       INTEGER[][] NOT NULL,
    cue          INTEGER[][] NOT NULL,
    cue_text     VARCHAR,
    source_text  VARCHAR,
    speaker_id   VARCHAR,
    speaker      VARCHAR,
    speaker_gender VARCHAR,
    speaker_name VARCHAR,
    speaker_kind VARCHAR NOT NULL,
    addressee    VARCHAR,
    medium       VARCHAR,
    confidence   DOUBLE NOT NULL,
    gender       VARCHAR NOT NULL DEFAULT 'unknown',
    gender_evidence VARCHAR[],
    role         VARCHAR,
    act          VARCHAR,
    speaker_description VARCHAR,
    mention_id   VARCHAR
);

-- Where a speaker's role comes from: 'registry' when a registry entry gave it (it then wins over the role each
-- quote's own article gives, on every quote); NULL when the articles did.
ALTER TABLE speakers ADD COLUMN IF NOT EXISTS role_basis VARCHAR;

-- An article's quotes are read together (the dashboard's article page): found
-- through this index instead of a scan of every quote.
CREATE INDEX IF NOT EXISTS quotes_by_article ON quotes (article_id);
-- `whosaid ingest` looks up each batch's input ids (an outlet reusing an id for another text) by key,
-- not by a scan of every article.
CREATE INDEX IF NOT EXISTS articles_by_source ON articles (source_id);

-- Tables derived from the quotes, and how many quotes there were when each was last built.
CREATE TABLE IF NOT EXISTS derived_tables (
    name         VARCHAR PRIMARY KEY,
    quotes       BIGINT NOT NULL
);

-- Web pages (HTML files, WARC responses) already stored, by a hash of their
-- bytes: a re-run skips them before the costly text extraction.
CREATE TABLE IF NOT EXISTS sources (
    source_key   VARCHAR PRIMARY KEY,   -- 'page:' + SHA-1 of the page's address and raw bytes (of the bytes alone for a file)
    article_id   VARCHAR NOT NULL,      -- the article extracted from it
    path         VARCHAR                -- where it was read from
);

-- Texts an outlet replaced: a later text came under the same outlet and id (an updated story). The
-- replaced text's publication there is withdrawn (the text itself, when no other outlet publishes it),
-- and reading it again is skipped rather than taken for news.
CREATE TABLE IF NOT EXISTS replaced_articles (
    article_id   VARCHAR NOT NULL,      -- the replaced text's article id
    source_id    VARCHAR NOT NULL,
    outlet       VARCHAR NOT NULL,      -- '' for none
    replaced_by  VARCHAR NOT NULL,      -- the article id of the text that replaced it
    replaced_at  TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (article_id, source_id, outlet)
);

-- Files, records and pages that could not be read or analysed, with the reason.
-- A re-run retries them; one that fails again keeps a single row.
CREATE TABLE IF NOT EXISTS rejects (
    path         VARCHAR NOT NULL,      -- file, file:line or file#record
    reason       VARCHAR NOT NULL,
    rejected_at  TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (path, reason)
);

-- One row per `whosaid ingest` run, for provenance.
CREATE SEQUENCE IF NOT EXISTS run_ids START 1;
CREATE TABLE IF NOT EXISTS runs (
    run_id       INTEGER PRIMARY KEY DEFAULT nextval('run_ids'),
    started_at   TIMESTAMP DEFAULT current_timestamp,
    finished_at  TIMESTAMP,
    inputs       VARCHAR[],
    workers      INTEGER,
    pipeline     VARCHAR,               -- whosaid pipeline, the spaCy weights read and their version, from their meta.json ("accurate: en_core_web_md 3.8.0")
    whosaid_version VARCHAR,
    ingested     INTEGER,
    skipped      INTEGER,
    rejected     INTEGER
);

-- Quote travel. Quotes whose folded texts (norm_text) are the same, or where
-- one is contained in the other (both 8 words or more: an outlet trimmed or
-- extended it), or that are near-identical (8 words or more, 90% of their
-- words the same in order) share a group. Written by Store.link_quotes after each
-- ingest run (whosaid.store.travel); a quote not linked yet is a group of
-- the quotes with its exact norm_text.
CREATE TABLE IF NOT EXISTS quote_groups (
    text_key     VARCHAR PRIMARY KEY,   -- left(md5(norm_text), 16)
    group_id     VARCHAR NOT NULL       -- text_key of one member; the same for every member of the group
);

-- The same quote across articles and outlets, as in Quotebank: one row per
-- quote of four words or more ("no comment" is too common to link), with
-- its group's first appearance (earliest publication date, then earliest
-- ingested), how many articles and outlets carried it (every publication
-- of every article counts), and the outlets.
CREATE OR REPLACE VIEW quote_occurrences AS
WITH linkable AS (
    SELECT q.quote_id, q.norm_text, q.article_id, q.speaker_id, a.outlet, a.date, a.ingested_at,
           coalesce(g.group_id, left(md5(q.norm_text), 16)) AS group_id
    FROM quotes q JOIN articles a USING (article_id)
    LEFT JOIN quote_groups g ON g.text_key = left(md5(q.norm_text), 16)
    WHERE len(string_split(q.norm_text, ' ')) >= 4
),
carried AS (
    SELECT l.group_id, l.quote_id, l.norm_text, l.article_id, l.ingested_at,
           coalesce(p.outlet, l.outlet) AS outlet, CASE WHEN p.article_id IS NULL THEN l.date ELSE p.date END AS date
    FROM linkable l LEFT JOIN article_publications p USING (article_id)
),
firsts AS (
    SELECT DISTINCT ON (group_id) group_id, quote_id AS first_quote_id, norm_text AS first_norm_text,
           article_id AS first_article_id, outlet AS first_outlet, date AS first_date
    FROM carried
    ORDER BY group_id, date NULLS LAST, ingested_at, article_id, quote_id, outlet NULLS LAST
),
spread AS (
    SELECT group_id, count(DISTINCT article_id) AS n_articles, count(DISTINCT outlet) AS n_outlets,
           coalesce(list_sort(list(DISTINCT outlet) FILTER (WHERE outlet IS NOT NULL)), []) AS outlets
    FROM carried GROUP BY group_id
)
SELECT l.quote_id, l.norm_text, l.article_id, l.speaker_id, l.outlet, l.date, l.group_id,
       f.first_quote_id, f.first_article_id, f.first_outlet, f.first_date,
       s.n_articles, s.n_outlets, s.outlets,
       l.quote_id = f.first_quote_id AS is_first,
       l.norm_text = f.first_norm_text AS same_text   -- false: a trimmed, extended or reworded version of the first
FROM linkable l JOIN firsts f USING (group_id) JOIN spread s USING (group_id);

-- Each article under every outlet that published it, with the earliest date
-- that outlet gave: what figures by outlet count. An article no copy of
-- which names an outlet has one row with outlet NULL.
CREATE OR REPLACE VIEW outlet_articles AS
SELECT article_id, outlet, min(date) AS date
FROM article_publications p
WHERE outlet IS NOT NULL
   OR NOT EXISTS (SELECT 1 FROM article_publications o WHERE o.article_id = p.article_id AND o.outlet IS NOT NULL)
GROUP BY article_id, outlet;

-- Speakers with their aliases and how often they are quoted.
CREATE OR REPLACE VIEW speaker_summary AS
SELECT s.*,
       coalesce((SELECT list(alias ORDER BY alias) FROM speaker_aliases a WHERE a.speaker_id = s.speaker_id), []) AS aliases,
       (SELECT count(*) FROM quotes q WHERE q.speaker_id = s.speaker_id) AS n_quotes,
       (SELECT count(DISTINCT article_id) FROM quotes q WHERE q.speaker_id = s.speaker_id) AS n_articles
FROM speakers s;
