-- 0008_source_health_warning: what the latest crawl that read a source's
-- listing found wrong without failing (a listing cut by crawler.max_links, a
-- feed with no items, links refused as private addresses); '' means none.
-- `mediawatch sources list` shows it beside the last error.
ALTER TABLE source_health ADD COLUMN warning TEXT NOT NULL DEFAULT '';
