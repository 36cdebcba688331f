-- The track list's sort orders as whole indexes, so a page in the default order (artist, album,
-- disc, track) is read by walking an index and stopping after the page instead of sorting every
-- match (bench/scale.ts: 200,000 tracks). The one-column indexes they extend are dropped.
DROP INDEX IF EXISTS tracks_artist_name;
DROP INDEX IF EXISTS tracks_album_name;
CREATE INDEX tracks_sort_artist ON tracks(
  artist COLLATE NOCASE, album COLLATE NOCASE, disc_no, track_no
);
CREATE INDEX tracks_sort_album ON tracks(album COLLATE NOCASE, disc_no, track_no);
