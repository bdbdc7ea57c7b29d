-- Same text at another URL is a duplicate whichever version of the other
-- item carried it: a copy of an article as first published must not become
-- a new item once the original has been edited.
CREATE INDEX item_versions_content_hash ON item_versions(content_hash);
