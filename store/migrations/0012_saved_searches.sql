-- 0012_saved_searches: each person's saved searches on the search page. params
-- is the page's query string (q=…&from=…&source=…), so a saved search opens
-- exactly as it was bookmarked; a name is unique per person, and saving
-- under a name already used replaces that search.
CREATE TABLE saved_searches (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    params     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, name)
);
