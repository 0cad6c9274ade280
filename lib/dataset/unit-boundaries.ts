// Where the train split's row groups end. A group ends after a record whose id hashes to a boundary
// (once the group holds at least half the target size), or at twice the target size. The ends
// depend on the ids themselves, not on their positions: a vote added or removed changes its own group and
// at most the next, and every other group keeps exactly the same records, so its encoded bytes can be
// reused by the next export (docs/decisions/022-export-unit-cache.md). Groups average the target size.

export interface UnitBoundaries {
  /** Whether the group ends after this id, which it now holds as its `size`-th record. */
  endsAfter(id: string, size: number): boolean;
}

/** FNV-1a over the UTF-16 code units of `text`: fast, and well spread for cuids. */
export function hashId(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function contentDefinedBoundaries(targetSize: number): UnitBoundaries {
  if (!Number.isInteger(targetSize) || targetSize < 1) throw new RangeError(`targetSize must be a positive integer, got ${targetSize}`);
  const minSize = Math.max(1, Math.floor(targetSize / 2));
  // After the minimum, a boundary comes every `period` ids on average: minSize + period ≈ targetSize.
  const period = Math.max(1, targetSize - minSize);
  const maxSize = targetSize * 2;
  return {
    endsAfter: (id, size) => size >= maxSize || (size >= minSize && hashId(id) % period === 0),
  };
}

/** Collects items into groups that end where `boundaries` say. */
export class UnitGrouper<T> {
  private group: T[] = [];

  constructor(
    private readonly boundaries: UnitBoundaries,
    private readonly idOf: (item: T) => string,
  ) {}

  /** The group this item ends, if it ends one. */
  push(item: T): T[] | null {
    this.group.push(item);
    if (!this.boundaries.endsAfter(this.idOf(item), this.group.length)) return null;
    const ended = this.group;
    this.group = [];
    return ended;
  }

  /** The last group, ended without a boundary (null when empty). */
  flush(): T[] | null {
    const last = this.group;
    this.group = [];
    return last.length > 0 ? last : null;
  }
}
