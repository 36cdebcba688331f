/**
 * Maps string keys (user ids, track keys, artist names) to dense indices in order of first
 * appearance: the row and column numbering of every matrix and session built from text.
 */
export class ItemIndex {
  readonly keys: string[] = [];
  private readonly byKey = new Map<string, number>();
  get size(): number {
    return this.keys.length;
  }
  indexOf(key: string): number {
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.keys.length;
      this.byKey.set(key, index);
      this.keys.push(key);
    }
    return index;
  }
  get(key: string): number | undefined {
    return this.byKey.get(key);
  }
}
