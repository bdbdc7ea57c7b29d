-- 0019_drop_items_content_hash: items (content_hash) has served no query
-- since 0002, when finding the same text moved to item_versions, whose
-- rows hold every version's hash. It cost every new item a write in a
-- random place of an index as large as the store's hashes (bench/scale at a
-- million items: one of the pages each item dirties, read back and
-- checkpointed), and ~70 bytes an item on disk.
DROP INDEX items_content_hash;
