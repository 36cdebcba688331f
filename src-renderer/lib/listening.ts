// How much of a track was actually heard. The position alone lies: a listener who seeks to the
// last ten seconds has not heard the song. So we sum the forward steps of the playhead between
// consecutive `timeupdate` events while playing, and drop any step that is a jump (a seek) rather
// than playback (browsers fire timeupdate every 15–250 ms, so a real step is well under a second).

/** Steps longer than this are seeks, not listening. */
export const MAX_STEP_MS = 1500;

export class HeardTime {
  private lastMs: number | null = null;
  private heard = 0;

  /** Playback (re)started at `positionSec`; the next tick measures from here. */
  resume(positionSec: number): void {
    this.lastMs = positionSec * 1000;
  }

  /** Playback stopped (pause, end, error): nothing counts until `resume`. */
  pause(): void {
    this.lastMs = null;
  }

  /** A `timeupdate` while playing. */
  tick(positionSec: number): void {
    const now = positionSec * 1000;
    if (this.lastMs !== null) {
      const step = now - this.lastMs;
      if (step > 0 && step <= MAX_STEP_MS) this.heard += step;
    }
    this.lastMs = now;
  }

  /** The user moved the playhead: the jump itself is not listening. */
  seeked(positionSec: number): void {
    if (this.lastMs !== null) this.lastMs = positionSec * 1000;
  }

  get ms(): number {
    return Math.round(this.heard);
  }

  /** Returns the heard time and starts counting from zero (a play was recorded). */
  take(): number {
    const ms = this.ms;
    this.heard = 0;
    return ms;
  }
}
