import { setTimeout as sleep } from 'node:timers/promises';
import type { ParsedPlay } from './formats/types';

/**
 * A small client for Last.fm's `user.getRecentTracks` (https://www.last.fm/api/show/user.getRecentTracks).
 * Quirks it absorbs: every value is a string; names sit in `#text`; the page info is in `@attr`;
 * one track comes as an object, not a one-element array; the track playing right now comes first
 * with `@attr.nowplaying = "true"` and no date; errors are `{ error: <code>, message }`, sometimes
 * with HTTP 200.
 */
export const LASTFM_API_ROOT = 'https://ws.audioscrobbler.com/2.0/';
export const PAGE_SIZE = 200;

/** Error codes worth retrying: operation failed, service offline, temporarily unavailable, rate limit. */
const RETRYABLE = new Set([8, 11, 16, 29]);

export class LastfmError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`Last.fm error ${code}: ${message}`);
    this.name = 'LastfmError';
  }
}

export interface LastfmClientOptions {
  apiKey: string;
  apiRoot?: string;
  /** Last.fm asks for at most 5 requests per second averaged over 5 minutes. */
  minIntervalMs?: number;
  retries?: number;
  /** First back-off; doubles on each retry. */
  backoffMs?: number;
  signal?: AbortSignal;
}

export interface RecentTracksPage {
  page: number;
  totalPages: number;
  total: number;
  plays: ParsedPlay[];
}

interface RawTrack {
  artist?: { '#text'?: string; mbid?: string; name?: string };
  album?: { '#text'?: string; mbid?: string };
  name?: string;
  mbid?: string;
  date?: { uts?: string };
  '@attr'?: { nowplaying?: string };
}

export class LastfmClient {
  private lastRequest = 0;
  constructor(private readonly options: LastfmClientOptions) {}

  async recentTracks(
    user: string,
    q: { page: number; from?: number; to?: number },
  ): Promise<RecentTracksPage> {
    const params = new URLSearchParams({
      method: 'user.getrecenttracks',
      user,
      api_key: this.options.apiKey,
      format: 'json',
      limit: String(PAGE_SIZE),
      page: String(q.page),
    });
    if (q.from !== undefined) params.set('from', String(q.from));
    if (q.to !== undefined) params.set('to', String(q.to));
    const body = (await this.request(params)) as {
      recenttracks?: { track?: RawTrack | RawTrack[]; '@attr'?: Record<string, string> };
    };
    const recent = body.recenttracks;
    if (!recent)
      throw new LastfmError(0, 'the answer has no "recenttracks"; is the API root right?');
    const attr = recent['@attr'] ?? {};
    const raw =
      recent.track === undefined ? [] : Array.isArray(recent.track) ? recent.track : [recent.track];
    const plays: ParsedPlay[] = [];
    for (const t of raw) {
      if (t['@attr']?.nowplaying === 'true' || !t.date?.uts) continue;
      const playedAt = Number(t.date.uts);
      const artist = (t.artist?.['#text'] ?? t.artist?.name ?? '').trim();
      const title = (t.name ?? '').trim();
      if (!Number.isInteger(playedAt) || !artist || !title) continue;
      plays.push({
        playedAt,
        artist,
        title,
        album: t.album?.['#text']?.trim() || null,
        msPlayed: null,
        skipped: false,
        reasonEnd: null,
        mbid: t.mbid || null,
        sourceKey: `${playedAt}|${artist}|${title}`,
      });
    }
    return {
      page: Number(attr.page ?? q.page),
      totalPages: Number(attr.totalPages ?? 0),
      total: Number(attr.total ?? 0),
      plays,
    };
  }

  private async request(params: URLSearchParams): Promise<unknown> {
    const retries = this.options.retries ?? 5;
    const url = `${this.options.apiRoot ?? LASTFM_API_ROOT}?${params}`;
    for (let attempt = 0; ; attempt++) {
      await this.pace();
      let retryable: boolean;
      let failure: Error;
      try {
        const res = await fetch(url, { signal: this.options.signal });
        const text = await res.text();
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          // A proxy's HTML error page: judged by the status below.
        }
        const err = body as { error?: number; message?: string } | null;
        if (err && typeof err.error === 'number') {
          failure = new LastfmError(err.error, err.message ?? 'unknown error');
          retryable = RETRYABLE.has(err.error);
        } else if (res.ok && body) {
          return body;
        } else {
          failure = new LastfmError(res.status, `HTTP ${res.status} ${res.statusText}`);
          retryable = res.status >= 500 || res.status === 429;
        }
      } catch (e) {
        if (this.options.signal?.aborted) throw e;
        failure = e instanceof Error ? e : new Error(String(e));
        retryable = true; // network errors: the connection dropped, try again
      }
      if (!retryable || attempt >= retries) throw failure;
      await sleep((this.options.backoffMs ?? 1000) * 2 ** attempt, undefined, {
        signal: this.options.signal,
      });
    }
  }

  private async pace(): Promise<void> {
    const wait = this.lastRequest + (this.options.minIntervalMs ?? 250) - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal: this.options.signal });
    this.lastRequest = Date.now();
  }
}
