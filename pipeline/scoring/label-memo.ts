/**
 * A bounded memo for the classifier's pure functions. Filings repeat themselves: a 10-Q restates the
 * risk factors of the 10-K and of the 10-Q before it, a filing its own boilerplate (of the 23,370
 * sentences of the issue-13 set of 16 files, 13,117 are distinct), so a run labels the same sentence in
 * the same context again and again.
 *
 * The key is a SHA-256 of everything the value depends on (the caller names it), not the text itself: a
 * sentence's text is a slice of its document's text, and a memo holding the slice would keep the whole
 * document alive after its filing is done (V8 keeps the parent of a sliced string). Keys are 44
 * characters, so a full memo costs a few megabytes whatever the sentences' length.
 *
 * Values are shared by every caller that asks for the same key: they are frozen (deeply, one level of
 * arrays), so a caller that modifies one fails loudly instead of changing another sentence's label.
 */
import { hash } from 'node:crypto';

export class LabelMemo<V extends object | null> {
  /** One memo per owner (the lexicon the labels come from): a label of one lexicon is not another's. */
  private readonly byOwner = new WeakMap<object, Map<string, V>>();

  /** `max` entries per owner; the oldest goes when it is full, so the memo stays flat over a batch. */
  constructor(private readonly max: number) {}

  /** `compute()`'s value for these key parts, remembered; `parts` must name everything it reads. */
  get(owner: object, parts: ReadonlyArray<string>, compute: () => V): V {
    let memo = this.byOwner.get(owner);
    if (!memo) {
      memo = new Map();
      this.byOwner.set(owner, memo);
    }
    const key = hash('sha256', parts.join('\u0000'), 'base64');
    const seen = memo.get(key);
    if (seen !== undefined) return seen;
    const value = freeze(compute());
    if (memo.size >= this.max) memo.delete(memo.keys().next().value!);
    memo.set(key, value);
    return value;
  }
}

function freeze<V extends object | null>(value: V): V {
  if (value === null || Object.isFrozen(value)) return value;
  for (const field of Object.values(value)) if (Array.isArray(field)) Object.freeze(field);
  return Object.freeze(value);
}
