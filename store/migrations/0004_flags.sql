-- 0004_flags: one row per (item version, rule) that matched. Times follow
-- 0001's layout. matches is a JSON array of mediawatch.TermMatch whose
-- offsets point into the title or text of that item version, which is why a
-- flag references the version, not only the item.
--
-- severity_rank (1 low … 4 critical) is derived from severity by the
-- database itself, so that "highest severity" is a MAX() and a priority
-- sort needs no CASE, and the two can never disagree.
CREATE TABLE flags (
    id            INTEGER PRIMARY KEY,
    item_id       INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    item_version  INTEGER NOT NULL,
    rule_id       TEXT NOT NULL CHECK (rule_id != ''),
    rule_version  TEXT NOT NULL DEFAULT '',
    severity      TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    severity_rank INTEGER GENERATED ALWAYS AS (CASE severity
                      WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4
                      ELSE 0 END) STORED,
    matches       TEXT NOT NULL DEFAULT '[]',
    snippet       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'new'
                  CHECK (status IN ('new', 'in_review', 'responded', 'dismissed', 'false_positive')),
    created_at    TEXT NOT NULL,
    UNIQUE (item_id, item_version, rule_id),
    FOREIGN KEY (item_id, item_version) REFERENCES item_versions (item_id, version) ON DELETE CASCADE
);
-- Listing is newest first, optionally narrowed by rule, severity or status;
-- the UNIQUE index above serves "the flags of an item's current version".
CREATE INDEX flags_created ON flags (created_at);
CREATE INDEX flags_rule_created ON flags (rule_id, created_at);
CREATE INDEX flags_severity_created ON flags (severity, created_at);
CREATE INDEX flags_status_created ON flags (status, created_at);
