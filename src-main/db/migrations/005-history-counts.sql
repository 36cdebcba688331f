-- For You's first visit at 200,000 tracks and 3,000,000 plays (issue 7, bench/scale.ts): the
-- listener's play counts per track and per artist, grouped over every play, each read a temporary
-- B-tree of 3,000,000 rows (3.7 s and 4.3 s). Covering indexes in group order make each one scan
-- of an index (0.3 s and 0.4 s). The price: the scale profile's file
-- grows from 651 to 796 MB (~48 MB per million plays), and creating both takes ~9 s there.
CREATE INDEX plays_profile_track ON plays(profile_id, track_id, skipped, duplicate_of);
CREATE INDEX plays_profile_artist
  ON plays(profile_id, COALESCE(artist_norm, lower(artist)), skipped, duplicate_of);

-- The track list sorted by plays walked no index (004 left it out: a stored play updates the
-- track's play_count, and so this index too, ~2.3 µs): it sorted every match, 50-60 ms of the
-- search's p95 at 200,000 tracks against 11-15 ms for the other orders. Now it walks one as well.
CREATE INDEX tracks_list_plays ON tracks(play_count) WHERE missing = 0;
