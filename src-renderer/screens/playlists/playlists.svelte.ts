// The Playlists screen's state: the list, the open playlist, and exports as downloads (serve and
// Electron alike: the engine returns the text, the page saves it).
import type { EncoreApi, Output } from '../../../src-main/api/contract';
import type { PlaylistRow } from '../../../src-main/db/playlists';

export type OpenPlaylist = NonNullable<Output<'playlists.get'>>;

export class PlaylistsState {
  list = $state.raw<PlaylistRow[]>([]);
  open = $state.raw<OpenPlaylist | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);

  constructor(private readonly api: EncoreApi) {}

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.list = await this.api['playlists.list']({});
      this.error = null;
    } catch (e) {
      this.error = message(e);
    } finally {
      this.loading = false;
    }
  }

  async show(id: number): Promise<void> {
    try {
      this.open = await this.api['playlists.get']({ id });
      if (!this.open) this.error = 'That playlist no longer exists.';
    } catch (e) {
      this.error = message(e);
    }
  }

  async remove(id: number): Promise<void> {
    await this.run(() => this.api['playlists.delete']({ id }));
    if (this.open?.playlist.id === id) this.open = null;
    await this.load();
  }

  async rename(id: number, name: string): Promise<void> {
    await this.run(() => this.api['playlists.rename']({ id, name }));
    await this.load();
    if (this.open?.playlist.id === id) await this.show(id);
  }

  async download(id: number, format: 'm3u8' | 'xspf'): Promise<void> {
    const file = await this.run(() => this.api['playlists.export']({ id, format }));
    if (!file) return;
    const url = URL.createObjectURL(new Blob([file.text], { type: file.mimeType }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await fn();
      this.error = null;
      return value;
    } catch (e) {
      this.error = message(e);
      return undefined;
    }
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
