import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src-main/history/formats/detect';
import { fixtureText, parseFixture } from './fixture';

describe('ListenBrainz exports', () => {
  it('reads a JSON array of listens with the recording MBID and duration', () => {
    const { source, plays } = parseFixture('listenbrainz/listens-array.json');
    expect(source).toBe('listenbrainz');
    expect(plays[0]).toMatchObject({
      playedAt: 1674553320,
      album: 'Harbour Lights',
      mbid: 'bbbbbbbb-0000-4000-8000-000000000001',
      msPlayed: 201000,
    });
  });

  it('reads JSON lines to the same plays', () => {
    expect(parseFixture('listenbrainz/listens-json-lines.jsonl').plays).toEqual(
      parseFixture('listenbrainz/listens-array.json').plays,
    );
  });

  it('names line 2 and the track_name field when it is missing', () => {
    expect(() => parseFixture('listenbrainz/listen-without-track-name-at-line-2.jsonl')).toThrow(
      /line 2, field "track_metadata.track_name"/,
    );
  });
});

describe("Encore's own history export", () => {
  it('converts ISO times with offsets to UTC epoch seconds', () => {
    const { source, plays } = parseFixture('encore/times-with-offsets.json');
    expect(source).toBe('encore');
    expect(plays.map((p) => p.playedAt)).toEqual([
      Date.parse('2023-01-24T09:42:00Z') / 1000,
      Date.parse('2023-01-24T09:45:00Z') / 1000,
      Date.parse('2023-01-24T09:50:00Z') / 1000,
    ]);
  });

  it('refuses a local time without a zone rather than guess one', () => {
    expect(() => parseFixture('encore/local-time-without-zone.json')).toThrow(
      /plays\[0\], field "playedAt".*Z or an offset/,
    );
  });
});

describe('format detection', () => {
  it.each(['unknown/shopping-list.csv', 'unknown/settings-object.json'])(
    'names %s when it is no history format',
    (name) => {
      expect(() => detectFormat(fixtureText(name), name)).toThrow(
        new RegExp(`${name.replace('.', '\\.')} is not a listening-history file`),
      );
    },
  );

  it('goes by content, not by file name', () => {
    expect(
      detectFormat(fixtureText('spotify/basic-streaming-history.json'), 'scrobbles.csv').source,
    ).toBe('spotify-basic');
  });
});
