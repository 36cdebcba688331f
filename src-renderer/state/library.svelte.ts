// The library as the Library screen sees it: the main track listing, albums, artists, folders and
// scan errors, each reloaded when the engine says the library changed.
import type { AppInfo, EncoreApi } from '../../src-main/api/contract';
import type { AlbumRow, ArtistRow } from '../../src-main/db/tracks';
import type { LibraryFolder } from '../../src-main/db/folders';
import { TrackListing } from './tracks.svelte';

export class Library {
  readonly tracks: TrackListing;
  albums = $state.raw<AlbumRow[] | null>(null);
  artists = $state.raw<ArtistRow[] | null>(null);
  folders = $state.raw<LibraryFolder[] | null>(null);
  errors = $state.raw<{ path: string; message: string }[]>([]);
  info = $state.raw<AppInfo | null>(null);
  /** The last failure of a library call, shown until the next success. */
  problem = $state<string | null>(null);
  // Subscribers, not displayed state: nothing renders from this set.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private readonly changeListeners = new Set<() => void>();

  constructor(private readonly api: EncoreApi) {
    this.tracks = new TrackListing(api);
  }

  async loadInfo(): Promise<void> {
    this.info = await this.api['app.info']({});
  }

  loadAlbums = () => this.attempt(async () => (this.albums = await this.api['library.albums']({})));
  loadArtists = () =>
    this.attempt(async () => (this.artists = await this.api['library.artists']({})));
  loadFolders = () =>
    this.attempt(async () => {
      [this.folders, this.errors] = await Promise.all([
        this.api['library.folders']({}),
        this.api['library.errors']({}),
      ]);
    });

  addFolder = (path: string) =>
    this.attempt(async () => {
      await this.api['library.addFolder']({ path });
      await this.loadFolders();
    });

  /** Asks the host for a folder (Electron's dialog); adds it unless the listener cancelled. */
  pickFolder = () =>
    this.attempt(async () => {
      const { path } = await this.api['library.pickFolder']({});
      if (path) await this.addFolder(path);
    });

  removeFolder = (id: number) =>
    this.attempt(async () => {
      await this.api['library.removeFolder']({ id });
      await this.loadFolders();
    });

  /** Starts a scan of every folder; progress arrives as job events. */
  scan = () => this.attempt(async () => (await this.api['library.scan']({})).jobId);

  /** Subscribes a view that owns its own listing (an album's tracks) to library changes. */
  onChanged(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** A `library-changed` event: re-query whatever has been loaded. */
  changed(): void {
    this.tracks.refresh();
    if (this.albums) void this.loadAlbums();
    if (this.artists) void this.loadArtists();
    if (this.folders) void this.loadFolders();
    this.changeListeners.forEach((l) => l());
  }

  private async attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await work();
      this.problem = null;
      return value;
    } catch (e) {
      this.problem = e instanceof Error ? e.message : String(e);
      return undefined;
    }
  }
}
