import { writeFileSync } from 'node:fs';
import { defaultAlsParams, type AlsParams } from '../../models/als';
import { defaultBudgetParams } from '../../models/budget/fit';
import { evaluate } from '../../models/eval/evaluate';
import { holdoutSplit } from '../../models/eval/split';
import { nnz, type Csr } from '../../models/sparse';
import { searchAls } from '../training/als-search';
import { fitModel, modelNames, type ModelName } from '../training/fit-model';
import { ItemIndex } from '../../models/item-index';
import { readInteractions, widen, type InteractionFormat } from '../training/interactions';
import { readHistoryFiles } from '../training/nextsong-history';
import { evaluateTracks, trackSplit, type TrackData } from '../training/track-eval';
import { parseStrict, UsageError, type Command } from './command';

const usage = `Usage: encore eval --interactions <file> [--format uid,iid,count|hetrec] --model als|persona|pop|itemknn|random
       encore eval --history <export file> [--history <file> …] --model als|persona|budget|pop|itemknn|random
                   [--personas P --assignment hard|soft --temperature T] [--temperature T --artist-bias]
                   [--factors F --alpha A --lambda L --eps E --confidence log|linear --iterations N
                    --cg-steps S --seed S --threads T] [--neighbours K]
                   [--holdout 0.2 --min-items 5] [--train <file> --test <file>]
                   [--search [--alphas 0.5,1,2 --lambdas 0.01,0.1,1] [--heatmap grid.svg]] [--json]

Fits a model on a training split and scores it on held-out plays: expected percentile rank (epr),
precision, recall, nDCG and hit-rate at 10, and MRR, each with a 95 % bootstrap interval.
  --interactions <file>  plays to split per row (--holdout of each row's items, rows with ≥ --min-items)
  --train/--test <file>  a given split instead (e.g. one shared with another library)
  --history <file>       a listening-history export (Last.fm CSV, Spotify, ListenBrainz, Encore), at
                         track level: sessions as rows, the last 20 % of sessions as test rows with
                         the first half of their tracks as history (docs/models.md); adds the
                         within-artist percentile (lower is better, chance 0.5) and diversity@20
  --model budget         the artist-budget model (track level only); --temperature T (default 1)
                         tempers its counts, --artist-bias fits a per-artist budget rate
  --search               tune alpha × lambda for ALS on a validation split of the training side first;
                         --heatmap writes the grid as an SVG picture
  (Evaluating on a library database's plays, --db, is not available yet.)
`;

const list = (text: string | undefined, fallback: number[]) =>
  text ? text.split(',').map(Number) : fallback;

function numberOption(values: Record<string, unknown>, name: string, fallback: number): number {
  const text = values[name];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (typeof text !== 'string' || text.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${name} must be a number, not "${String(text)}".`);
  }
  return n;
}

const command: Command = {
  usage,
  async run(argv, io) {
    const { values } = parseStrict({
      args: argv,
      options: {
        interactions: { type: 'string' },
        history: { type: 'string', multiple: true },
        'artist-bias': { type: 'boolean' },
        format: { type: 'string', default: 'uid,iid,count' },
        model: { type: 'string', default: 'als' },
        train: { type: 'string' },
        test: { type: 'string' },
        holdout: { type: 'string' },
        'min-items': { type: 'string' },
        factors: { type: 'string' },
        alpha: { type: 'string' },
        lambda: { type: 'string' },
        eps: { type: 'string' },
        confidence: { type: 'string' },
        iterations: { type: 'string' },
        'cg-steps': { type: 'string' },
        seed: { type: 'string' },
        threads: { type: 'string' },
        neighbours: { type: 'string' },
        personas: { type: 'string' },
        assignment: { type: 'string' },
        temperature: { type: 'string' },
        search: { type: 'boolean' },
        alphas: { type: 'string' },
        lambdas: { type: 'string' },
        heatmap: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    const format = values.format as InteractionFormat;
    if (format !== 'uid,iid,count' && format !== 'hetrec')
      throw new UsageError(`--format must be uid,iid,count or hetrec, not "${format}".`);
    const model = values.model as ModelName;
    if (!modelNames.includes(model))
      throw new UsageError(`--model must be one of ${modelNames.join(', ')}, not "${model}".`);
    if (values.confidence && values.confidence !== 'log' && values.confidence !== 'linear') {
      throw new UsageError(`--confidence must be log or linear, not "${values.confidence}".`);
    }
    const seed = numberOption(values, 'seed', defaultAlsParams.seed);
    let als: AlsParams = {
      factors: numberOption(values, 'factors', defaultAlsParams.factors),
      alpha: numberOption(values, 'alpha', defaultAlsParams.alpha),
      lambda: numberOption(values, 'lambda', defaultAlsParams.lambda),
      eps: numberOption(values, 'eps', defaultAlsParams.eps),
      confidence:
        (values.confidence as AlsParams['confidence'] | undefined) ?? defaultAlsParams.confidence,
      iterations: numberOption(values, 'iterations', defaultAlsParams.iterations),
      cgSteps: numberOption(values, 'cg-steps', defaultAlsParams.cgSteps),
      seed,
    };
    const threads = values.threads ? numberOption(values, 'threads', 0) : undefined;

    const tracks = values.history?.length ? readTracks(values) : null;
    if (model === 'budget' && !tracks)
      throw new UsageError('--model budget needs track-level data: give --history <export file>.');
    const { train, test, split } = tracks
      ? { train: tracks.train, test: tracks.test, split: { kind: 'sessions', ...tracks.protocol } }
      : readSplit(values, format, seed);
    const log = (text: string) => io.stderrIsTTY && io.stderr(text);
    let search: unknown;
    if (values.search) {
      if (model !== 'als') throw new UsageError('--search tunes ALS only; add --model als.');
      const grid = {
        alpha: list(values.alphas, [0.5, 1, 2, 4, 8]),
        lambda: list(values.lambdas, [0.01, 0.1, 1, 10]),
      };
      const result = await searchAls(train, als, grid, {
        ...(threads ? { threads } : {}),
        onPoint: (_, done, total) => log(`\rsearching ${done}/${total}`),
      });
      log('\n');
      if (values.heatmap) writeFileSync(values.heatmap, result.svg);
      search = result.points.map((p) => ({
        alpha: p.params.alpha,
        lambda: p.params.lambda,
        ...p.metrics,
      }));
      als = result.best;
    }
    const neighbours = numberOption(values, 'neighbours', 100);
    const assignment = (values.assignment as string | undefined) ?? 'hard';
    if (assignment !== 'hard' && assignment !== 'soft')
      throw new UsageError(`--assignment must be hard or soft, not "${assignment}".`);
    const persona = {
      personas: numberOption(values, 'personas', 3),
      assignment: assignment as 'hard' | 'soft',
      temperature: numberOption(values, 'temperature', 0.1),
    };
    const budget = {
      factors: numberOption(values, 'factors', defaultBudgetParams.factors),
      iterations: numberOption(values, 'iterations', defaultBudgetParams.iterations),
      temperature: numberOption(values, 'temperature', 1),
      artistBias: values['artist-bias'] === true,
      seed,
    };
    const started = performance.now();
    const fitted = await fitModel(
      model,
      train,
      {
        als,
        neighbours,
        persona,
        ...(tracks
          ? { budget: { artistOf: tracks.artistOf, artists: tracks.artists, params: budget } }
          : {}),
        seed,
        ...(threads ? { threads } : {}),
      },
      {
        onProgress: (p) => log(`\rfitting: iteration ${p.iteration}/${p.iterations}`),
      },
    );
    const trainSeconds = (performance.now() - started) / 1000;
    log('\n');
    const { metrics, intervals } = tracks
      ? evaluateTracks(fitted, tracks, { seed })
      : evaluate(fitted, train, test, { seed });
    const params =
      model === 'als'
        ? als
        : model === 'persona'
          ? { ...als, ...persona }
          : model === 'budget'
            ? budget
            : model === 'itemknn'
              ? { neighbours }
              : model === 'random'
                ? { seed }
                : {};
    const result = {
      model,
      params,
      split,
      metrics,
      intervals,
      trainSeconds,
      ...(search ? { search } : {}),
    };
    if (values.json) {
      io.stdout(JSON.stringify(result) + '\n');
    } else {
      const lines = Object.entries(metrics).map(([name, v]) => {
        const [lo, hi] = intervals[name]!;
        return `  ${name.padEnd(13)} ${v.toFixed(4)}  (95 % ${lo.toFixed(4)} – ${hi.toFixed(4)})`;
      });
      io.stdout(
        `${model} ${JSON.stringify(params)}, trained in ${trainSeconds.toFixed(2)} s\n${lines.join('\n')}\n`,
      );
    }
    return 0;
  },
};
export default command;

function readTracks(values: {
  history?: string[];
  interactions?: string;
  train?: string;
}): TrackData {
  if (values.interactions || values.train)
    throw new UsageError('Give either --history or --interactions / --train --test, not both.');
  return trackSplit(readHistoryFiles(values.history ?? []));
}

function readSplit(
  values: Record<string, unknown>,
  format: InteractionFormat,
  seed: number,
): { train: Csr; test: Csr; split: Record<string, unknown> } {
  if (typeof values.train === 'string' || typeof values.test === 'string') {
    if (typeof values.train !== 'string' || typeof values.test !== 'string')
      throw new UsageError('--train and --test go together.');
    const rows = new ItemIndex();
    const cols = new ItemIndex();
    const train = readInteractions(values.train, format, rows, cols).matrix;
    const test = readInteractions(values.test, format, rows, cols).matrix;
    const [r, c] = [rows.size, cols.size];
    return {
      train: widen(train, r, c),
      test: widen(test, r, c),
      split: {
        kind: 'given',
        train: values.train,
        test: values.test,
        trainPlays: nnz(train),
        testPlays: nnz(test),
      },
    };
  }
  if (typeof values.interactions !== 'string')
    throw new UsageError('Give --interactions <file>, or --train <file> --test <file>.');
  const fraction = numberOption(values, 'holdout', 0.2);
  const minItems = numberOption(values, 'min-items', 5);
  const { matrix } = readInteractions(values.interactions, format);
  const { train, test } = holdoutSplit(matrix, { fraction, minItems, seed });
  return {
    train,
    test,
    split: {
      kind: 'holdout',
      fraction,
      minItems,
      seed,
      rows: matrix.rows,
      items: matrix.cols,
      trainPlays: nnz(train),
      testPlays: nnz(test),
    },
  };
}
