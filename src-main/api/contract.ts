/**
 * The one API contract (STYLE.md §2). Each entry: an input schema (strict: unknown keys are
 * rejected), an output type, and whether it is a plain call or a long job that streams progress.
 * The Electron preload, the `serve` HTTP host, the renderer's client and the CLI all derive from it.
 */
import { z } from 'zod';
import { id, shortText, filePath, none } from './schema';
import type { LibraryFolder } from '../db/folders';
import type { TrackRow, TrackDetail, AlbumRow, ArtistRow, LibraryStats } from '../db/tracks';
import type { PlayRow } from '../db/plays';
import type { JobInfo } from './jobs';
import type { ImportRun } from '../db/imports';
import type * as Stats from '../db/history-stats';
import type * as Rec from '../recommend/for-you';
import type { DeepCuts } from '../recommend/deep-cuts';
import type { ModelInfo } from '../recommend/handlers';
import type * as Persona from '../recommend/personas';
import type { PlaylistRow } from '../db/playlists';
import type { PlaylistEntry, PlaylistExport } from '../playlists/handlers';
import type { M3uImport } from '../playlists/import-m3u';
import type { RadioPick } from '../recommend/radio-engine';
import type * as RadioGpu from '../recommend/radio-gpu';

interface Entry<I extends z.ZodType, O, K extends 'call' | 'job' = 'call'> {
  input: I;
  kind: K;
  /** Type-only marker; never read at run time. */
  output?: O;
}
const call =
  <O>() =>
  <I extends z.ZodType>(input: I): Entry<I, O> => ({ input, kind: 'call' });
const job = <I extends z.ZodType>(input: I): Entry<I, { jobId: string }, 'job'> => ({
  input,
  kind: 'job',
});

const playlistItemsInput = z
  .array(z.object({ trackId: id, reason: shortText.nullable().optional() }).strict())
  .max(10_000);
const playlistName = z.string().trim().min(1).max(200);
const trackIds = z.array(id).max(1000);

/**
 * A GPU-trained radio GRU travels as base64 (JSON for both hosts): 200,000 tracks × 128 units of
 * float32 embeddings is ~100 MiB of bytes, ~137 MiB of base64. `serve` raises its body limit
 * for `radio.adoptModel` alone to fit (src-main/serve/api.ts).
 */
export const RADIO_GPU_LIMITS = { tracks: 200_000, modelBase64: 150 * 1024 * 1024 } as const;

const epochS = z.number().int().min(0).max(1e11);
const statsRange = z
  .object({
    from: epochS.optional(),
    to: epochS.optional(),
    tzOffsetS: z.number().int().min(-50_400).max(50_400).optional(), // ±14 h
  })
  .strict();

export interface AppInfo {
  host: 'electron' | 'serve' | 'direct';
  version: string;
  demo: boolean;
  canPickFolders: boolean;
  /** Whether this host can keep a Last.fm API key (encrypted); serve and the CLI read the env. */
  canStoreSecrets: boolean;
}

export const contract = {
  'app.info': call<AppInfo>()(none),
  'library.folders': call<LibraryFolder[]>()(none),
  'library.addFolder': call<LibraryFolder>()(z.object({ path: filePath }).strict()),
  'library.removeFolder': call<{ removed: boolean }>()(z.object({ id }).strict()),
  'library.pickFolder': call<{ path: string | null }>()(none),
  'library.scan': job(z.object({ folderIds: z.array(id).max(1000).optional() }).strict()),
  'library.tracks': call<{ total: number; rows: TrackRow[] }>()(
    z
      .object({
        query: shortText.optional(),
        sort: z.enum(['title', 'artist', 'album', 'year', 'duration', 'added', 'plays']).optional(),
        dir: z.enum(['asc', 'desc']).optional(),
        offset: z.number().int().min(0).max(10_000_000).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        artistId: id.optional(),
        albumId: id.optional(),
      })
      .strict(),
  ),
  'library.track': call<TrackDetail | null>()(z.object({ id }).strict()),
  'library.albums': call<AlbumRow[]>()(z.object({ query: shortText.optional() }).strict()),
  'library.artists': call<ArtistRow[]>()(z.object({ query: shortText.optional() }).strict()),
  'library.stats': call<LibraryStats>()(none),
  'lastfm.setKey': call<{ stored: true }>()(
    z.object({ key: z.string().trim().min(1).max(128) }).strict(),
  ),
  'library.errors': call<{ path: string; message: string }[]>()(none),
  'plays.record': call<{ id: number; skipped: boolean }>()(
    z
      .object({
        trackId: id,
        startedAtMs: z.number().int().min(0).max(8.64e15),
        msPlayed: z
          .number()
          .int()
          .min(0)
          .max(48 * 3600 * 1000),
      })
      .strict(),
  ),
  'plays.recent': call<PlayRow[]>()(
    z.object({ limit: z.number().int().min(1).max(1000) }).strict(),
  ),
  'jobs.list': call<JobInfo[]>()(none),
  'jobs.cancel': call<{ cancelled: boolean }>()(z.object({ jobId: z.string().max(64) }).strict()),
  // Listening history (issue 3): imports are jobs; stats take a UTC range and the local offset.
  'import.files': job(
    z
      .object({ paths: z.array(filePath).min(1).max(10_000), profile: shortText.optional() })
      .strict(),
  ),
  // No API root here: only the CLI may point the key at another server (tests' loopback replay).
  'import.lastfm': job(z.object({ user: z.string().min(1).max(64) }).strict()),
  'import.runs': call<ImportRun[]>()(
    z.object({ limit: z.number().int().min(1).max(1000) }).strict(),
  ),
  'stats.weekly': call<Stats.WeekCount[]>()(statsRange),
  'stats.heatmap': call<Stats.HeatCell[]>()(statsRange),
  'stats.discovery': call<Stats.DiscoveryPoint[]>()(statsRange),
  'stats.top': call<Stats.TopLists>()(
    statsRange.extend({ limit: z.number().int().min(1).max(500) }).strict(),
  ),
  'stats.unmatchedArtists': call<Stats.TopArtist[]>()(
    z.object({ limit: z.number().int().min(1).max(500) }).strict(),
  ),
  'history.sessions': call<Stats.SessionSummary>()(statsRange),
  // Recommendations (issue 4): "Train a model first" (NoModelError) until a model is trained.
  'models.train': job(z.object({ kind: z.enum(['als', 'budget']) }).strict()),
  'models.list': call<ModelInfo[]>()(none),
  'recommend.forYou': call<Rec.ForYou>()(
    z
      .object({
        limit: z.number().int().min(1).max(500),
        tzOffsetS: z.number().int().min(-50_400).max(50_400).optional(), // persona labels' times
      })
      .strict(),
  ),
  // Issue 5: "Train the artist-budget model first" (NoModelError) until `models.train {kind: 'budget'}`.
  'recommend.deepCuts': call<DeepCuts>()(
    z.object({ limit: z.number().int().min(1).max(500) }).strict(),
  ),
  'recommend.similar': call<Rec.SimilarTrack[]>()(
    z.object({ trackId: id, limit: z.number().int().min(1).max(500) }).strict(),
  ),
  'recommend.explain': call<Rec.Explained>()(z.object({ trackId: id }).strict()),
  // Personas (issue 5): the listener's history folded into 1–8 personas against the ALS model.
  'personas.list': call<Persona.Personas>()(
    z
      .object({
        personas: z.number().int().min(1).max(8).optional(),
        tzOffsetS: z.number().int().min(-50_400).max(50_400).optional(),
      })
      .strict(),
  ),
  'personas.map': call<Persona.PersonaMapPoint[]>()(
    z.object({ personas: z.number().int().min(1).max(8).optional() }).strict(),
  ),
  'personas.play': call<TrackRow[]>()(
    z
      .object({
        personas: z.number().int().min(1).max(8).optional(),
        persona: z.number().int().min(0).max(7),
        n: z.number().int().min(1).max(500),
      })
      .strict(),
  ),
  // Playlists and radio (issue 6).
  'playlists.list': call<PlaylistRow[]>()(none),
  'playlists.get': call<{ playlist: PlaylistRow; items: PlaylistEntry[] } | null>()(
    z.object({ id }).strict(),
  ),
  'playlists.create': call<PlaylistRow>()(
    z
      .object({
        name: playlistName,
        items: playlistItemsInput,
        kind: z.enum(['manual', 'radio']).optional(),
      })
      .strict(),
  ),
  'playlists.rename': call<{ renamed: boolean }>()(z.object({ id, name: playlistName }).strict()),
  'playlists.setItems': call<{ updated: boolean }>()(
    z.object({ id, items: playlistItemsInput }).strict(),
  ),
  'playlists.delete': call<{ deleted: boolean }>()(z.object({ id }).strict()),
  // Paths in the file are relative to `folder` (where it will be saved) when given.
  'playlists.export': call<PlaylistExport>()(
    z.object({ id, format: z.enum(['m3u8', 'xspf']), folder: filePath.optional() }).strict(),
  ),
  'playlists.import': call<M3uImport>()(
    z.object({ path: filePath, name: playlistName.optional() }).strict(),
  ),
  'radio.next': call<RadioPick[]>()(
    z
      .object({
        history: trackIds,
        skipped: trackIds.optional(),
        exclude: trackIds.optional(),
        n: z.number().int().min(1).max(100),
        // Lock to one persona (its index in `personas.list` folded into `personas`, default 3).
        persona: z.number().int().min(0).max(7).optional(),
        personas: z.number().int().min(1).max(8).optional(),
      })
      .strict(),
  ),
  // Fits the radio's GRU on the library's sessions (a worker); the radio blends it in once done.
  'radio.train': job(
    z
      .object({
        epochs: z.number().int().min(1).max(50).optional(),
        units: z.number().int().min(8).max(256).optional(),
        // Train afresh; otherwise the last GRU is fine-tuned on the sessions since, when it fits.
        full: z.boolean().optional(),
      })
      .strict(),
  ),
  // The GPU path (issue 6): the renderer trains the radio's GRU with tfjs on WebGL in a worker on
  // these sessions, then hands the weights back to be checked, weighed into the blend and kept.
  'radio.trainingSet': call<RadioGpu.TrainingSet>()(none),
  'radio.adoptModel': call<RadioGpu.Adopted>()(
    z
      .object({
        trackIds: z.array(id).max(RADIO_GPU_LIMITS.tracks),
        model: z.string().min(8).max(RADIO_GPU_LIMITS.modelBase64),
        backend: z.string().min(1).max(40),
        trainSeconds: z.number().min(0).max(1e7),
      })
      .strict(),
  ),
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type Input<N extends CallName> = z.input<Contract[N]['input']>;
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type Output<N extends CallName> =
  NonNullable<Contract[N]['output']> extends never
    ? never
    : Exclude<Contract[N]['output'], undefined>;

export const callNames = Object.keys(contract) as CallName[];

/** Events pushed from the engine to every connected UI. */
export type EngineEvent =
  { type: 'job'; job: JobInfo } | { type: 'library-changed' } | { type: 'plays-changed' };

/** The result envelope every host returns: handlers never throw across a boundary. */
export type Result<T> =
  { ok: true; value: T } | { ok: false; error: { name: string; message: string } };

/** The client the renderer sees as `window.encore`. */
export type EncoreApi = {
  [N in CallName]: (input: Input<N>) => Promise<Output<N>>;
} & {
  onEvent(listener: (event: EngineEvent) => void): () => void;
  mediaUrl(trackId: number): string;
  /** Electron only: the real path of a dropped file (a browser never reveals one). */
  pathForFile?(file: File): string;
};
