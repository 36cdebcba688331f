// What the Models screen can train, one row each: the model kinds the engine stores in `models`,
// the job kind whose progress the row follows, and the call that starts it.
import type { EncoreApi } from '../../../src-main/api/contract';
import type { ModelInfo } from '../../../src-main/recommend/handlers';

export interface Trainable {
  /** Test id prefix and key. */
  id: string;
  title: string;
  blurb: string;
  /** `models.kind` of the runs this row trains. */
  modelKind: string;
  /** `JobInfo.kind` of its job (`jobs.latest`). */
  jobKind: string;
  start: (api: EncoreApi) => Promise<unknown>;
  /** Also offers "Train on GPU" (tfjs on WebGL in a worker) when the window has WebGL2. */
  gpu?: boolean;
}

export const trainables: readonly Trainable[] = [
  {
    id: 'train-als',
    title: 'Taste (implicit ALS)',
    blurb:
      'For You, your personas and the radio’s taste part: what you play, weighted by how often.',
    modelKind: 'als',
    jobKind: 'train',
    start: (api) => api['models.train']({ kind: 'als' }),
  },
  {
    id: 'train-budget',
    title: 'Artist budgets (Poisson)',
    blurb: 'How you spread plays over each artist’s tracks: breadth, deep cuts and their reasons.',
    modelKind: 'budget',
    jobKind: 'train-budget',
    start: (api) => api['models.train']({ kind: 'budget' }),
  },
  {
    id: 'train-radio',
    title: 'Next song (GRU)',
    blurb: 'What tends to follow what in your listening sessions: the radio’s sequence part.',
    modelKind: 'nextsong',
    jobKind: 'radio-train',
    start: (api) => api['radio.train']({}),
    gpu: true,
  },
];

/** The newest run of a kind, for "trained 3 h ago" and Train/Retrain. */
export function latestRun(models: readonly ModelInfo[], kind: string): ModelInfo | undefined {
  return models
    .filter((m) => m.kind === kind)
    .reduce<ModelInfo | undefined>(
      (a, m) =>
        !a || m.trainedAt > a.trainedAt || (m.trainedAt === a.trainedAt && m.id > a.id) ? m : a,
      undefined,
    );
}
