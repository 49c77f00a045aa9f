-- DuckDB views over a scraper output directory (articles.jsonl, comments.jsonl, errors.jsonl),
-- with explicit column types, so that they work on empty files too (read_json_auto cannot guess
-- the columns of an empty errors.jsonl and fails with "column error not found").
--
-- The columns and types are those of the Parquet output (--format parquet): every datetime is a
-- TIMESTAMPTZ (UTC), and a datetime taken from the page has a <field>_offset_minutes column right
-- after it with the page's own UTC offset; schema_version is a VARCHAR semver ("2.0.0").
--
-- Use: set the directory first (default: the current directory), then read this file.
--     duckdb -c "SET VARIABLE scraper_dir = 'out'" -c ".read schemas/duckdb.sql" -c "FROM articles LIMIT 5"
--     con.execute("SET VARIABLE scraper_dir = 'out'"); con.execute(Path("schemas/duckdb.sql").read_text())
-- The views read the variable whenever they are queried, so SET VARIABLE again to switch directory.
-- The three files must exist: every scrape and crawl creates all three, empty or not.

SET VARIABLE scraper_dir = coalesce(getvariable('scraper_dir'), '.');

-- The UTC offset of an ISO 8601 datetime string ("...-07:00" -> -420), as the page gave it.
CREATE OR REPLACE MACRO scraper_offset_minutes(iso) AS
    CASE
        WHEN iso IS NULL THEN NULL
        WHEN regexp_matches(iso, '[+-]\d\d:\d\d$') THEN CAST(
            (CASE WHEN substr(iso, -6, 1) = '-' THEN -1 ELSE 1 END)
            * (CAST(substr(iso, -5, 2) AS INTEGER) * 60 + CAST(substr(iso, -2, 2) AS INTEGER)) AS SMALLINT)
        WHEN iso LIKE '%Z' THEN CAST(0 AS SMALLINT)
    END;

CREATE OR REPLACE VIEW articles AS
SELECT
    schema_version, id, url, source, site, site_name, extractor, title, description, authors,
    CAST(published_at AS TIMESTAMPTZ) AS published_at,
    scraper_offset_minutes(published_at) AS published_at_offset_minutes,
    published_raw,
    CAST(modified_at AS TIMESTAMPTZ) AS modified_at,
    scraper_offset_minutes(modified_at) AS modified_at_offset_minutes,
    section, tags, language, lead_image, images, body, text, word_count, comment_count, related,
    content_hash, fetched_at, not_an_article
FROM read_json(
    getvariable('scraper_dir') || '/articles.jsonl',
    format = 'newline_delimited',
    columns = {
        schema_version: 'VARCHAR',
        id: 'VARCHAR',
        url: 'VARCHAR',
        source: 'VARCHAR',
        site: 'VARCHAR',
        site_name: 'VARCHAR',
        extractor: 'VARCHAR',
        title: 'VARCHAR',
        description: 'VARCHAR',
        authors: 'STRUCT(name VARCHAR, url VARCHAR, bio VARCHAR)[]',
        published_at: 'VARCHAR',
        published_raw: 'VARCHAR',
        modified_at: 'VARCHAR',
        section: 'VARCHAR',
        tags: 'VARCHAR[]',
        language: 'VARCHAR',
        lead_image: 'STRUCT(url VARCHAR, caption VARCHAR, credit VARCHAR, alt VARCHAR)',
        images: 'STRUCT(url VARCHAR, caption VARCHAR, credit VARCHAR, alt VARCHAR)[]',
        body: 'STRUCT(type VARCHAR, text VARCHAR, url VARCHAR)[]',
        text: 'VARCHAR',
        word_count: 'BIGINT',
        comment_count: 'BIGINT',
        related: 'STRUCT(title VARCHAR, url VARCHAR)[]',
        content_hash: 'VARCHAR',
        fetched_at: 'TIMESTAMPTZ',
        not_an_article: 'VARCHAR'
    }
);

CREATE OR REPLACE VIEW comments AS
SELECT
    schema_version, id, article_id, position, parent_id, author,
    CAST(published_at AS TIMESTAMPTZ) AS published_at,
    scraper_offset_minutes(published_at) AS published_at_offset_minutes,
    published_raw, text, quote, likes, fetched_at
FROM read_json(
    getvariable('scraper_dir') || '/comments.jsonl',
    format = 'newline_delimited',
    columns = {
        schema_version: 'VARCHAR',
        id: 'VARCHAR',
        article_id: 'VARCHAR',
        position: 'BIGINT',
        parent_id: 'VARCHAR',
        author: 'VARCHAR',
        published_at: 'VARCHAR',
        published_raw: 'VARCHAR',
        text: 'VARCHAR',
        quote: 'VARCHAR',
        likes: 'BIGINT',
        fetched_at: 'TIMESTAMPTZ'
    }
);

CREATE OR REPLACE VIEW errors AS
SELECT schema_version, source, url, error, message, status, attempts, failed_at
FROM read_json(
    getvariable('scraper_dir') || '/errors.jsonl',
    format = 'newline_delimited',
    columns = {
        schema_version: 'VARCHAR',
        source: 'VARCHAR',
        url: 'VARCHAR',
        error: 'VARCHAR',
        message: 'VARCHAR',
        status: 'BIGINT',
        attempts: 'BIGINT',
        failed_at: 'TIMESTAMPTZ'
    }
);
