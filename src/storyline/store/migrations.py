"""Named, ordered schema migrations. Each runs once, in a transaction, and is recorded in
``schema_version``. Never edit a landed migration: add a new one."""

from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_articles_and_records",
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            title TEXT,
            byline TEXT,
            published TEXT,
            language TEXT NOT NULL DEFAULT 'en',
            raw TEXT NOT NULL,
            text TEXT NOT NULL,
            noise TEXT NOT NULL DEFAULT '[]',
            words INTEGER NOT NULL DEFAULT 0,
            version INTEGER NOT NULL DEFAULT 1,
            previous_id TEXT REFERENCES articles(id),
            ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE INDEX articles_url ON articles(url);
        CREATE INDEX articles_source ON articles(source);
        CREATE INDEX articles_published ON articles(published);
        CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            label TEXT NOT NULL, entity TEXT NOT NULL, data TEXT NOT NULL
        );
        CREATE INDEX mentions_article ON mentions(article_id);
        CREATE INDEX mentions_entity ON mentions(entity);
        CREATE TABLE quotes (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            kind TEXT NOT NULL, speaker TEXT, data TEXT NOT NULL
        );
        CREATE INDEX quotes_article ON quotes(article_id);
        CREATE INDEX quotes_speaker ON quotes(speaker);
        CREATE TABLE claims (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            unit TEXT NOT NULL, low REAL, high REAL, data TEXT NOT NULL
        );
        CREATE INDEX claims_article ON claims(article_id);
        CREATE TABLE times (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            start_date TEXT, end_date TEXT, data TEXT NOT NULL
        );
        CREATE INDEX times_article ON times(article_id);
        CREATE TABLE places (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL,
            name TEXT NOT NULL, data TEXT NOT NULL
        );
        CREATE INDEX places_article ON places(article_id);
        CREATE INDEX places_name ON places(name);
        CREATE TABLE skips (
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        """,
    ),
    (
        "0002_near_duplicates",
        """
        ALTER TABLE articles ADD COLUMN dup_of TEXT REFERENCES articles(id);
        ALTER TABLE articles ADD COLUMN signature BLOB;
        CREATE INDEX articles_dup_of ON articles(dup_of);
        """,
    ),
    (
        "0003_stories",
        """
        CREATE TABLE article_vectors (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            model TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (article_id, model)
        );
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            members_hash TEXT NOT NULL,
            first_published TEXT,
            last_published TEXT,
            articles INTEGER NOT NULL,
            sources INTEGER NOT NULL,
            data TEXT NOT NULL,
            built_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE TABLE story_articles (
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (story_id, article_id)
        );
        CREATE INDEX story_articles_article ON story_articles(article_id);
        """,
    ),
]
MIGRATIONS.append(
    (
        "0004_search",
        # Full-text search (FTS5). The FTS tables keep their own copy of the searchable text plus the keys
        # needed to point back (article id, span), rather than being "external content" tables keyed by
        # the source rowid: articles/quotes/claims have implicit rowids, which VACUUM may renumber, and an
        # external-content index whose rowids drift returns wrong snippets silently. Triggers keep the
        # index in step with every insert, update and delete (including ON DELETE CASCADE); existing rows
        # are backfilled here. Tokenizer: porter stemming over unicode61 with diacritics folded, so
        # "flooding" finds "floods" and "Chisinau" finds "Chișinău".
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, article_id UNINDEXED,
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE quotes_fts USING fts5(
            text, speaker, article_id UNINDEXED, span_start UNINDEXED, span_end UNINDEXED,
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE claims_fts USING fts5(
            text, subject, unit, article_id UNINDEXED, span_start UNINDEXED, span_end UNINDEXED,
            tokenize = 'porter unicode61 remove_diacritics 2'
        );

        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text, article_id)
            VALUES (new.rowid, COALESCE(new.title, ''), new.text, new.id);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            DELETE FROM articles_fts WHERE rowid = old.rowid;
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE OF id, title, text ON articles BEGIN
            DELETE FROM articles_fts WHERE rowid = old.rowid;
            INSERT INTO articles_fts (rowid, title, text, article_id)
            VALUES (new.rowid, COALESCE(new.title, ''), new.text, new.id);
        END;

        CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts (rowid, text, speaker, article_id, span_start, span_end)
            VALUES (new.rowid, COALESCE(json_extract(new.data, '$.text'), ''), COALESCE(new.speaker, ''),
                    new.article_id, new.start, new."end");
        END;
        CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
            DELETE FROM quotes_fts WHERE rowid = old.rowid;
        END;
        CREATE TRIGGER quotes_fts_update AFTER UPDATE ON quotes BEGIN
            DELETE FROM quotes_fts WHERE rowid = old.rowid;
            INSERT INTO quotes_fts (rowid, text, speaker, article_id, span_start, span_end)
            VALUES (new.rowid, COALESCE(json_extract(new.data, '$.text'), ''), COALESCE(new.speaker, ''),
                    new.article_id, new.start, new."end");
        END;

        CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
            INSERT INTO claims_fts (rowid, text, subject, unit, article_id, span_start, span_end)
            VALUES (new.rowid, COALESCE(json_extract(new.data, '$.text'), ''),
                    COALESCE(json_extract(new.data, '$.subject'), ''), new.unit,
                    new.article_id, new.start, new."end");
        END;
        CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
            DELETE FROM claims_fts WHERE rowid = old.rowid;
        END;
        CREATE TRIGGER claims_fts_update AFTER UPDATE ON claims BEGIN
            DELETE FROM claims_fts WHERE rowid = old.rowid;
            INSERT INTO claims_fts (rowid, text, subject, unit, article_id, span_start, span_end)
            VALUES (new.rowid, COALESCE(json_extract(new.data, '$.text'), ''),
                    COALESCE(json_extract(new.data, '$.subject'), ''), new.unit,
                    new.article_id, new.start, new."end");
        END;

        INSERT INTO articles_fts (rowid, title, text, article_id)
            SELECT rowid, COALESCE(title, ''), text, id FROM articles;
        INSERT INTO quotes_fts (rowid, text, speaker, article_id, span_start, span_end)
            SELECT rowid, COALESCE(json_extract(data, '$.text'), ''), COALESCE(speaker, ''), article_id, start, "end"
            FROM quotes;
        INSERT INTO claims_fts (rowid, text, subject, unit, article_id, span_start, span_end)
            SELECT rowid, COALESCE(json_extract(data, '$.text'), ''), COALESCE(json_extract(data, '$.subject'), ''),
                   unit, article_id, start, "end"
            FROM claims;
        """,
    )
)
MIGRATIONS.append(
    (
        "0005_fetch_state",
        # What `storyline watch` must remember across restarts: each polled feed's validators for a
        # conditional GET (ETag, Last-Modified) and when it was last fetched, and every feed entry already
        # processed (keyed by its link, else its id), so a restart neither refetches unchanged feeds nor
        # processes an old entry again. Entries are keyed globally: a link carried by two feeds is read once.
        """
        CREATE TABLE feed_state (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            fetched_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        CREATE TABLE seen_entries (
            key TEXT PRIMARY KEY,
            feed TEXT NOT NULL,
            seen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        """,
    )
)
MIGRATIONS.append(
    (
        "0006_minhash_bands",
        # The near-duplicate index, on disk: each stored article's MinHash signature cut into LSH bands
        # (dedupe.BANDS = 25 bands of dedupe.ROWS = 5 values of 8 bytes). A new article is compared only with
        # the articles sharing one of its bands, found through the primary key, so a long run no longer holds
        # every signature in memory (8.5 kB an article before). Filled from the signatures already stored.
        """
        CREATE TABLE minhash_bands (
            band INTEGER NOT NULL,
            key BLOB NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id),
            PRIMARY KEY (band, key, article_id)
        ) WITHOUT ROWID;
        WITH RECURSIVE bands(band) AS (SELECT 0 UNION ALL SELECT band + 1 FROM bands WHERE band < 24)
        INSERT INTO minhash_bands (band, key, article_id)
            SELECT bands.band, substr(articles.signature, bands.band * 40 + 1, 40), articles.id
            FROM articles, bands
            WHERE articles.signature IS NOT NULL AND length(articles.signature) = 1024;
        """,
    )
)
MIGRATIONS.append(
    (
        "0007_article_metadata_sources",
        # Issue 11: metadata read from the text itself. A republished wire story keeps the agency as its
        # outlet and the site that carried it as ``republisher``; an article that states no date carries a
        # date estimated from its own text, flagged ``published_estimated`` so no view shows it as stated;
        # ``provenance`` (JSON list of FieldSource) records where each metadata field came from.
        """
        ALTER TABLE articles ADD COLUMN republisher TEXT;
        ALTER TABLE articles ADD COLUMN published_estimated INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE articles ADD COLUMN provenance TEXT NOT NULL DEFAULT '[]';
        """,
    )
)
