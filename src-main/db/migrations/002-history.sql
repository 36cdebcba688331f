-- Listening history (issue 3): normalised names for cross-source duplicate detection and
-- per-artist stats; Spotify's reason_end kept as the source gave it.
ALTER TABLE plays ADD COLUMN artist_norm TEXT;
-- normalised "artist \x1f title": two plays of the same listen from two sources share it
ALTER TABLE plays ADD COLUMN norm_key TEXT;
ALTER TABLE plays ADD COLUMN reason_end TEXT;
-- No index on norm_key: the duplicate lookup narrows by plays_profile_time (a listen's ±60 s hold
-- a handful of plays) and filters those; an extra random-key index cost a million-row import ~15 %.
