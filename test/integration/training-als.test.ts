import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlsModel } from '../../models/als';
import { csrFromTriplets } from '../../models/sparse';
import evalCommand from '../../src-main/cli/eval';
import { fitAlsParallel } from '../../src-main/training/als-parallel';

/** Seeded plays with taste groups, so that ALS has structure to find (and rows of unequal length). */
function groupedPlays(rows: number, cols: number, seed: number) {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0), s / 4294967296);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let row = 0; row < rows; row++) {
    const group = row % 4;
    const length = 5 + Math.floor(next() * 30);
    for (let q = 0; q < length; q++) {
      const item =
        next() < 0.8
          ? group * (cols / 4) + Math.floor(next() * (cols / 4))
          : Math.floor(next() * cols);
      r.push(row);
      c.push(item);
      v.push(1 + Math.floor(next() * 10));
    }
  }
  return { r, c, v, matrix: csrFromTriplets(rows, cols, r, c, v) };
}

const dir = mkdtempSync(path.join(tmpdir(), 'encore-als-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ALS on worker threads', () => {
  it('gives factors bit-identical to the single-thread fit for the same seed', async () => {
    const { matrix } = groupedPlays(9000, 2000, 11); // > 1 gram chunk, so the chunk split is exercised
    const params = { factors: 12, iterations: 3, seed: 9 };
    const parallel = await fitAlsParallel(matrix, params, { threads: 2 });
    const single = new AlsModel(params);
    await single.fit(matrix);
    expect(
      Buffer.from(parallel.rowFactors.buffer).equals(Buffer.from(single.rowFactors.buffer)),
    ).toBe(true);
    expect(
      Buffer.from(parallel.colFactors.buffer).equals(Buffer.from(single.colFactors.buffer)),
    ).toBe(true);
  });

  it('is the same with three threads as with two', async () => {
    const { matrix } = groupedPlays(500, 300, 5);
    const two = await fitAlsParallel(matrix, { factors: 8, iterations: 2 }, { threads: 2 });
    const three = await fitAlsParallel(matrix, { factors: 8, iterations: 2 }, { threads: 3 });
    expect(Array.from(three.colFactors)).toEqual(Array.from(two.colFactors));
  });

  it('stops when cancelled and reports the cancellation', async () => {
    const { matrix } = groupedPlays(500, 300, 5);
    const controller = new AbortController();
    const fit = fitAlsParallel(
      matrix,
      { factors: 8, iterations: 100 },
      {
        signal: controller.signal,
        onProgress: (p) => p.iteration === 1 && controller.abort(),
      },
    );
    await expect(fit).rejects.toThrow(/cancelled/);
  });
});

describe('encore eval', () => {
  const { r, c, v } = groupedPlays(400, 200, 3);
  const file = path.join(dir, 'plays.csv');
  writeFileSync(
    file,
    'uid,iid,count\n' + r.map((row, t) => `u${row},i${c[t]},${v[t]}`).join('\n') + '\n',
  );

  const run = async (args: string[]) => {
    let out = '';
    const code = await evalCommand.run(args, {
      stdout: (t) => (out += t),
      stderr: () => {},
      stderrIsTTY: false,
    });
    return { code, out };
  };

  it('prints metrics with intervals as JSON, and ALS beats popularity on grouped plays', async () => {
    const common = ['--interactions', file, '--format', 'uid,iid,count', '--json', '--seed', '4'];
    const als = JSON.parse(
      (await run([...common, '--model', 'als', '--factors', '8', '--iterations', '8'])).out,
    );
    const pop = JSON.parse((await run([...common, '--model', 'pop'])).out);
    expect(Object.keys(als.metrics)).toEqual(['epr', 'p@10', 'r@10', 'ndcg@10', 'hr@10', 'mrr']);
    expect(als.split).toMatchObject({ kind: 'holdout', fraction: 0.2, rows: 400, items: 200 });
    expect(als.params).toMatchObject({ factors: 8, iterations: 8, seed: 4 });
    expect(als.intervals.epr[0]).toBeLessThanOrEqual(als.metrics.epr);
    expect(als.trainSeconds).toBeGreaterThan(0);
    expect(als.metrics['ndcg@10']).toBeGreaterThan(pop.metrics['ndcg@10']);
    expect(als.metrics.epr).toBeLessThan(0.5);
  });

  it('evaluates a given train/test split onto shared ids', async () => {
    const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
    const trainFile = path.join(dir, 'train.csv');
    const testFile = path.join(dir, 'test.csv');
    writeFileSync(trainFile, lines.filter((_, t) => t % 5 !== 0).join('\n'));
    writeFileSync(testFile, lines.filter((_, t) => t % 5 === 0).join('\n'));
    const { code, out } = await run([
      '--train',
      trainFile,
      '--test',
      testFile,
      '--model',
      'itemknn',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(out);
    expect(result.split.kind).toBe('given');
    expect(result.metrics['hr@10']).toBeGreaterThan(0);
  });

  it('searches alpha × lambda on a validation split and writes the heat map', async () => {
    const heatmap = path.join(dir, 'grid.svg');
    const { out } = await run([
      ...[
        '--interactions',
        file,
        '--model',
        'als',
        '--factors',
        '4',
        '--iterations',
        '3',
        '--json',
      ],
      ...['--search', '--alphas', '1,4', '--lambdas', '0.1,1', '--heatmap', heatmap],
    ]);
    expect(JSON.parse(out).search).toHaveLength(4);
    expect(readFileSync(heatmap, 'utf8').match(/<rect /g)).toHaveLength(4);
  });

  it('says which option is wrong', async () => {
    await expect(run(['--interactions', file, '--model', 'svd'])).rejects.toThrow(
      /--model must be one of als, persona, /,
    );
    await expect(run(['--interactions', file, '--alpha', 'x'])).rejects.toThrow(
      /--alpha must be a number/,
    );
  });
});
