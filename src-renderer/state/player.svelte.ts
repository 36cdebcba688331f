// The player: one <audio> element, the queue, and play recording. Recording sends what was heard
// (see lib/listening.ts) when a track ends, is left for another, or the page goes away; the
// server decides from msPlayed whether that was a skip.
import { untrack } from 'svelte';
import type { EncoreApi } from '../../src-main/api/contract';
import type { TrackRow } from '../../src-main/db/tracks';
import { HeardTime } from '../lib/listening';
import * as Q from '../lib/queue';
import { connectMediaSession } from './media-session.svelte';

export interface QueueEntry {
  /** Unique per queue entry: the same track may be queued twice. */
  key: number;
  track: TrackRow;
  /** Why the radio queued it ("often follows X"); absent for tracks queued by hand. */
  reason?: string;
}

/** What the radio (state/radio.svelte.ts) listens for. */
export type PlayerEvent =
  { type: 'recorded'; trackId: number; skipped: boolean } | { type: 'queue-changed' };

const VOLUME_KEY = 'encore.volume';

function storedVolume(): number {
  const v = Number(localStorage.getItem(VOLUME_KEY) ?? '0.8');
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.8;
}

export class Player {
  queue = $state.raw<Q.Queue<QueueEntry>>(Q.emptyQueue);
  playing = $state(false);
  /** Seconds. */
  position = $state(0);
  duration = $state(0);
  volume = $state(storedVolume());
  error = $state<string | null>(null);
  readonly current = $derived(Q.current(this.queue)?.track ?? null);
  readonly state = $derived(this.current ? (this.playing ? 'playing' : 'paused') : 'idle');
  readonly upcoming = $derived(Q.upcoming(this.queue));

  private audio: HTMLAudioElement | null = null;
  private readonly heard = new HeardTime();
  /** The play being listened to: which track, since when. Null once recorded. */
  private open: { trackId: number; startedAtMs: number } | null = null;
  private loadedTrack: TrackRow | null = null;
  private feed: Q.QueueFeed<TrackRow> | null = null;
  private nextKey = 1;
  private listeners: ((event: PlayerEvent) => void)[] = [];

  constructor(private readonly api: EncoreApi) {}

  /** Calls `listener` on every recorded play and queue change; returns the unsubscribe. */
  listen(listener: (event: PlayerEvent) => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  private emit(event: PlayerEvent): void {
    for (const l of this.listeners) l(event);
  }

  /**
   * Binds the player to its <audio> element; use as `{@attach player.attach}`. Untracked: an
   * attachment re-runs when state it reads changes, and re-binding would cut the open play short.
   */
  attach = (audio: HTMLAudioElement) => untrack(() => this.bind(audio));

  private bind(audio: HTMLAudioElement): () => void {
    this.audio = audio;
    audio.volume = this.volume;
    const on = <K extends keyof HTMLMediaElementEventMap>(type: K, fn: () => void) => {
      audio.addEventListener(type, fn);
      return () => audio.removeEventListener(type, fn);
    };
    const onPageHide = () => this.recordPlay();
    // A paused player in a hidden page may never come back (the tab is closed without pagehide on
    // some platforms); a playing one is still being heard, so its play stays open.
    const onVisibility = () => {
      if (document.visibilityState === 'hidden' && audio.paused) this.recordPlay();
    };
    window.addEventListener('pagehide', onPageHide);
    document.addEventListener('visibilitychange', onVisibility);
    const offs = [
      on('playing', () => {
        this.playing = true;
        this.error = null;
        this.heard.resume(audio.currentTime);
        this.openPlay();
      }),
      on('play', () => (this.playing = true)),
      on('pause', () => {
        this.playing = false;
        this.heard.pause();
      }),
      on('timeupdate', () => {
        this.position = audio.currentTime;
        if (!audio.paused && !audio.seeking) {
          this.heard.tick(audio.currentTime);
          this.openPlay();
        }
      }),
      on('seeking', () => this.heard.seeked(audio.currentTime)),
      on('durationchange', () => {
        if (Number.isFinite(audio.duration)) this.duration = audio.duration;
      }),
      on('ended', () => {
        this.heard.tick(audio.currentTime);
        this.heard.pause();
        this.playing = false;
        void this.next();
      }),
      on('error', () => {
        this.playing = false;
        this.heard.pause();
        this.error = `Cannot play “${this.current?.title ?? 'this track'}”: the file could not be read.`;
      }),
      connectMediaSession(this),
      () => window.removeEventListener('pagehide', onPageHide),
      () => document.removeEventListener('visibilitychange', onVisibility),
    ];
    return () => {
      this.recordPlay();
      offs.forEach((off) => off());
      this.audio = null;
    };
  }

  /** Plays `tracks[index]`; the queue is the list from there on, extended lazily by `feed`. */
  playList(tracks: readonly TrackRow[], index: number, feed?: Q.QueueFeed<TrackRow>): void {
    this.feed = feed ?? null;
    this.queue = Q.startAt(this.entries(tracks.slice(index)), 0);
    this.load(true);
  }

  toggle(): void {
    if (!this.audio || !this.current) return;
    if (this.audio.paused) this.play();
    else this.audio.pause();
  }

  play(): void {
    this.audio?.play().catch((e: unknown) => {
      if (e instanceof Error && e.name !== 'AbortError') this.error = e.message;
    });
  }

  pause(): void {
    this.audio?.pause();
  }

  seek(seconds: number): void {
    if (!this.audio || !this.current) return;
    const end = this.duration || Number.MAX_SAFE_INTEGER;
    this.audio.currentTime = Math.min(Math.max(0, seconds), end);
    this.position = this.audio.currentTime;
  }

  seekBy(delta: number): void {
    this.seek((this.audio?.currentTime ?? 0) + delta);
  }

  async next(): Promise<void> {
    if (!Q.hasNext(this.queue)) await this.refill();
    const moved = Q.next(this.queue);
    if (moved) {
      this.queue = moved;
      this.load(true);
    } else {
      this.recordPlay(); // end of the queue: stay on the last track, paused
      this.audio?.pause();
    }
  }

  previous(): void {
    const moved = Q.previous(this.queue, this.audio?.currentTime ?? 0);
    if (moved === 'restart') this.seek(0);
    else {
      this.queue = moved;
      this.load(true);
    }
  }

  jump(at: number): void {
    const moved = Q.jump(this.queue, at);
    if (!moved) return;
    this.queue = moved;
    this.load(true);
  }

  remove(at: number): void {
    const { queue, currentChanged } = Q.removeAt(this.queue, at);
    this.queue = queue;
    if (currentChanged) this.load(this.playing);
    void this.refill();
    this.emit({ type: 'queue-changed' });
  }

  /** Adds tracks at the end of the queue; with nothing queued, they start playing. */
  enqueue(tracks: readonly TrackRow[]): void {
    if (!this.current) return this.playList(tracks, 0);
    this.queue = Q.append(this.queue, this.entries(tracks));
  }

  /**
   * Takes the radio's picks (entries with a reason) out of what is still to come, so the radio can
   * choose again after a skip; tracks queued by hand stay.
   */
  dropRadioAhead(): void {
    const { items, index } = this.queue;
    const kept = items.slice(index + 1).filter((e) => e.reason === undefined);
    this.queue = { items: [...items.slice(0, index + 1), ...kept], index };
  }

  /** Adds the radio's picks, each with its reason; with nothing playing, the first one starts. */
  enqueueWithReasons(picks: readonly { track: TrackRow; reason: string }[]): void {
    const entries = picks.map(({ track, reason }) => ({ key: this.nextKey++, track, reason }));
    if (this.current) {
      this.queue = Q.append(this.queue, entries);
      return;
    }
    this.feed = null;
    this.queue = Q.startAt(entries, 0);
    this.load(true);
  }

  setVolume(volume: number): void {
    this.volume = Math.min(1, Math.max(0, volume));
    if (this.audio) this.audio.volume = this.volume;
    localStorage.setItem(VOLUME_KEY, String(this.volume));
  }

  private entries(tracks: readonly TrackRow[]): QueueEntry[] {
    return tracks.map((track) => ({ key: this.nextKey++, track }));
  }

  private load(autoplay: boolean): void {
    this.recordPlay();
    const track = this.current;
    this.loadedTrack = track;
    this.position = 0;
    this.duration = (track?.durationMs ?? 0) / 1000;
    this.error = null;
    if (!this.audio) return;
    if (!track) {
      this.audio.removeAttribute('src');
      this.audio.load();
      return;
    }
    this.audio.src = this.api.mediaUrl(track.id);
    if (autoplay) this.play();
    void this.refill();
    this.emit({ type: 'queue-changed' });
  }

  private async refill(): Promise<void> {
    if (!this.feed || this.feed.exhausted || !Q.needsRefill(this.queue)) return;
    const feed = this.feed;
    try {
      const rows = await feed.more();
      if (this.feed === feed && rows.length > 0) {
        this.queue = Q.append(this.queue, this.entries(rows));
      }
    } catch (e) {
      console.warn('Could not load more of the queue:', e);
    }
  }

  private openPlay(): void {
    if (!this.open && this.loadedTrack) {
      this.open = { trackId: this.loadedTrack.id, startedAtMs: Date.now() };
    }
  }

  /** Sends the open play, if anything of it was heard, and closes it. */
  private recordPlay(): void {
    const open = this.open;
    this.open = null;
    const msPlayed = this.heard.take();
    if (!open || msPlayed <= 0) return;
    this.api['plays.record']({ ...open, msPlayed })
      .then(({ skipped }) => this.emit({ type: 'recorded', trackId: open.trackId, skipped }))
      .catch((e: unknown) => {
        console.warn('Could not record a play:', e);
      });
  }
}
