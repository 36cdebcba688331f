import { parseEpoch } from './time';
import { RowError, type HistoryFormat, type ParsedRow } from './types';

/**
 * ListenBrainz exports: a JSON array of listens, or JSON lines (one listen per line).
 * A listen: `{ listened_at, track_metadata: { artist_name, track_name, release_name,
 * additional_info: { recording_mbid, duration_ms, … } } }`.
 */
function toRow(listen: unknown, file: string, where: string): ParsedRow {
  const l = (listen ?? {}) as Record<string, unknown>;
  const playedAt = parseEpoch(l.listened_at);
  if (playedAt === null)
    throw new RowError(
      file,
      where,
      'listened_at',
      `${JSON.stringify(l.listened_at) ?? 'nothing'} is not epoch seconds.`,
    );
  const meta = l.track_metadata as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== 'object')
    throw new RowError(file, where, 'track_metadata', 'is missing.');
  const artist = typeof meta.artist_name === 'string' ? meta.artist_name.trim() : '';
  const title = typeof meta.track_name === 'string' ? meta.track_name.trim() : '';
  if (!artist)
    throw new RowError(file, where, 'track_metadata.artist_name', 'is missing or empty.');
  if (!title) throw new RowError(file, where, 'track_metadata.track_name', 'is missing or empty.');
  const info = (meta.additional_info ?? {}) as Record<string, unknown>;
  const mapping = (meta.mbid_mapping ?? {}) as Record<string, unknown>;
  const mbid = [info.recording_mbid, mapping.recording_mbid, info.track_mbid].find(
    (m) => typeof m === 'string' && m,
  ) as string | undefined;
  const duration = typeof info.duration_ms === 'number' ? info.duration_ms : null;
  return {
    play: {
      playedAt,
      artist,
      title,
      album:
        typeof meta.release_name === 'string' && meta.release_name.trim()
          ? meta.release_name.trim()
          : null,
      msPlayed: duration,
      skipped: false,
      reasonEnd: null,
      mbid: mbid ?? null,
      sourceKey: `${playedAt}|${artist}|${title}`,
    },
  };
}

export const listenbrainzJson: HistoryFormat = {
  source: 'listenbrainz',
  label: 'ListenBrainz export (JSON)',
  *rows(text, file) {
    const items = JSON.parse(text) as unknown[];
    for (let i = 0; i < items.length; i++) yield toRow(items[i], file, `JSON index ${i}`);
  },
};

export const listenbrainzLines: HistoryFormat = {
  source: 'listenbrainz',
  label: 'ListenBrainz export (JSON lines)',
  *rows(text, file) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!.trim();
      if (!line) continue;
      let listen: unknown;
      try {
        listen = JSON.parse(line);
      } catch {
        throw new RowError(file, `line ${i + 1}`, 'listen', 'is not valid JSON.');
      }
      yield toRow(listen, file, `line ${i + 1}`);
    }
  },
};
