// The listener's clock, as the engine's calls take it. No imports: the engine imports this module
// too (its For You warm-up asks what the screen asks, screens/foryou/request.ts).

/**
 * Seconds to add to UTC to get the listener's wall clock, as the stats calls and persona labels
 * take it (`Date#getTimezoneOffset` is minutes the other way round: −60 in Paris in winter).
 */
export function localOffsetS(now: Date): number {
  const minutes = -now.getTimezoneOffset();
  return minutes === 0 ? 0 : minutes * 60; // never -0: the engine's schema takes it, JSON shows "0"
}
