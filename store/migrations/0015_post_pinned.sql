-- A post the channel has pinned (Telegram): it stays at the top of the
-- channel for every visitor, so an editor sees it first. 1 while the last
-- read of the channel showed it pinned.
ALTER TABLE items ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
