// The OS media controls (keyboard media keys, lock screen, the Electron/Chromium media hub) drive
// the same player methods as the player bar.
import type { Player } from './player.svelte';

type Controls = Pick<Player, 'play' | 'pause' | 'next' | 'previous' | 'seek' | 'seekBy'> & {
  readonly current: { title: string; artist: string; album: string | null } | null;
  readonly position: number;
  readonly duration: number;
  readonly playing: boolean;
};

const SKIP_SEC = 10;

export function connectMediaSession(player: Controls): () => void {
  if (!('mediaSession' in navigator)) return () => {};
  const session = navigator.mediaSession;
  const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
    ['play', () => player.play()],
    ['pause', () => player.pause()],
    ['previoustrack', () => player.previous()],
    ['nexttrack', () => void player.next()],
    ['seekto', (d) => d.seekTime !== undefined && player.seek(d.seekTime)],
    ['seekbackward', (d) => player.seekBy(-(d.seekOffset ?? SKIP_SEC))],
    ['seekforward', (d) => player.seekBy(d.seekOffset ?? SKIP_SEC)],
  ];
  for (const [action, handler] of handlers) {
    try {
      session.setActionHandler(action, handler);
    } catch {
      // an action this browser does not know: the others still work
    }
  }
  const stop = $effect.root(() => {
    $effect(() => {
      const t = player.current;
      session.metadata = t
        ? new MediaMetadata({ title: t.title, artist: t.artist, album: t.album ?? '' })
        : null;
    });
    $effect(() => {
      session.playbackState = player.current ? (player.playing ? 'playing' : 'paused') : 'none';
    });
  });
  return () => {
    stop();
    for (const [action] of handlers) {
      try {
        session.setActionHandler(action, null);
      } catch {
        // see above
      }
    }
  };
}
