// What the For You screen asks the engine for. The engine imports it too: its warm-up
// (src-main/recommend/warm-up.ts) prepares this very request before the screen asks.
import { localOffsetS } from '../../lib/local-clock';

/** Recommended tracks the For You screen shows. */
export const FOR_YOU_LIMIT = 30;

/** `recommend.forYou`'s input as the screen sends it at `now`. */
export function forYouRequest(now: Date): { limit: number; tzOffsetS: number } {
  return { limit: FOR_YOU_LIMIT, tzOffsetS: localOffsetS(now) };
}
