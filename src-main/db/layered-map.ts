/**
 * A read-only map made of a large base and a small layer of changes on top: a new version after a
 * few changes copies the layer, not the base. For what follows recorded plays (memoFollowingPlays)
 * and must not modify the value it follows: at a 20-year history the play counts have 150,000
 * entries, and copying them for every play would cost more than the rest of For You.
 */
export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  /** A layer larger than this share of the base is merged into a new base. */
  private static readonly MERGE_SHARE = 1 / 16;

  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    /** Changed keys; `undefined` marks a key deleted from the base. */
    private readonly layer: ReadonlyMap<K, V | undefined>,
    readonly size: number,
  ) {}

  static over<K, V>(base: ReadonlyMap<K, V>): LayeredMap<K, V> {
    return base instanceof LayeredMap ? base : new LayeredMap(base, new Map(), base.size);
  }

  /** This map with `changes` applied (`undefined`: delete), as a new map; this one is unchanged. */
  with(changes: Iterable<readonly [K, V | undefined]>): LayeredMap<K, V> {
    const layer = new Map(this.layer);
    let size = this.size;
    for (const [key, value] of changes) {
      size += (value !== undefined ? 1 : 0) - (this.hasIn(layer, key) ? 1 : 0);
      layer.set(key, value);
    }
    if (layer.size <= Math.max(1024, this.base.size * LayeredMap.MERGE_SHARE))
      return new LayeredMap(this.base, layer, size);
    const merged = new Map(this.base);
    for (const [key, value] of layer) {
      if (value === undefined) merged.delete(key);
      else merged.set(key, value);
    }
    return new LayeredMap(merged, new Map(), merged.size);
  }

  private hasIn(layer: ReadonlyMap<K, V | undefined>, key: K): boolean {
    return layer.has(key) ? layer.get(key) !== undefined : this.base.has(key);
  }

  get(key: K): V | undefined {
    return this.layer.has(key) ? this.layer.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.hasIn(this.layer, key);
  }

  *entries(): MapIterator<[K, V]> {
    for (const entry of this.base) if (!this.layer.has(entry[0])) yield entry;
    for (const [key, value] of this.layer) if (value !== undefined) yield [key, value];
    return undefined;
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
    return undefined;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
    return undefined;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
