import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectFormat } from '../../../src-main/history/formats/detect';
import type { ParsedPlay } from '../../../src-main/history/formats/types';

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/history',
);

export function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Detects and parses a fixture: its format's source and every row. */
export function parseFixture(name: string): {
  source: string;
  plays: ParsedPlay[];
  dropped: number;
} {
  const text = fixtureText(name);
  const format = detectFormat(text, name);
  const plays: ParsedPlay[] = [];
  let dropped = 0;
  for (const row of format.rows(text, name)) {
    if (row.play) plays.push(row.play);
    else dropped++;
  }
  return { source: format.source, plays, dropped };
}
