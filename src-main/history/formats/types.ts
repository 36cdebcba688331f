/** One play as a history format reports it, before matching and storing. */
export interface ParsedPlay {
  /** UTC epoch seconds of the start of the play. */
  playedAt: number;
  artist: string;
  title: string;
  album: string | null;
  msPlayed: number | null;
  skipped: boolean;
  reasonEnd: string | null;
  /** Recording / track MBID when the source has one. */
  mbid: string | null;
  /** Natural key within the source (the importer adds an occurrence suffix for exact repeats). */
  sourceKey: string;
}

/** A parsed row: a play, or a row the format marks as not music (podcast, video, audiobook). */
export type ParsedRow =
  { play: ParsedPlay; dropped?: undefined } | { play?: undefined; dropped: string };

export interface HistoryFormat {
  /** Stored in `plays.source` and `import_runs.source`. */
  source: string;
  /** Shown to the listener. */
  label: string;
  /** Rows of the file, in file order; throws a RowError on the first malformed one. */
  rows(text: string, file: string): Iterable<ParsedRow>;
}

/** A malformed row: names the file, where in it (line or JSON index) and the field. */
export class RowError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}, ${where}, field "${field}": ${problem}`);
    this.name = 'RowError';
  }
}

export class UnknownFormatError extends Error {
  constructor(readonly file: string) {
    super(
      `${file} is not a listening-history file Encore knows (Last.fm CSV, Spotify StreamingHistory or ` +
        'extended streaming history JSON, ListenBrainz JSON / JSON lines, or an Encore history export).',
    );
    this.name = 'UnknownFormatError';
  }
}
