import { writeFileSync } from 'node:fs';
import { defaultAlsParams, type AlsParams } from '../../models/als';
import { defaultBudgetParams } from '../../models/budget/fit';
import { evaluate } from '../../models/eval/evaluate';
import { choosePersonas } from '../../models/persona/choose-personas';
import { holdoutSplit } from '../../models/eval/split';
import { searchAls } from '../training/als-search';
import { fitModel, modelNames, type ModelName } from '../training/fit-model';
import type { InteractionFormat } from '../training/interactions';
import { evaluateTracks, trackAlsParams } from '../training/track-eval';
import { parseStrict, UsageError, type Command } from './command';
import { readEvalData } from './eval-data';

const usage = `Usage: encore eval --interactions <file> [--format uid,iid,count|hetrec] --model als|persona|pop|itemknn|random
       encore eval --history <export file> [--history <file> …] --model als|persona|budget|pop|itemknn|random
       encore eval --db <library.db> [--split temporal|holdout] --model …
                   [--personas P --assignment hard|soft --temperature T] [--temperature T --artist-bias]
                   [--factors F --alpha A --lambda L --eps E --confidence log|linear --iterations N
                    --cg-steps S --seed S --threads T] [--neighbours K]
                   [--holdout 0.2 --min-items 5] [--train <file> --test <file>]
                   [--search [--alphas 0.5,1,2 --lambdas 0.01,0.1,1 --factor-grid 16,32
                     --eps-grid 0.1,1 --confidence-grid log,linear] [--heatmap grid.svg]] [--json]

Fits a model on a training split and scores it on held-out plays: expected percentile rank (epr),
precision, recall, nDCG and hit-rate at 10, and MRR, each with a 95 % bootstrap interval.
  --interactions <file>  plays to split per row (--holdout of each row's items, rows with ≥ --min-items)
  --train/--test <file>  a given split instead (e.g. one shared with another library)
  --history <file>       a listening-history export (Last.fm CSV, Spotify, ListenBrainz, Encore), at
                         track level: sessions as rows, the last 20 % of sessions as test rows with
                         the first half of their tracks as history (docs/models.md); adds the
                         within-artist percentile (lower is better, chance 0.5) and diversity@20
  --db <library.db>      a library's plays, the rows the app trains on (sessions of library tracks);
                         --split temporal (default: the --history protocol) or holdout (the Train
                         job's check: 20 % of each session with ≥ 5 tracks)
  --model persona        without --personas, P = 1 … 6 is chosen by validation nDCG@10 (params.chosenBy)
  --model budget         the artist-budget model (track level only); --temperature T (default 1)
                         tempers its counts, --artist-bias fits a per-artist budget rate
  --search               tune ALS over the grid on a validation split of the training side first
                         (--history: the same protocol on the training sessions alone);
                         --heatmap writes alpha × lambda as an SVG picture
ALS defaults: HetRec-tuned for --interactions, track-level-tuned for --history and --db.
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
        db: { type: 'string' },
        split: { type: 'string' },
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
        'factor-grid': { type: 'string' },
        'eps-grid': { type: 'string' },
        'confidence-grid': { type: 'string' },
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
    const option = (name: string, fallback: number) => numberOption(values, name, fallback);
    if (model === 'budget' && !values.history?.length && !values.db)
      throw new UsageError('--model budget needs track-level data: give --history or --db.');
    const data = readEvalData(values, format, seed, option);
    const { train, test, split, tracks } = data;
    const defaults = tracks ? trackAlsParams : defaultAlsParams;
    let als: AlsParams = {
      factors: option('factors', defaults.factors),
      alpha: option('alpha', defaults.alpha),
      lambda: option('lambda', defaults.lambda),
      eps: option('eps', defaults.eps),
      confidence: (values.confidence as AlsParams['confidence'] | undefined) ?? defaults.confidence,
      iterations: option('iterations', defaults.iterations),
      cgSteps: option('cg-steps', defaults.cgSteps),
      seed,
    };
    const threads = values.threads ? numberOption(values, 'threads', 0) : undefined;
    const log = (text: string) => io.stderrIsTTY && io.stderr(text);
    let search: unknown;
    if (values.search) {
      if (model !== 'als') throw new UsageError('--search tunes ALS only; add --model als.');
      const grid = {
        alpha: list(values.alphas, [0.5, 1, 2, 4, 8]),
        lambda: list(values.lambdas, [0.01, 0.1, 1, 10]),
        ...(values['factor-grid'] ? { factors: list(values['factor-grid'], []) } : {}),
        ...(values['eps-grid'] ? { eps: list(values['eps-grid'], []) } : {}),
        ...(values['confidence-grid']
          ? { confidence: confidences(values['confidence-grid']) }
          : {}),
      };
      const validation = data.validation();
      const result = await searchAls(train, als, grid, {
        ...(threads ? { threads } : {}),
        ...(validation ? { validation } : {}),
        onPoint: (_, done, total) => log(`\rsearching ${done}/${total}`),
      });
      log('\n');
      if (values.heatmap) writeFileSync(values.heatmap, result.svg);
      search = result.points.map((p) => ({
        factors: p.params.factors,
        alpha: p.params.alpha,
        lambda: p.params.lambda,
        eps: p.params.eps,
        confidence: p.params.confidence,
        ...p.metrics,
        trainSeconds: p.trainSeconds,
      }));
      als = result.best;
    }
    const neighbours = numberOption(values, 'neighbours', 100);
    const assignment = (values.assignment as string | undefined) ?? 'hard';
    if (assignment !== 'hard' && assignment !== 'soft')
      throw new UsageError(`--assignment must be hard or soft, not "${assignment}".`);
    const persona = {
      personas: numberOption(values, 'personas', 0),
      assignment: assignment as 'hard' | 'soft',
      temperature: numberOption(values, 'temperature', 0.1),
    };
    let chosenBy: unknown;
    if (model === 'persona' && values.personas === undefined) {
      // Issue 5: P chosen by validation nDCG@10, on a split carved from the training side only.
      const validation = data.validation() ?? holdoutSplit(train, { seed: seed + 1 });
      const choice = await choosePersonas(
        validation,
        { ...als, ...persona, seed },
        {
          onPoint: (p, v) =>
            log(`\rchoosing personas: P = ${p}, validation nDCG@10 ${v.toFixed(4)}`),
        },
      );
      log('\n');
      persona.personas = choice.personas;
      chosenBy = { metric: choice.metric, validation: choice.scores };
    }
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
          ? { ...als, ...persona, ...(chosenBy ? { chosenBy } : {}) }
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

function confidences(text: string): AlsParams['confidence'][] {
  return text.split(',').map((c) => {
    if (c !== 'log' && c !== 'linear')
      throw new UsageError(`--confidence-grid takes log and linear, not "${c}".`);
    return c;
  });
}
