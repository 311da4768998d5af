/**
 * Text fingerprints for near-duplicate detection: the same MD&A filed on EDGAR
 * (as a 40-F or 6-K exhibit, HTML) and on SEDAR+ (PDF) differs in layout,
 * hyphenation, headers and a few words, but shares almost all of its word
 * 5-shingles.
 *
 * The fingerprint is a bottom-k MinHash sketch: the k smallest distinct 32-bit
 * hashes of the document's word 5-shingles. One hash per shingle (not k), so a
 * 50 MB document costs one pass; two sketches estimate the Jaccard similarity of
 * the shingle sets with a standard error of about sqrt(J(1-J)/k) (0.02 at J = 0.9,
 * k = 256). Documents with fewer than k shingles keep them all, and their
 * estimate is exact. Pure functions: no I/O.
 */

/** Names the tokenisation, shingle size, hash and k; stored with every sketch. Bump when any changes. */
export const FINGERPRINT_SCHEME = 'bottomk-256-w5-fnv1a32-1';

/** Shingles are runs of this many words. */
export const SHINGLE_WORDS = 5;
/** Sketch size. */
export const SKETCH_SIZE = 256;
/** Estimated Jaccard similarity from which a document counts as a near-duplicate of another. */
export const NEAR_DUPLICATE_JACCARD = 0.9;
/** Documents with fewer shingles than this are too short to call duplicates (a cover page, a one-line notice). */
export const MIN_SHINGLES = 50;

export interface Fingerprint {
  scheme: string;
  /** Shingles (word positions) in the document, all of them, not only the sketch's. */
  shingles: number;
  /** Ascending, distinct 32-bit hashes: the `min(k, shingles)` smallest. */
  sketch: Uint32Array;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * FNV-1a over the UTF-16 code units of the words joined by single spaces, then murmur3's finaliser so
 * low bits are well mixed. Hashes the words in place: joining each shingle first cost a string per word.
 */
function hash32(words: readonly string[]): number {
  let h = 0x811c9dc5;
  for (let w = 0; w < words.length; w++) {
    if (w > 0) {
      h ^= 0x20;
      h = Math.imul(h, 0x01000193);
    }
    const text = words[w]!;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A max-heap of distinct values holding the k smallest seen. */
class BottomK {
  private readonly heap: number[] = [];
  private readonly members = new Set<number>();
  constructor(private readonly k: number) {}

  add(value: number): void {
    if (this.heap.length === this.k && value >= this.heap[0]!) return;
    if (this.members.has(value)) return;
    if (this.heap.length < this.k) {
      this.heap.push(value);
      this.members.add(value);
      this.siftUp(this.heap.length - 1);
      return;
    }
    this.members.delete(this.heap[0]!);
    this.members.add(value);
    this.heap[0] = value;
    this.siftDown(0);
  }

  values(): Uint32Array {
    return Uint32Array.from(this.heap).sort();
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]! >= h[i]!) return;
      [h[parent], h[i]] = [h[i]!, h[parent]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let largest = i;
      if (l < h.length && h[l]! > h[largest]!) largest = l;
      if (r < h.length && h[r]! > h[largest]!) largest = r;
      if (largest === i) return;
      [h[largest], h[i]] = [h[i]!, h[largest]!];
      i = largest;
    }
  }
}

/**
 * The fingerprint of a text: lower-cased letter/digit words, word 5-shingles,
 * bottom-k sketch. Punctuation, spacing, line breaks and case do not matter.
 */
export function fingerprint(text: string): Fingerprint {
  const sketch = new BottomK(SKETCH_SIZE);
  const window: string[] = [];
  let shingles = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    window.push(m[0].toLowerCase());
    if (window.length > SHINGLE_WORDS) window.shift();
    if (window.length === SHINGLE_WORDS) {
      sketch.add(hash32(window));
      shingles++;
    }
  }
  return { scheme: FINGERPRINT_SCHEME, shingles, sketch: sketch.values() };
}

/**
 * Estimated Jaccard similarity of the shingle sets behind two sketches of the
 * same scheme. The k smallest hashes of the union of two sets are the k smallest
 * of the union of their sketches; the share of those present in both sketches
 * estimates |A ∩ B| / |A ∪ B| (exactly, when the union has fewer than k shingles).
 */
export function similarity(a: Fingerprint, b: Fingerprint): number {
  if (a.scheme !== b.scheme) throw new Error(`cannot compare fingerprints of schemes ${a.scheme} and ${b.scheme}`);
  const x = a.sketch;
  const y = b.sketch;
  let i = 0;
  let j = 0;
  let seen = 0;
  let both = 0;
  while (seen < SKETCH_SIZE && (i < x.length || j < y.length)) {
    const xi = i < x.length ? x[i]! : Number.POSITIVE_INFINITY;
    const yj = j < y.length ? y[j]! : Number.POSITIVE_INFINITY;
    if (xi === yj) {
      both++;
      i++;
      j++;
    } else if (xi < yj) i++;
    else j++;
    seen++;
  }
  return seen === 0 ? 0 : both / seen;
}

/** True when `b` is a near-duplicate of `a`: both long enough, and similar at least `threshold`. */
export function isNearDuplicate(a: Fingerprint, b: Fingerprint, threshold = NEAR_DUPLICATE_JACCARD): boolean {
  if (a.shingles < MIN_SHINGLES || b.shingles < MIN_SHINGLES) return false;
  return similarity(a, b) >= threshold;
}

/** A stored document's fingerprint, as the repository reads it back. */
export interface StoredFingerprint {
  documentId: number;
  filingId: number;
  filingKey: string;
  name: string;
  fingerprint: Fingerprint;
}

/** A new document found to be a near-duplicate of a stored one. */
export interface DuplicateMatch<D> {
  document: D;
  kept: StoredFingerprint;
  similarity: number;
}

/**
 * Splits a filing's documents into those to store and those that nearly
 * duplicate a stored document (of the same issuer, another filing). The most
 * similar stored document is the match; the first stored copy is the one kept,
 * so storing either copy again changes nothing.
 */
export function splitNearDuplicates<D extends { text: string }, S extends StoredFingerprint = StoredFingerprint>(
  documents: readonly D[],
  stored: readonly S[],
  /** The similarity that makes a stored document a copy, per candidate; null: never a copy. */
  threshold: number | ((candidate: S) => number | null) = NEAR_DUPLICATE_JACCARD,
): { keep: Array<{ document: D; fingerprint: Fingerprint }>; duplicates: Array<DuplicateMatch<D>> } {
  const thresholdOf = typeof threshold === 'number' ? () => threshold : threshold;
  const keep: Array<{ document: D; fingerprint: Fingerprint }> = [];
  const duplicates: Array<DuplicateMatch<D>> = [];
  for (const document of documents) {
    const fp = fingerprint(document.text);
    let best: { kept: StoredFingerprint; similarity: number } | null = null;
    if (fp.shingles >= MIN_SHINGLES) {
      for (const candidate of stored) {
        if (candidate.fingerprint.scheme !== fp.scheme || candidate.fingerprint.shingles < MIN_SHINGLES) continue;
        const needed = thresholdOf(candidate);
        if (needed === null) continue;
        const s = similarity(fp, candidate.fingerprint);
        if (s >= needed && (best === null || s > best.similarity)) best = { kept: candidate, similarity: s };
      }
    }
    if (best) duplicates.push({ document, ...best });
    else keep.push({ document, fingerprint: fp });
  }
  return { keep, duplicates };
}
