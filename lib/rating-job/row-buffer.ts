// Rows of numbers kept in fixed-size chunks (no copy as the buffer grows, unlike one doubling array), for
// readers that must see every row before they can use any: the rating job sorts the votes itself so that the
// database can stream them unsorted.

const CHUNK_ROWS = 1 << 16;

export class RowBuffer {
  private readonly chunks: Float64Array[] = [];
  private size = 0;

  constructor(readonly width: number) {
    if (!Number.isInteger(width) || width < 1) throw new RangeError(`row width must be a positive integer, got ${width}`);
  }

  get length(): number {
    return this.size;
  }

  /** Copies the first `width` values of `row`. */
  push(row: ArrayLike<number>): void {
    const at = this.size % CHUNK_ROWS;
    if (at === 0) this.chunks.push(new Float64Array(CHUNK_ROWS * this.width));
    const chunk = this.chunks[this.chunks.length - 1];
    const base = at * this.width;
    for (let i = 0; i < this.width; i++) chunk[base + i] = row[i];
    this.size += 1;
  }

  value(index: number, column: number): number {
    return this.chunks[Math.floor(index / CHUNK_ROWS)][(index % CHUNK_ROWS) * this.width + column];
  }

  /** Copies row `index` into `out` and returns it. */
  read(index: number, out: Float64Array): Float64Array {
    const chunk = this.chunks[Math.floor(index / CHUNK_ROWS)];
    const base = (index % CHUNK_ROWS) * this.width;
    for (let i = 0; i < this.width; i++) out[i] = chunk[base + i];
    return out;
  }

  /**
   * Row indices in ascending order of `key`, then `tieBreak`, then position (a stable sort). Rows that
   * arrive already in order, the usual case for votes read in insertion order, cost one pass.
   */
  sortedOrder(key: number, tieBreak: number): Int32Array {
    const n = this.size;
    const keys = new Float64Array(n);
    const ties = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      keys[i] = this.value(i, key);
      ties[i] = this.value(i, tieBreak);
    }
    const order = new Int32Array(n);
    let sorted = true;
    for (let i = 0; i < n; i++) {
      order[i] = i;
      if (i > 0 && (keys[i] < keys[i - 1] || (keys[i] === keys[i - 1] && ties[i] < ties[i - 1]))) sorted = false;
    }
    if (sorted) return order;
    return order.sort((x, y) => keys[x] - keys[y] || ties[x] - ties[y] || x - y);
  }
}
