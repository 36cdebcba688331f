-- Encore schema, version 1. Timestamps are UTC epoch seconds unless a column says _ms.

CREATE TABLE library_folders (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  added_at INTEGER NOT NULL
);

CREATE TABLE artists (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  norm TEXT NOT NULL UNIQUE,       -- normalised name: lower case, NFKC, no diacritics
  mbid TEXT
);

CREATE TABLE albums (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  artist_id INTEGER REFERENCES artists(id),   -- the album artist ("Various Artists" for compilations)
  norm TEXT NOT NULL UNIQUE,       -- normalised "album artist \x1f title"
  year INTEGER,
  mbid TEXT
);

CREATE TABLE tracks (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  folder_id INTEGER REFERENCES library_folders(id) ON DELETE SET NULL,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  title TEXT NOT NULL,
  artist TEXT NOT NULL,            -- the track's display artist
  artists TEXT NOT NULL DEFAULT '[]', -- JSON array of every credited artist
  artist_id INTEGER REFERENCES artists(id),
  album TEXT,
  album_artist TEXT,
  album_id INTEGER REFERENCES albums(id),
  track_no INTEGER,
  track_total INTEGER,
  disc_no INTEGER,
  disc_total INTEGER,
  year INTEGER,
  genre TEXT,
  duration_ms INTEGER,
  codec TEXT,
  container TEXT,
  bitrate INTEGER,
  sample_rate INTEGER,
  compilation INTEGER NOT NULL DEFAULT 0,
  mb_recording_id TEXT,
  mb_track_id TEXT,
  mb_album_id TEXT,
  mb_artist_id TEXT,
  missing INTEGER NOT NULL DEFAULT 0,   -- 1 when the file was not found by the last scan
  added_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX tracks_artist ON tracks(artist_id);
CREATE INDEX tracks_album ON tracks(album_id, disc_no, track_no);
CREATE INDEX tracks_title ON tracks(title COLLATE NOCASE);
CREATE INDEX tracks_artist_name ON tracks(artist COLLATE NOCASE);
CREATE INDEX tracks_album_name ON tracks(album COLLATE NOCASE);
CREATE INDEX tracks_added ON tracks(added_at);

-- Substring search in milliseconds over 100k+ tracks (trigram tokenizer, SQLite >= 3.34).
CREATE VIRTUAL TABLE tracks_fts USING fts5(
  title, artist, album, content='tracks', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER tracks_fts_insert AFTER INSERT ON tracks BEGIN
  INSERT INTO tracks_fts(rowid, title, artist, album) VALUES (new.id, new.title, new.artist, new.album);
END;
CREATE TRIGGER tracks_fts_delete AFTER DELETE ON tracks BEGIN
  INSERT INTO tracks_fts(tracks_fts, rowid, title, artist, album)
    VALUES ('delete', old.id, old.title, old.artist, old.album);
END;
CREATE TRIGGER tracks_fts_update AFTER UPDATE OF title, artist, album ON tracks BEGIN
  INSERT INTO tracks_fts(tracks_fts, rowid, title, artist, album)
    VALUES ('delete', old.id, old.title, old.artist, old.album);
  INSERT INTO tracks_fts(rowid, title, artist, album) VALUES (new.id, new.title, new.artist, new.album);
END;

-- Files the last scan could not read, with the reason; cleared when the file reads again.
CREATE TABLE scan_errors (
  path TEXT PRIMARY KEY,
  message TEXT NOT NULL,
  seen_at INTEGER NOT NULL
);

CREATE TABLE profiles (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
INSERT INTO profiles (id, name, created_at) VALUES (1, 'me', CAST(strftime('%s', 'now') AS INTEGER));

CREATE TABLE import_runs (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,            -- app, lastfm-api, lastfm-csv, spotify-basic, spotify-extended, listenbrainz, demo
  file TEXT,
  profile_id INTEGER NOT NULL REFERENCES profiles(id),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL DEFAULT 'running', -- running, done, failed, cancelled
  cursor TEXT,                     -- where to resume (Last.fm API: page and `from`)
  counts TEXT NOT NULL DEFAULT '{}' -- JSON: imported, duplicates, matched, unmatched, errors
);

-- A play is kept even when it matches no library file: it still informs artist-level models.
CREATE TABLE plays (
  id INTEGER PRIMARY KEY,
  profile_id INTEGER NOT NULL REFERENCES profiles(id),
  played_at INTEGER NOT NULL,      -- UTC epoch seconds of the start of the play
  track_id INTEGER REFERENCES tracks(id) ON DELETE SET NULL,
  artist TEXT NOT NULL,
  title TEXT NOT NULL,
  album TEXT,
  source TEXT NOT NULL,
  source_key TEXT NOT NULL,        -- natural key within the source, makes imports idempotent
  ms_played INTEGER,
  skipped INTEGER NOT NULL DEFAULT 0,
  duplicate_of INTEGER REFERENCES plays(id) ON DELETE SET NULL,
  import_run_id INTEGER REFERENCES import_runs(id) ON DELETE SET NULL,
  UNIQUE (source, source_key)
);
CREATE INDEX plays_profile_time ON plays(profile_id, played_at);
CREATE INDEX plays_track ON plays(track_id);

CREATE TABLE models (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,              -- als, persona, budget, nextsong
  profile_id INTEGER NOT NULL REFERENCES profiles(id),
  params TEXT NOT NULL,            -- JSON
  metrics TEXT NOT NULL DEFAULT '{}', -- JSON
  file TEXT NOT NULL,              -- path of the serialised model, relative to the models folder
  trained_at INTEGER NOT NULL,
  active INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE playlists (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL DEFAULT 'manual', -- manual, radio, persona
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE playlist_items (
  playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  track_id INTEGER NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
  reason TEXT,
  PRIMARY KEY (playlist_id, position)
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL              -- JSON
);
