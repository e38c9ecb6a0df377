"""The project schema in PostgreSQL's DDL, step for step the SQLite migrations' (same names, same versions).

Tables and columns are SQLite's (desktop/storage/schema_*.py), so the mixins'
SQL reads both. What differs, and why:

- Text is `ctext` (text in the "C" collation): ORDER BY name sorts by code
  point, as SQLite does, whatever the database's locale, so lists and exports
  come out in the same order from both backends.
- JSON columns stay text: the history and exports keep the exact bytes written
  (jsonb would reorder keys and drop the text as it was).
- Ids are bigint with a sequence; a trigger gives a row whose id is NULL the
  next one and moves the sequence past an id given explicitly (a restore, a
  bulk import), so an id is never handed out twice: SQLite's AUTOINCREMENT.
  A bulk insert counts its ids out under an advisory lock that single inserts
  share, so the two never take the same id (PostgresStore.next_id).
- The crfsuite model is bytea; scores are double precision (SQLite's REAL).
- `barchasb_project` marks the database as a project and holds its schema
  version (SQLite keeps both in PRAGMAs).
"""

from __future__ import annotations

PREAMBLE = """
CREATE DOMAIN ctext AS text COLLATE "C";
CREATE FUNCTION barchasb_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    seq regclass := (TG_TABLE_NAME || '_id_seq')::regclass;
BEGIN
    IF NEW.id IS NULL THEN
        -- shared with other single inserts, exclusive to a bulk insert counting ids out (next_id)
        PERFORM pg_advisory_xact_lock_shared(hashtext('barchasb.' || TG_TABLE_NAME));
        NEW.id := nextval(seq);
    ELSIF current_setting('barchasb.loading', true) IS DISTINCT FROM 'on'
            AND NEW.id > coalesce(pg_sequence_last_value(seq), 0) THEN
        -- (a bulk load moves the sequence once, after its COPY: PostgresStore.load_rows)
        PERFORM setval(seq, NEW.id);
    END IF;
    RETURN NEW;
END $$;
CREATE FUNCTION barchasb_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'history is append-only';
END $$;
CREATE TABLE barchasb_project (
    application_id integer NOT NULL,
    schema_version integer NOT NULL
);
"""


def _ids(*tables: str) -> str:
    return "".join(
        f"CREATE TRIGGER {table}_id BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION barchasb_id();\n"
        for table in tables
    )


INITIAL = """
CREATE TABLE settings (
    key ctext PRIMARY KEY,
    value ctext NOT NULL
);
CREATE TABLE documents (
    id bigserial PRIMARY KEY,
    name ctext NOT NULL,
    content_hash ctext NOT NULL UNIQUE,
    raw_hash ctext NOT NULL,
    text ctext NOT NULL,
    raw ctext NOT NULL,
    offsets ctext,
    meta ctext NOT NULL DEFAULT '{}',
    length integer NOT NULL,
    created_at ctext NOT NULL
);
CREATE INDEX documents_raw_hash ON documents(raw_hash);
CREATE TABLE labels (
    key ctext PRIMARY KEY,
    name_fa ctext NOT NULL,
    name_en ctext NOT NULL,
    color ctext NOT NULL CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
    hotkey ctext NOT NULL DEFAULT '',
    description ctext NOT NULL DEFAULT '',
    sort_order integer NOT NULL DEFAULT 0
);
CREATE TABLE annotators (
    id bigserial PRIMARY KEY,
    name ctext NOT NULL UNIQUE,
    kind ctext NOT NULL DEFAULT 'human' CHECK (kind IN ('human', 'gold', 'model')),
    created_at ctext NOT NULL
);
CREATE TABLE spans (
    id bigserial PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES documents(id),
    start integer NOT NULL CHECK (start >= 0),
    "end" integer NOT NULL CHECK ("end" > start),
    label ctext NOT NULL REFERENCES labels(key) ON UPDATE CASCADE,
    annotator_id bigint NOT NULL REFERENCES annotators(id),
    origin ctext NOT NULL CHECK (origin IN ('manual', 'imported', 'suggested')),
    note ctext NOT NULL DEFAULT '',
    created_at ctext NOT NULL,
    updated_at ctext NOT NULL,
    UNIQUE (document_id, annotator_id, start, "end", label)
);
CREATE INDEX spans_document ON spans(document_id, annotator_id, start);
CREATE INDEX spans_label ON spans(label);
CREATE INDEX spans_annotator ON spans(annotator_id);
CREATE TABLE document_status (
    document_id bigint NOT NULL REFERENCES documents(id),
    annotator_id bigint NOT NULL REFERENCES annotators(id),
    status ctext NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
    updated_at ctext NOT NULL,
    PRIMARY KEY (document_id, annotator_id)
);
CREATE TABLE history (
    id bigserial PRIMARY KEY,
    at ctext NOT NULL,
    actor ctext NOT NULL,
    action ctext NOT NULL,
    entity ctext NOT NULL,
    entity_id ctext NOT NULL,
    document_id bigint,
    batch ctext,
    before ctext,
    after ctext
);
CREATE INDEX history_entity ON history(entity, entity_id);
CREATE INDEX history_document ON history(document_id);
CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history
    FOR EACH ROW EXECUTE FUNCTION barchasb_append_only();
CREATE TRIGGER history_no_truncate BEFORE TRUNCATE ON history
    FOR EACH STATEMENT EXECUTE FUNCTION barchasb_append_only();
""" + _ids("documents", "annotators", "spans")

# Every journaled statement tells the listening windows (storage/postgres/live.py) which batch
# committed: once per statement, not per row, and delivered at COMMIT (so never for a rollback).
LIVE = """
CREATE FUNCTION barchasb_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('barchasb', coalesce((SELECT max(batch) FROM new_rows), ''));
    RETURN NULL;
END $$;
CREATE TRIGGER history_notify AFTER INSERT ON history REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION barchasb_notify();
"""

REVIEW = """
CREATE TABLE gold_provenance (
    span_id bigint PRIMARY KEY REFERENCES spans(id),
    method ctext NOT NULL CHECK (method IN ('accepted', 'edited', 'drawn')),
    source_span_id bigint,
    source_layers ctext NOT NULL DEFAULT '[]',
    source_start integer,
    source_end integer,
    source_label ctext REFERENCES labels(key) ON UPDATE CASCADE,
    decided_by ctext NOT NULL,
    decided_at ctext NOT NULL,
    CHECK ((method = 'drawn') = (source_start IS NULL))
);
CREATE TABLE review_rejections (
    id bigserial PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES documents(id),
    start integer NOT NULL CHECK (start >= 0),
    "end" integer NOT NULL CHECK ("end" > start),
    label ctext NOT NULL REFERENCES labels(key) ON UPDATE CASCADE,
    layers ctext NOT NULL DEFAULT '[]',
    decided_by ctext NOT NULL,
    decided_at ctext NOT NULL,
    UNIQUE (document_id, start, "end", label)
);
""" + _ids("review_rejections")

SUGGESTIONS = """
CREATE TABLE suggestions (
    id bigserial PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES documents(id),
    annotator_id bigint NOT NULL REFERENCES annotators(id),
    start integer NOT NULL CHECK (start >= 0),
    "end" integer NOT NULL CHECK ("end" > start),
    label ctext NOT NULL REFERENCES labels(key) ON UPDATE CASCADE ON DELETE CASCADE,
    source ctext NOT NULL,
    score double precision NOT NULL DEFAULT 1.0 CHECK (score >= 0 AND score <= 1),
    state ctext NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'rejected')),
    detail ctext NOT NULL DEFAULT '',
    created_at ctext NOT NULL,
    updated_at ctext NOT NULL,
    UNIQUE (document_id, annotator_id, start, "end", label)
);
CREATE INDEX suggestions_layer ON suggestions(document_id, annotator_id, state);
CREATE TABLE gazetteers (
    name ctext PRIMARY KEY,
    label ctext NOT NULL REFERENCES labels(key) ON UPDATE CASCADE,
    description ctext NOT NULL DEFAULT '',
    created_at ctext NOT NULL
);
CREATE TABLE gazetteer_entries (
    gazetteer ctext NOT NULL REFERENCES gazetteers(name) ON UPDATE CASCADE ON DELETE CASCADE,
    entry ctext NOT NULL,
    PRIMARY KEY (gazetteer, entry)
);
CREATE TABLE suggester_models (
    name ctext PRIMARY KEY,
    layer ctext NOT NULL,
    meta ctext NOT NULL DEFAULT '{}',
    model bytea NOT NULL,
    created_at ctext NOT NULL
);
""" + _ids("suggestions")

RELATIONS = """
CREATE TABLE relation_types (
    key ctext PRIMARY KEY,
    name_fa ctext NOT NULL,
    name_en ctext NOT NULL,
    color ctext NOT NULL CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
    hotkey ctext NOT NULL DEFAULT '',
    directed integer NOT NULL DEFAULT 1 CHECK (directed IN (0, 1)),
    heads ctext NOT NULL DEFAULT '[]',
    tails ctext NOT NULL DEFAULT '[]',
    description ctext NOT NULL DEFAULT '',
    sort_order integer NOT NULL DEFAULT 0
);
CREATE TABLE attribute_fields (
    label ctext NOT NULL REFERENCES labels(key) ON UPDATE CASCADE ON DELETE CASCADE,
    name ctext NOT NULL,
    kind ctext NOT NULL CHECK (kind IN ('text', 'choice', 'number', 'date', 'entity', 'boolean', 'value')),
    choices ctext NOT NULL DEFAULT '[]',
    required integer NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
    name_fa ctext NOT NULL DEFAULT '',
    name_en ctext NOT NULL DEFAULT '',
    sort_order integer NOT NULL DEFAULT 0,
    PRIMARY KEY (label, name)
);
CREATE TABLE relations (
    id bigserial PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES documents(id),
    annotator_id bigint NOT NULL REFERENCES annotators(id),
    head bigint NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    tail bigint NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    type ctext NOT NULL REFERENCES relation_types(key) ON UPDATE CASCADE,
    origin ctext NOT NULL CHECK (origin IN ('manual', 'imported', 'suggested')),
    note ctext NOT NULL DEFAULT '',
    created_at ctext NOT NULL,
    updated_at ctext NOT NULL,
    CHECK (head != tail),
    UNIQUE (head, tail, type)
);
CREATE INDEX relations_document ON relations(document_id, annotator_id);
CREATE INDEX relations_tail ON relations(tail);
CREATE TABLE span_attributes (
    span_id bigint NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
    name ctext NOT NULL,
    value ctext NOT NULL,
    updated_at ctext NOT NULL,
    PRIMARY KEY (span_id, name)
);
CREATE TABLE entities (
    id bigserial PRIMARY KEY,
    name ctext NOT NULL,
    type ctext NOT NULL,
    external_id ctext NOT NULL DEFAULT '',
    created_at ctext NOT NULL,
    updated_at ctext NOT NULL
);
CREATE TABLE entity_aliases (
    entity_id bigint NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias ctext NOT NULL,
    position integer NOT NULL DEFAULT 0,
    PRIMARY KEY (entity_id, alias)
);
CREATE TABLE span_entities (
    span_id bigint PRIMARY KEY REFERENCES spans(id) ON DELETE CASCADE,
    entity_id bigint NOT NULL REFERENCES entities(id),
    linked_at ctext NOT NULL
);
CREATE INDEX span_entities_entity ON span_entities(entity_id);
""" + _ids("relations", "entities")

ASSIGNMENTS = """
CREATE TABLE assignments (
    document_id bigint NOT NULL REFERENCES documents(id),
    annotator_id bigint NOT NULL REFERENCES annotators(id),
    assigned_by ctext NOT NULL,
    assigned_at ctext NOT NULL,
    PRIMARY KEY (document_id, annotator_id)
);
CREATE INDEX assignments_annotator ON assignments(annotator_id, document_id);
"""

REVIEW_RELATIONS = """
CREATE TABLE gold_relation_provenance (
    relation_id bigint PRIMARY KEY REFERENCES relations(id) ON DELETE CASCADE,
    method ctext NOT NULL CHECK (method IN ('accepted', 'edited', 'drawn')),
    source_relation_id bigint,
    source_layers ctext NOT NULL DEFAULT '[]',
    source_head_start integer,
    source_head_end integer,
    source_head_label ctext,
    source_tail_start integer,
    source_tail_end integer,
    source_tail_label ctext,
    source_type ctext,
    decided_by ctext NOT NULL,
    decided_at ctext NOT NULL,
    CHECK ((method = 'drawn') = (source_type IS NULL))
);
CREATE TABLE review_relation_rejections (
    id bigserial PRIMARY KEY,
    document_id bigint NOT NULL REFERENCES documents(id),
    head_start integer NOT NULL CHECK (head_start >= 0),
    head_end integer NOT NULL CHECK (head_end > head_start),
    head_label ctext NOT NULL,
    tail_start integer NOT NULL CHECK (tail_start >= 0),
    tail_end integer NOT NULL CHECK (tail_end > tail_start),
    tail_label ctext NOT NULL,
    type ctext NOT NULL,
    layers ctext NOT NULL DEFAULT '[]',
    decided_by ctext NOT NULL,
    decided_at ctext NOT NULL,
    UNIQUE (document_id, head_start, head_end, head_label, tail_start, tail_end, tail_label, type)
);
""" + _ids("review_relation_rejections")

TOKENS = """
CREATE TABLE document_tokens (
    document_id bigint PRIMARY KEY REFERENCES documents(id),
    tokens integer NOT NULL CHECK (tokens >= 0),
    tokenizer integer NOT NULL
);
"""

# The document list's names without the texts (SQLite's migration 0008 says why).
LISTING = """
CREATE INDEX documents_listing ON documents(id, name);
"""

# The document search index is SQLite's (FTS5 over Python's folding): a server project
# keeps the scan, so this step only holds the versions equal.
SEARCH = """
SELECT 1;
"""

# Stored token boundaries are SQLite's (derived data beside the project file, migration 0010): a server
# project tokenises at each export, so this step only holds the versions equal.
TOKEN_BOUNDS = """
SELECT 1;
"""

# The one ordered list, named as desktop/storage/migrations.py names SQLite's (a test holds them equal).
STEPS: tuple[tuple[str, str], ...] = (
    ("0001_initial", INITIAL + LIVE),  # LIVE is part of the first step: no server project predates it
    ("0002_review", REVIEW),
    ("0003_suggestions", SUGGESTIONS),
    ("0004_relations", RELATIONS),
    ("0005_assignments", ASSIGNMENTS),
    ("0006_review_relations", REVIEW_RELATIONS),
    ("0007_document_tokens", TOKENS),
    ("0008_document_listing", LISTING),
    ("0009_document_search", SEARCH),
    ("0010_document_token_bounds", TOKEN_BOUNDS),
)
SCHEMA_VERSION = len(STEPS)
