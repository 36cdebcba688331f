-- Library search and the track list at 200,000 tracks and 3,000,000 plays in under 50 ms
-- (issue 7, bench/scale.ts).

-- 1. Each track's play count, kept by triggers. The list read it through a COUNT over plays per
--    row (a page of popular tracks counted ~190,000 plays) and sorted by it through a GROUP BY of
--    every play (5.8 s). Counted like the old subquery: every profile, duplicates excluded.
--    The price: storing a play costs ~4 µs more (300,000 plays: 1.4 s → 2.7 s of CPU). Sorting
--    by it scans the tracks instead of walking an index, which would cost another ~2.3 µs.
ALTER TABLE tracks ADD COLUMN play_count INTEGER NOT NULL DEFAULT 0;
UPDATE tracks SET play_count = pc.n
  FROM (SELECT track_id, COUNT(*) AS n FROM plays
         WHERE duplicate_of IS NULL AND track_id IS NOT NULL GROUP BY track_id) AS pc
 WHERE pc.track_id = tracks.id;
CREATE TRIGGER plays_count_insert AFTER INSERT ON plays
  WHEN new.track_id IS NOT NULL AND new.duplicate_of IS NULL BEGIN
  UPDATE tracks SET play_count = play_count + 1 WHERE id = new.track_id;
END;
CREATE TRIGGER plays_count_delete AFTER DELETE ON plays
  WHEN old.track_id IS NOT NULL AND old.duplicate_of IS NULL BEGIN
  UPDATE tracks SET play_count = play_count - 1 WHERE id = old.track_id;
END;
-- Also fired by the foreign keys' SET NULL (a track or a duplicated play deleted).
CREATE TRIGGER plays_count_update AFTER UPDATE OF track_id, duplicate_of ON plays BEGIN
  UPDATE tracks SET play_count = play_count - 1
   WHERE id = old.track_id AND old.duplicate_of IS NULL;
  UPDATE tracks SET play_count = play_count + 1
   WHERE id = new.track_id AND new.duplicate_of IS NULL;
END;

-- 2. One index per sort order of the list, holding only the tracks it shows (missing = 0), so
--    a page is read by walking an index and checking each entry's id against the search's
--    matches without reading the row. Replaces 003's two full ones.
DROP INDEX IF EXISTS tracks_sort_artist;
DROP INDEX IF EXISTS tracks_sort_album;
CREATE INDEX tracks_list_artist ON tracks(
  artist COLLATE NOCASE, album COLLATE NOCASE, disc_no, track_no
) WHERE missing = 0;
CREATE INDEX tracks_list_album ON tracks(album COLLATE NOCASE, disc_no, track_no) WHERE missing = 0;
CREATE INDEX tracks_list_title ON tracks(title COLLATE NOCASE) WHERE missing = 0;
CREATE INDEX tracks_list_year ON tracks(year) WHERE missing = 0;
CREATE INDEX tracks_list_duration ON tracks(duration_ms) WHERE missing = 0;
CREATE INDEX tracks_list_added ON tracks(added_at) WHERE missing = 0;
-- The few missing tracks, subtracted from a search's match count.
CREATE INDEX tracks_missing ON tracks(id) WHERE missing = 1;

-- 3. Accents: "bjork" finds Björk (trigram remove_diacritics needs SQLite >= 3.45).
DROP TRIGGER tracks_fts_insert;
DROP TRIGGER tracks_fts_delete;
DROP TRIGGER tracks_fts_update;
DROP TABLE tracks_fts;
CREATE VIRTUAL TABLE tracks_fts USING fts5(
  title, artist, album, content='tracks', content_rowid='id', tokenize='trigram remove_diacritics 1'
);
INSERT INTO tracks_fts(tracks_fts) VALUES ('rebuild');

-- 4. Words of one or two letters, which no trigram holds, match the start of a word ("a" finds
--    "Army of Me", as a listener typing expects) through a word index with 1- and 2-letter prefixes.
--    They scanned every row with LIKE before. Named tracks_fts_* like the trigram index's tables.
CREATE VIRTUAL TABLE tracks_fts_words USING fts5(
  title, artist, album, content='tracks', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2', prefix='1 2'
);
INSERT INTO tracks_fts_words(tracks_fts_words) VALUES ('rebuild');

CREATE TRIGGER tracks_fts_insert AFTER INSERT ON tracks BEGIN
  INSERT INTO tracks_fts(rowid, title, artist, album) VALUES (new.id, new.title, new.artist, new.album);
  INSERT INTO tracks_fts_words(rowid, title, artist, album)
    VALUES (new.id, new.title, new.artist, new.album);
END;
CREATE TRIGGER tracks_fts_delete AFTER DELETE ON tracks BEGIN
  INSERT INTO tracks_fts(tracks_fts, rowid, title, artist, album)
    VALUES ('delete', old.id, old.title, old.artist, old.album);
  INSERT INTO tracks_fts_words(tracks_fts_words, rowid, title, artist, album)
    VALUES ('delete', old.id, old.title, old.artist, old.album);
END;
CREATE TRIGGER tracks_fts_update AFTER UPDATE OF title, artist, album ON tracks BEGIN
  INSERT INTO tracks_fts(tracks_fts, rowid, title, artist, album)
    VALUES ('delete', old.id, old.title, old.artist, old.album);
  INSERT INTO tracks_fts_words(tracks_fts_words, rowid, title, artist, album)
    VALUES ('delete', old.id, old.title, old.artist, old.album);
  INSERT INTO tracks_fts(rowid, title, artist, album) VALUES (new.id, new.title, new.artist, new.album);
  INSERT INTO tracks_fts_words(rowid, title, artist, album)
    VALUES (new.id, new.title, new.artist, new.album);
END;
