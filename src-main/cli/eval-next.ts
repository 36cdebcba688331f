import { existsSync, readFileSync } from 'node:fs';
import {
  ItemIndex,
  restrictToKnownItems,
  temporalSplit,
  type SessionSplit,
} from '../../models/nextsong/sessions';
import { nextSongModelNames, type NextSongModelName } from '../../models/nextsong/registry';
import type { GruConfig } from '../../models/nextsong/gru/params';
import type { GruKernelName } from '../../models/nextsong/gru/trainer';
import { openDb } from '../db/connection';
import { librarySessions } from '../recommend/radio-session-model';
import { readSessionTsv, splitHistory } from '../training/nextsong-data';
import { readHistoryFiles } from '../training/nextsong-history';
import { evaluateNextSongModel } from '../training/nextsong-eval';
import { gruHelperIfCores } from '../training/gru-threads';
import { parseStrict, UsageError, type Command } from './command';

const usage = `Usage: encore eval-next --history <export file> [--history <file> …] | --db <library.db>
                        | --train <tsv> --test <tsv> --model gru|markov|rules|sknn|pop|blend [--seed S] [--epochs N] [--units U]
                        [--negatives N] [--kernel wasm|js] [--finish refit|fine-tune] [--json]

Fits a next-song model and ranks the true next track at every position of every test session:
hit rate at 1, 5, 10, 20, 50, 100, MRR@20 and coverage@20.
  --history <file>       a listening-history export (Last.fm CSV, Spotify, ListenBrainz, Encore);
                         30-minute sessions, the last 20 % of sessions by start time as test,
                         test plays restricted to tracks seen in training
  --db <library.db>      a library's own plays of its tracks, in the sessions the radio trains on
                         (the session gap of Settings), the last 20 % of sessions as test
  --train/--test <tsv>   a given split in the session-based research format: tab-separated
                         SessionId, ItemId, Time with a header line
  --negatives N          the GRU's shared sampled negatives per batch (default 1024)
  --kernel wasm|js       where the GRU trainer's products run: the WebAssembly SIMD kernel
                         (default, where the runtime has it) or scalar JavaScript
  --finish refit|fine-tune  blend only: after the weights are chosen, train the GRU afresh on
                         every training session (default) or fine-tune the validation-time GRU
                         on the latest 20 % it has not seen (about half the training time)
  markov = first-order Markov; rules = sequential rules over 3 steps; blend = gru + rules + sknn,
  weighted as chosen on the latest 20 % of the training sessions (the GRU then fine-tuned on them)
`;

function intOption(values: Record<string, unknown>, name: string): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || !/^\d+$/.test(text))
    throw new UsageError(`--${name} must be a whole number, not "${String(text)}".`);
  return Number(text);
}

const command: Command = {
  usage,
  async run(argv, io) {
    const { values } = parseStrict({
      args: argv,
      options: {
        history: { type: 'string', multiple: true },
        db: { type: 'string' },
        train: { type: 'string' },
        test: { type: 'string' },
        model: { type: 'string', default: 'gru' },
        seed: { type: 'string' },
        epochs: { type: 'string' },
        units: { type: 'string' },
        negatives: { type: 'string' },
        kernel: { type: 'string', default: 'wasm' },
        finish: { type: 'string', default: 'refit' },
        json: { type: 'boolean' },
      },
    });
    const model = values.model as NextSongModelName;
    if (!nextSongModelNames.includes(model))
      throw new UsageError(
        `--model must be one of ${nextSongModelNames.join(', ')}, not "${model}".`,
      );
    const gru: Partial<GruConfig> = {};
    for (const [flag, key] of [
      ['seed', 'seed'],
      ['epochs', 'epochs'],
      ['units', 'units'],
      ['negatives', 'negatives'],
    ] as const) {
      const n = intOption(values, flag);
      if (n !== undefined) gru[key] = n;
    }
    const gruKernel = values.kernel as GruKernelName;
    if (gruKernel !== 'wasm' && gruKernel !== 'js')
      throw new UsageError(`--kernel must be wasm or js, not "${gruKernel}".`);
    const finish = values.finish as 'refit' | 'fine-tune';
    if (finish !== 'refit' && finish !== 'fine-tune')
      throw new UsageError(`--finish must be refit or fine-tune, not "${finish}".`);
    const split = readSplit(values);
    const log = (text: string) => io.stderrIsTTY && io.stderr(text);
    const gruHelper = gruHelperIfCores();
    const report = await evaluateNextSongModel(split, model, gru, {
      // The GRU's batches over two threads when there are two cores (gru-threads.ts).
      ...(gruHelper ? { gruHelper } : {}),
      gruKernel,
      finish,
      onProgress: (p) =>
        log(`\rfitting ${model}: epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(3)}`),
    });
    log('\n');
    if (values.json) {
      io.stdout(JSON.stringify(report) + '\n');
    } else {
      const lines = Object.entries(report.metrics).map(
        ([name, v]) => `  ${name.padEnd(12)} ${v.toFixed(4)}`,
      );
      io.stdout(
        `${model}: ${report.sessions.train} training / ${report.sessions.test} test sessions, ${report.events} events, ` +
          `trained in ${report.trainSeconds.toFixed(2)} s\n${lines.join('\n')}\n`,
      );
      if (report.blend) {
        const w = Object.entries(report.blend.weights).map(([p, v]) => `${p} ${v}`);
        const v = report.blend.validation;
        io.stdout(
          `  weights      ${w.join(', ')} (chosen on the latest ${report.blend.sessions.validation} training sessions` +
            (v
              ? `: HR@20 ${v.hr20.toFixed(3)}, MRR@20 ${v.mrr20.toFixed(3)})\n`
              : ', no events: defaults)\n'),
        );
      }
    }
    return 0;
  },
};
export default command;

function readSplit(values: {
  history?: string[];
  db?: string;
  train?: string;
  test?: string;
}): SessionSplit {
  const given = [values.history?.length, values.db, values.train ?? values.test].filter(Boolean);
  if (given.length > 1) throw new UsageError('Give one of --history, --db, or --train/--test.');
  if (values.db !== undefined) return librarySplit(values.db);
  if (values.train !== undefined || values.test !== undefined) {
    if (values.train === undefined || values.test === undefined)
      throw new UsageError('--train and --test go together.');
    const index = new ItemIndex();
    const train = readSessionTsv(readFileSync(values.train, 'utf8'), index, values.train).filter(
      (s) => s.items.length > 1,
    );
    const test = readSessionTsv(readFileSync(values.test, 'utf8'), index, values.test);
    return { train, test: restrictToKnownItems(test, train, index.size), itemCount: index.size };
  }
  if (!values.history?.length)
    throw new UsageError(
      'Give --history <export file>, --db <library.db>, or --train <tsv> --test <tsv>.',
    );
  return splitHistory(readHistoryFiles(values.history));
}

/** The profile every CLI command works on ('me', row 1 of migration 001). */
const ME = 1;

/** The library's sessions over its tracks, as `radio.train` sees them, split in time. */
function librarySplit(file: string): SessionSplit {
  if (!existsSync(file)) throw new UsageError(`${file}: no such library database.`);
  const db = openDb(file, { readonly: true });
  try {
    const { sessions, trackIds } = librarySessions(db, ME);
    const split = temporalSplit(sessions, trackIds.length);
    if (split.train.length === 0 || split.test.length === 0)
      throw new UsageError(
        `${file} holds too few listening sessions of library tracks to evaluate on ` +
          `(${sessions.length} sessions; a test needs sessions of two or more known tracks).`,
      );
    return split;
  } finally {
    db.close();
  }
}
