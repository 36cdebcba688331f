import type { Db } from '../db/connection';
import { trackById, type TrackRow } from '../db/tracks';
import { normalizeArtist } from '../history/normalize';
import { topK } from '../../models/topk';
import type { LoadedBudget } from './active-budget';
import { countBreadth } from './artist-breadth';
import { deepCutLine, type ArtistBreadth } from './budget-lines';

/**
 * An artist is loved *broadly* when the listener's plays of it spread over at least this many
 * tracks (exp of the plays' entropy: 20 plays of one track and 1 each of two others is ~1.4).
 */
export const BROAD_EFFECTIVE_TRACKS = 2;
/** Under-played: at most this share of the plays the artist's average played track gets. */
export const UNDER_PLAYED_SHARE = 0.5;

export interface DeepCut {
  track: TrackRow;
  /** The listener's listened plays of this track (the plays table). */
  plays: number;
  /** The model's expected plays for it: E[b_ua]·θ_us. */
  expected: number;
  artist: ArtistBreadth;
  /** "You spread 120 plays over 14 of Björk's tracks; this one you have played once". */
  why: string;
}

export interface DeepCuts {
  modelId: number;
  trainedAt: number;
  tracks: DeepCut[];
}

/**
 * Deep cuts (issue 5): tracks of artists the listener plays broadly that they have never played or
 * play at most half as often as that artist's average track. Ranked by the artist's breadth-aware
 * affinity (BudgetModel.spread) times expected over actual plays, E[b_ua]·θ_us / (r_us + 1).
 * Not BudgetModel.deepCuts' absolute gap E − r: on a dense history the Poisson fit leaves its
 * largest gaps on the *most* played tracks (residuals grow with the count), which are no deep cuts.
 * Present library files only.
 */
export function deepCuts(db: Db, profileId: number, loaded: LoadedBudget, limit: number): DeepCuts {
  const { model, trackIds, artistNames, profileRow } = loaded.budget;
  const { byArtist, counts, tastes } = countBreadth(db, profileId);
  const affinity = new Map(
    model
      .spread(profileRow)
      .filter((s) => s.effectiveTracks >= BROAD_EFFECTIVE_TRACKS)
      .map((s) => [normalizeArtist(artistNames[s.artist]!), s.affinity]),
  );
  const expected = new Float32Array(model.items);
  model.scoreRow(profileRow, expected);
  const gain = new Float32Array(model.items).fill(-Infinity);
  trackIds.forEach((id, c) => {
    const t = tastes.get(id);
    if (!t || t.missing) return;
    const key = normalizeArtist(t.artist);
    const b = byArtist.get(key);
    const a = affinity.get(key);
    const plays = counts.get(id) ?? 0;
    if (!b || a === undefined || plays > (UNDER_PLAYED_SHARE * b.plays) / b.tracksPlayed) return;
    gain[c] = (a * expected[c]!) / (plays + 1);
  });
  const ranked = topK(gain, limit);
  const tracks = Array.from(ranked.items, (c): DeepCut | null => {
    const track = trackById(db, trackIds[c]!);
    const artist = track && byArtist.get(normalizeArtist(track.artist));
    if (!track || !artist) return null;
    const plays = counts.get(track.id) ?? 0;
    return { track, plays, expected: expected[c]!, artist, why: deepCutLine(artist, plays) };
  }).filter((t) => t !== null);
  return { modelId: loaded.row.id, trainedAt: loaded.row.trainedAt, tracks };
}
