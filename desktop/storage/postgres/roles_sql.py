"""The team's security model as SQL: group roles, grants and row-level security policies (issue 16).

Who may do what is decided by the server, never by the client: a modified
client or a plain `psql` session holds the same login and gets no further.

- One group role per project role, named after the database (role names are the
  cluster's, database names unique in it): `<db>_manager`, `<db>_curator`,
  `<db>_annotator`; one login role per person, a member of one group, and a row
  of `team_members` mapping it (`current_user`) to the person's annotator.
- Table grants say which *tables* a role writes: the scheme, documents,
  assignment and users are the manager's; gold (provenance, rejections) the
  curator's; history is INSERT and SELECT only for everyone (no UPDATE, DELETE
  or TRUNCATE, even for a manager; a trigger refuses them for the owner too).
- Row-level security says which *rows*: a layer's rows (spans, relations,
  statuses, suggestions, and the attributes and links of spans) are written only
  by their annotator (the curator also writes the gold layer); in a blind project
  (setting `team.blind`) an annotator reads only their own layer, the text and
  the scheme: no other layer, no gold, no other annotator's history rows.
- The helper functions run as the caller (inside a SECURITY DEFINER function
  `current_user` would be the owner) and name their tables with the schema;
  plain SQL, so the planner inlines them and a policy costs a sub-select per
  statement. Every member may read what they read (`team_members`, settings,
  annotators); members cannot make temporary tables (no TEMP on the database). Only the id
  trigger is SECURITY DEFINER: members take ids from sequences they may not move.
"""

from __future__ import annotations

ROLES = ("manager", "curator", "annotator")

# Tables whose rows belong to a layer (annotator_id), or to a span's layer (span_id).
LAYER_TABLES = ("spans", "document_status", "suggestions", "relations")
SPAN_TABLES = ("span_attributes", "span_entities")
GOLD_TABLES = ("gold_provenance", "review_rejections", "gold_relation_provenance", "review_relation_rejections")
MANAGER_TABLES = (
    "labels", "relation_types", "attribute_fields", "documents", "settings", "gazetteers", "gazetteer_entries",
    "assignments", "annotators",
)  # fmt: skip
SHARED_TABLES = ("suggester_models", "entities", "entity_aliases", "document_tokens")  # no layer: everyone writes them
READ_ONLY_TABLES = ("barchasb_project", "team_members", "team_channels")

MEMBERS = """
CREATE TABLE IF NOT EXISTS team_members (
    db_role ctext PRIMARY KEY,
    annotator_id bigint NOT NULL UNIQUE REFERENCES annotators(id),
    role ctext NOT NULL CHECK (role IN ('manager', 'curator', 'annotator')),
    added_at ctext NOT NULL
);
-- Where notifications go in a blind project (live.py): one channel for those who read every layer
-- (annotator_id NULL) and one per layer, each named by a secret only its listeners may read.
CREATE TABLE IF NOT EXISTS team_channels (
    annotator_id bigint UNIQUE REFERENCES annotators(id),
    channel ctext NOT NULL UNIQUE
);
INSERT INTO team_channels (annotator_id, channel)
    SELECT NULL, 'barchasb_' || md5(gen_random_uuid()::text)
    WHERE NOT EXISTS (SELECT 1 FROM team_channels WHERE annotator_id IS NULL);
"""

# A layer's channel for each member who has none yet (team init, team add-user).
MEMBER_CHANNELS = """
INSERT INTO team_channels (annotator_id, channel)
    SELECT t.annotator_id, 'barchasb_' || md5(gen_random_uuid()::text) FROM team_members t
    WHERE NOT EXISTS (SELECT 1 FROM team_channels c WHERE c.annotator_id = t.annotator_id);
"""

# What `team init` sets up, by version: a project set up by an older one is brought up to date
# when its owner opens it, and refused to members until then (team_upgrade.py).
TEAM_VERSION = 2

FUNCTIONS = """
CREATE OR REPLACE FUNCTION barchasb_me() RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT annotator_id FROM public.team_members WHERE db_role = current_user $$;
CREATE OR REPLACE FUNCTION barchasb_role() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT role::text FROM public.team_members WHERE db_role = current_user $$;
CREATE OR REPLACE FUNCTION barchasb_my_name() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT a.name::text FROM public.team_members t JOIN public.annotators a ON a.id = t.annotator_id
          WHERE t.db_role = current_user $$;
CREATE OR REPLACE FUNCTION barchasb_blind() RETURNS boolean LANGUAGE sql STABLE
    AS $$ SELECT EXISTS (SELECT 1 FROM public.settings WHERE key = 'team.blind' AND value = 'true') $$;
CREATE OR REPLACE FUNCTION barchasb_span_layer(s bigint) RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT annotator_id FROM public.spans WHERE id = s $$;
-- A member's history rows carry the login's own name, whatever the client wrote.
CREATE OR REPLACE FUNCTION barchasb_history_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.actor := coalesce(public.barchasb_my_name(), NEW.actor);
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS history_actor ON history;
CREATE TRIGGER history_actor BEFORE INSERT ON history FOR EACH ROW EXECUTE FUNCTION barchasb_history_actor();
-- A blind project's layer and gold changes go only to the channels of those who may read them:
-- the curators' and managers' (every layer) and the layer's own (the same login's other windows).
-- SECURITY DEFINER: it reads every channel, which no member may.
CREATE OR REPLACE FUNCTION barchasb_notify() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
DECLARE
    _batch text := coalesce((SELECT max(batch) FROM new_rows), '');
    _who record;
BEGIN
    SELECT t.role, t.annotator_id INTO _who FROM team_members t JOIN annotators a ON a.id = t.annotator_id
        WHERE a.name = (SELECT max(actor) FROM new_rows);
    IF _who.role IN ('annotator', 'curator') AND barchasb_blind() THEN
        PERFORM pg_notify(c.channel, _batch) FROM team_channels c
            WHERE c.annotator_id IS NULL OR c.annotator_id = _who.annotator_id;
    ELSE  -- the text, the scheme, assignments: everyone's (and every change when not blind)
        PERFORM pg_notify('barchasb', _batch);
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION barchasb_team_version() RETURNS integer LANGUAGE sql IMMUTABLE
    AS $$ SELECT @TEAM_VERSION@ $$;
-- Ids come from sequences the members may not move themselves.
ALTER FUNCTION barchasb_id() SECURITY DEFINER;
ALTER FUNCTION barchasb_id() SET search_path = public, pg_temp;
""".replace("@TEAM_VERSION@", str(TEAM_VERSION))

# Each function in a sub-select: evaluated once per statement, not once per row.
_ROLE, _ME = "(SELECT barchasb_role())", "(SELECT barchasb_me())"
_READ_ALL = "true"
_NOT_BLIND = f"{_ROLE} IS DISTINCT FROM 'annotator' OR NOT (SELECT barchasb_blind())"
_GOLD = "(SELECT id FROM annotators WHERE kind = 'gold')"
_SPAN_LAYER = "barchasb_span_layer(span_id)"  # a span's attributes and links are its layer's


def _sees(layer: str) -> str:
    """Whether the caller reads the layer whose annotator id is `layer`."""
    return f"{_NOT_BLIND} OR {layer} = {_ME}"


def _writes(layer: str) -> str:
    """Whether the caller writes that layer: their own; a curator also the gold layer."""
    return f"{layer} = {_ME} OR ({_ROLE} = 'curator' AND {layer} IN {_GOLD})"


def _policies(table: str, read: str, write: str) -> list[str]:
    """One permissive policy per command (a command without one is refused to members)."""
    return [
        f"CREATE POLICY team_read ON {table} FOR SELECT USING ({read})",
        f"CREATE POLICY team_insert ON {table} FOR INSERT WITH CHECK ({write})",
        f"CREATE POLICY team_update ON {table} FOR UPDATE USING ({read}) WITH CHECK ({write})",
        f"CREATE POLICY team_delete ON {table} FOR DELETE USING ({write})",
    ]


def row_policies() -> dict[str, list[str]]:
    """Each table with row-level security, and its policies."""
    found: dict[str, list[str]] = {}
    for table in LAYER_TABLES:
        found[table] = _policies(table, _sees("annotator_id"), _writes("annotator_id"))
    for table in SPAN_TABLES:
        found[table] = _policies(table, _sees(_SPAN_LAYER), _writes(_SPAN_LAYER))
    for table in GOLD_TABLES:  # writes: the grants (curators only)
        found[table] = _policies(table, _NOT_BLIND, _READ_ALL)
    found["history"] = [
        f"CREATE POLICY team_read ON history FOR SELECT USING ({_NOT_BLIND} OR actor = (SELECT barchasb_my_name()))",
        "CREATE POLICY team_insert ON history FOR INSERT WITH CHECK (true)",
    ]
    found["assignments"] = _policies("assignments", _sees("annotator_id"), _READ_ALL)
    # A curator makes the gold layer's annotator row; every other user is the manager's (team add-user).
    found["annotators"] = _policies(
        "annotators", _READ_ALL, f"{_ROLE} = 'manager' OR ({_ROLE} = 'curator' AND kind = 'gold')"
    )
    # A member reads only the channels they listen to: a blind annotator never learns the every-layer one.
    found["team_channels"] = [
        f"CREATE POLICY team_read ON team_channels FOR SELECT USING (annotator_id = {_ME}"
        f" OR (annotator_id IS NULL AND ({_NOT_BLIND})))"
    ]
    return found


def table_grants(db: str) -> list[str]:
    """GRANT statements for the group roles of database `db` (names already quoted by the caller)."""
    manager, curator, annotator = (group_name(db, role) for role in ROLES)
    everyone = f'"{manager}", "{curator}", "{annotator}"'
    write = "SELECT, INSERT, UPDATE, DELETE"
    grants = [f"GRANT {write} ON {t} TO {everyone}" for t in (*LAYER_TABLES, *SPAN_TABLES, *SHARED_TABLES)]
    grants += [f"GRANT SELECT ON {t} TO {everyone}" for t in (*GOLD_TABLES, *MANAGER_TABLES, *READ_ONLY_TABLES)]
    grants += [f'GRANT {write} ON {t} TO "{curator}"' for t in GOLD_TABLES]
    grants += [f'GRANT {write} ON {t} TO "{manager}"' for t in MANAGER_TABLES]
    grants += [f'GRANT INSERT ON annotators TO "{curator}"', f"GRANT SELECT, INSERT ON history TO {everyone}"]
    grants += [f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}"]
    grants += [f"GRANT USAGE ON SCHEMA public TO {everyone}"]
    return grants


def group_name(db: str, role: str) -> str:
    """The group role of `role` in the project database `db`."""
    return f"{db}_{role}"
