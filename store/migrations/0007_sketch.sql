-- 0007_sketch: each item's sketch, the second signal of story grouping
-- (package story: the 64 smallest 32-bit hashes of its 3-word shingles,
-- 4 bytes each, little-endian). NULL means "not computed yet": the item's
-- signature is then computed again from its text when grouping loads it,
-- and `mediawatch stories regroup` stores it.
ALTER TABLE items ADD COLUMN sketch BLOB;
