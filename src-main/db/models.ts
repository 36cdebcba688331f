import type { Db } from './connection';

/** A trained model as the `models` table records it; the factors live in `file`. */
export interface ModelRow {
  id: number;
  kind: string;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  /** Relative to the models folder beside the database. */
  file: string;
  /** UTC epoch seconds. */
  trainedAt: number;
  active: boolean;
}

interface RawModel {
  id: number;
  kind: string;
  params: string;
  metrics: string;
  file: string;
  trained_at: number;
  active: number;
}

const fromRaw = (r: RawModel): ModelRow => ({
  id: r.id,
  kind: r.kind,
  params: JSON.parse(r.params) as Record<string, unknown>,
  metrics: JSON.parse(r.metrics) as Record<string, unknown>,
  file: r.file,
  trainedAt: r.trained_at,
  active: r.active === 1,
});

export interface NewModel {
  kind: string;
  profileId: number;
  params: unknown;
  metrics: unknown;
  file: string;
  trainedAt: number;
}

/** Records a model and makes it the profile's active one of its kind (one transaction). */
export function insertActiveModel(db: Db, m: NewModel): number {
  return db.transaction(() => {
    db.prepare('UPDATE models SET active = 0 WHERE kind = ? AND profile_id = ?').run(
      m.kind,
      m.profileId,
    );
    const info = db
      .prepare(
        `INSERT INTO models (kind, profile_id, params, metrics, file, trained_at, active)
         VALUES (?, ?, ?, ?, ?, ?, 1)`,
      )
      .run(
        m.kind,
        m.profileId,
        JSON.stringify(m.params),
        JSON.stringify(m.metrics),
        m.file,
        m.trainedAt,
      );
    return Number(info.lastInsertRowid);
  })();
}

export function activeModel(db: Db, profileId: number, kind: string): ModelRow | undefined {
  const row = db
    .prepare(
      'SELECT * FROM models WHERE profile_id = ? AND kind = ? AND active = 1 ORDER BY id DESC',
    )
    .get(profileId, kind) as RawModel | undefined;
  return row && fromRaw(row);
}

/** Newest first. */
export function listModels(db: Db, profileId: number): ModelRow[] {
  const rows = db
    .prepare('SELECT * FROM models WHERE profile_id = ? ORDER BY trained_at DESC, id DESC')
    .all(profileId) as RawModel[];
  return rows.map(fromRaw);
}

/** Takes a model out of use (its file is damaged or gone); the row stays as history. */
export function deactivateModel(db: Db, id: number): void {
  db.prepare('UPDATE models SET active = 0 WHERE id = ?').run(id);
}
