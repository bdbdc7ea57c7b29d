-- 0007_sketch_volume: each item's sketch, the second signal of story grouping
-- (package story: the 64 smallest 32-bit hashes of its 3-word shingles,
-- 4 bytes each, little-endian). NULL means "not computed yet": the item's
-- signature is then computed again from its text when grouping loads it,
-- and `mediawatch stories regroup` stores it.
ALTER TABLE items ADD COLUMN sketch BLOB;

-- The daily report's chart counts, per local day, the items first seen and
-- their distinct stories (store.ReportVolume): with the story in the index
-- that count reads the index alone. It serves every first_seen range the
-- old index did.
CREATE INDEX items_first_seen_story ON items (first_seen, story_id);
DROP INDEX items_first_seen;
