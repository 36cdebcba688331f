import { describe, expect, it } from 'vitest';
import { fixtureText, parseFixture } from './fixture';

describe('Spotify exports', () => {
  it('turns basic endTime (UTC) minus msPlayed into the start of the play', () => {
    const { source, plays } = parseFixture('spotify/basic-streaming-history.json');
    expect(source).toBe('spotify-basic');
    expect(plays[0]).toMatchObject({
      playedAt: Date.parse('2019-03-02T13:50:00Z') / 1000 - 184,
      msPlayed: 183871,
      skipped: false,
      album: null,
    });
  });

  it('marks plays shorter than 30 s as skips', () => {
    const { plays } = parseFixture('spotify/basic-streaming-history.json');
    expect(plays.map((p) => p.skipped)).toEqual([false, true, true, false]);
  });

  it('tells two plays of one song ending in the same minute apart by ms played', () => {
    const { plays } = parseFixture('spotify/basic-streaming-history.json');
    expect(new Set(plays.map((p) => p.sourceKey)).size).toBe(4);
  });

  it('names JSON index 1 and msPlayed when the field is missing', () => {
    expect(() => parseFixture('spotify/basic-msplayed-missing-at-index-1.json')).toThrow(
      /JSON index 1, field "msPlayed": expected a number/,
    );
  });

  it('keeps ms played, skipped and reason_end from extended history and drops the podcast', () => {
    const { source, plays, dropped } = parseFixture(
      'spotify/extended-with-podcast-and-ip-address.json',
    );
    expect(source).toBe('spotify-extended');
    expect(dropped).toBe(1);
    expect(plays.map((p) => [p.title, p.msPlayed, p.skipped, p.reasonEnd])).toEqual([
      ['Tidewater', 61839, true, 'fwdbtn'],
      ['Glass Half Full', 200000, false, 'trackdone'],
    ]);
    expect(plays[0]!.playedAt).toBe(Date.parse('2023-02-25T11:20:37Z') / 1000 - 62);
  });

  it('never carries the IP address into a parsed play', () => {
    expect(fixtureText('spotify/extended-with-podcast-and-ip-address.json')).toContain(
      '203.0.113.7',
    );
    const { plays } = parseFixture('spotify/extended-with-podcast-and-ip-address.json');
    expect(JSON.stringify(plays)).not.toContain('203.0.113.7');
  });
});
