import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../src-main/db/connection';
import { dataVersion, memoOnData } from '../../../src-main/db/data-memo';

const dir = mkdtempSync(path.join(os.tmpdir(), 'encore-memo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('memoOnData', () => {
  const file = path.join(dir, 'library.db');
  const db = openDb(file);
  const other = openDb(file);
  let computed = 0;
  const folders = () =>
    memoOnData(db, 'folders', () => {
      computed++;
      return db.prepare('SELECT COUNT(*) FROM library_folders').pluck().get() as number;
    });

  it('computes once while nothing changes, and again after a write through this connection', () => {
    expect(folders()).toBe(0);
    expect(folders()).toBe(0);
    expect(computed).toBe(1);
    const before = dataVersion(db);
    db.prepare("INSERT INTO library_folders (path, added_at) VALUES ('/music', 0)").run();
    expect(dataVersion(db)).not.toBe(before);
    expect(folders()).toBe(1);
    expect(computed).toBe(2);
  });

  it('remembers nothing computed inside a transaction, which a rollback could take back', () => {
    const before = computed;
    db.exec('BEGIN');
    db.prepare("INSERT INTO library_folders (path, added_at) VALUES ('/gone', 0)").run();
    expect(folders()).toBe(2);
    db.exec('ROLLBACK');
    expect(folders()).toBe(1);
    expect(computed).toBe(before + 2);
  });

  it('sees a write committed by another connection (the CLI beside the app)', () => {
    const before = computed;
    other.prepare("INSERT INTO library_folders (path, added_at) VALUES ('/more', 0)").run();
    expect(folders()).toBe(2);
    expect(computed).toBe(before + 1);
    expect(folders()).toBe(2);
    expect(computed).toBe(before + 1);
    db.close();
    other.close();
  });
});
