-- space-dev's tables in PostgreSQL, version 1. Applied once by space-dev when it opens the database
-- (space_dev_schema records it); never edited afterwards: a change is a V2.sql.

-- Base: one row per item. "key" sorts by bytes (COLLATE "C"), as SQLite's keys and Deta's paging do.
CREATE TABLE base_items (
    base    text NOT NULL,
    key     text COLLATE "C" NOT NULL,
    value   jsonb NOT NULL,
    expires bigint,
    PRIMARY KEY (base, key)
);
-- equality on a field is answered from this index (value @> '{"field": v}'), then checked exactly; written as
-- items are (no pending list), which a query would otherwise scan whole after a burst of puts
CREATE INDEX base_items_value ON base_items USING gin (value jsonb_path_ops) WITH (fastupdate = off);
CREATE INDEX base_items_expires ON base_items (expires) WHERE expires IS NOT NULL;

-- Drive: a file's name points at its content, a list of chunks under a random id, so a new upload of
-- the same name is written whole before the name moves to it, and a reader never sees half a file.
CREATE TABLE drive_files (
    drive        text NOT NULL,
    name         text COLLATE "C" NOT NULL,
    content_type text NOT NULL,
    size         bigint NOT NULL,
    content      text NOT NULL,
    modified     bigint NOT NULL,
    PRIMARY KEY (drive, name)
);
CREATE TABLE drive_chunks (
    content  text NOT NULL,
    position bigint NOT NULL, -- of the chunk's first byte in the file: a download may start anywhere
    data     bytea NOT NULL,
    PRIMARY KEY (content, position)
);
-- the bytes are mostly compressed already (images, archives): stored out of line, not compressed again
ALTER TABLE drive_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
CREATE TABLE drive_uploads (
    id           text PRIMARY KEY,
    drive        text NOT NULL,
    name         text NOT NULL,
    content_type text NOT NULL,
    started      bigint NOT NULL
);
CREATE TABLE drive_upload_chunks (
    upload text NOT NULL REFERENCES drive_uploads (id) ON DELETE CASCADE,
    part   integer NOT NULL,
    seq    integer NOT NULL,
    data   bytea NOT NULL,
    PRIMARY KEY (upload, part, seq)
);
ALTER TABLE drive_upload_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- The runtime's small documents (the owner's sessions, the app keys), each the text its file would hold.
CREATE TABLE runtime_documents (
    name    text PRIMARY KEY,
    body    text NOT NULL,
    version bigint NOT NULL
);

-- Each scheduled action's ticks: the instance that ran one claims it first, so a tick runs once; with what it
-- came to (outcome, HTTP status, duration), also for runs by hand (manual, due = when it started), for every
-- instance's dashboard. Kept 30 days.
CREATE TABLE action_ticks (
    action   text NOT NULL,
    due      timestamptz NOT NULL,
    instance text NOT NULL,
    outcome  text,
    status   integer,
    millis   bigint,
    manual   boolean NOT NULL DEFAULT false,
    started  timestamptz,
    PRIMARY KEY (action, due)
);

-- A Base update (set, increment, append, prepend, delete on dotted paths), applied in SQL with the
-- rules and the messages of the embedded store (BaseUpdate). The update comes as json, not jsonb,
-- so its fields are applied in the order they were sent.
CREATE FUNCTION space_dev_base_update(item jsonb, u json) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    f text;
    v json;
    path text[];
    cur jsonb;
    added jsonb;
    sum numeric;
BEGIN
    FOR f, v IN SELECT * FROM json_each(coalesce(u -> 'set', '{}')) LOOP
        path := string_to_array(f, '.');
        IF NOT space_dev_parent_is_object(item, path) THEN
            RAISE EXCEPTION USING ERRCODE = 'SD400', MESSAGE = format('cannot set "%s": its parent is not an object', f);
        END IF;
        item := jsonb_set(item, path, v::jsonb, true);
    END LOOP;
    FOR f, v IN SELECT * FROM json_each(coalesce(u -> 'increment', '{}')) LOOP
        path := string_to_array(f, '.');
        IF json_typeof(v) <> 'number' THEN
            RAISE EXCEPTION USING ERRCODE = 'SD400', MESSAGE = format('increment "%s" by a number', f);
        END IF;
        IF NOT space_dev_parent_is_object(item, path) THEN
            RAISE EXCEPTION USING ERRCODE = 'SD400', MESSAGE = format('"%s": its parent is not an object', f);
        END IF;
        cur := item #> path;
        IF cur IS NOT NULL AND jsonb_typeof(cur) <> 'number' THEN
            RAISE EXCEPTION USING ERRCODE = 'SD400', MESSAGE = format('cannot increment "%s": it is not a number', f);
        END IF;
        sum := trim_scale(coalesce(cur::text::numeric, 0) + v::text::numeric);
        item := jsonb_set(item, path, to_jsonb(sum), true);
    END LOOP;
    FOR f, v IN SELECT 'append:' || key, value FROM json_each(coalesce(u -> 'append', '{}'))
            UNION ALL SELECT 'prepend:' || key, value FROM json_each(coalesce(u -> 'prepend', '{}')) LOOP
        path := string_to_array(substr(f, strpos(f, ':') + 1), '.');
        IF NOT space_dev_parent_is_object(item, path) THEN
            RAISE EXCEPTION USING ERRCODE = 'SD400',
                MESSAGE = format('"%s": its parent is not an object', substr(f, strpos(f, ':') + 1));
        END IF;
        cur := coalesce(item #> path, '[]'::jsonb);
        IF jsonb_typeof(cur) <> 'array' THEN
            RAISE EXCEPTION USING ERRCODE = 'SD400', MESSAGE = format('cannot %s to "%s": it is not a list',
                substr(f, 1, strpos(f, ':') - 1), substr(f, strpos(f, ':') + 1));
        END IF;
        added := CASE WHEN json_typeof(v) = 'array' THEN v::jsonb ELSE jsonb_build_array(v::jsonb) END;
        item := jsonb_set(item, path, CASE WHEN f LIKE 'append:%' THEN cur || added ELSE added || cur END, true);
    END LOOP;
    FOR v IN SELECT * FROM json_array_elements(coalesce(u -> 'delete', '[]')) LOOP
        path := string_to_array(CASE WHEN json_typeof(v) = 'string' THEN v #>> '{}' ELSE v::text END, '.');
        IF space_dev_parent_is_object(item, path) THEN
            item := item #- path;
        END IF;
    END LOOP;
    RETURN item;
END
$$;

-- Whether the object that holds the last step of path exists and is an object (never an array).
CREATE FUNCTION space_dev_parent_is_object(item jsonb, path text[]) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    i integer;
BEGIN
    FOR i IN 1 .. coalesce(array_length(path, 1), 1) - 1 LOOP
        IF jsonb_typeof(item #> path[1:i]) IS DISTINCT FROM 'object' THEN
            RETURN false;
        END IF;
    END LOOP;
    RETURN true;
END
$$;
