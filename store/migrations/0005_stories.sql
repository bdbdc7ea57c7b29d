-- 0005_stories: stories, the review workflow on them, and each item's
-- grouping signature. Times follow 0001's layout; '' is "never".
--
-- A story is one piece of news however many outlets carried it. Its status
-- is the review workflow's (the flag statuses); every flag on its items
-- carries the same status, kept so by the store in the transaction that
-- changes either. version is the optimistic-concurrency token: +1 per
-- review change or raise. The first item (and so the title) is not stored:
-- it is the story's earliest item by (first_seen, id), found through
-- items_story, so that filing a new item in a new story is one insert.
CREATE TABLE stories (
    id            INTEGER PRIMARY KEY,
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'new'
                  CHECK (status IN ('new', 'in_review', 'responded', 'dismissed', 'false_positive')),
    status_at     TEXT NOT NULL,
    assignee      TEXT NOT NULL DEFAULT '',
    response_url  TEXT NOT NULL DEFAULT '',
    responded_at  TEXT NOT NULL DEFAULT '',
    raised_at     TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    TEXT NOT NULL
);
-- Most stories stay new; the partial indexes leave them out, so that
-- starting a story writes one index besides the table. Queries name the
-- index's condition (status != 'new') to use it.
CREATE INDEX stories_first_seen ON stories (first_seen);
CREATE INDEX stories_reviewed ON stories (status, first_seen) WHERE status != 'new';
CREATE INDEX stories_raised ON stories (raised_at) WHERE raised_at != '';

-- Every change to a story: who (an API key's name, or 'mediawatch'),
-- when, and the fields the change set.
CREATE TABLE story_events (
    id          INTEGER PRIMARY KEY,
    story_id    INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    who         TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    assignee    TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX story_events_story ON story_events (story_id, id);

-- The grouping signature (package story): the SimHash of title and body
-- (a uint64 stored as its int64 bit pattern), the words it was computed
-- over, and the title key. NULL words means "not computed yet": items
-- stored before this migration, or saved without grouping; regrouping
-- computes them.
ALTER TABLE items ADD COLUMN story_id INTEGER REFERENCES stories (id);
ALTER TABLE items ADD COLUMN fingerprint INTEGER;
ALTER TABLE items ADD COLUMN words INTEGER;
ALTER TABLE items ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
CREATE INDEX items_story ON items (story_id, first_seen, id);

-- Every item stored before stories existed becomes a story of its own (with
-- its item's id); `mediawatch stories regroup` then folds copies together.
INSERT INTO stories (id, first_seen, last_seen, status, status_at, updated_at)
    SELECT id, first_seen, first_seen, 'new', first_seen, first_seen FROM items;
UPDATE items SET story_id = id;
