/**
 * compromise, loaded when a sentence first needs it. Its `require` export is the bundled build
 * (`builds/three/compromise-three.cjs`, the same release as its ES sources): one file instead of about 450
 * modules, so it loads in about 0.19 s of CPU instead of 0.28 s here, and synchronously, so the scorer
 * stays synchronous. A command that parses no candidate sentence does not load it at all.
 */
import { createRequire } from 'node:module';
import type Nlp from 'compromise';

type Compromise = typeof Nlp;

let loaded: Compromise | null = null;

/** The compromise function (`nlp(text)`), loaded on first use. */
export function compromise(): Compromise {
  loaded ??= createRequire(import.meta.url)('compromise') as Compromise;
  return loaded;
}

/**
 * compromise's reading of `text` with its tagger, without its last hook, the chunker (noun and verb
 * phrases: `<Noun>` in match syntax, `.chunks()`). The chunker only reads tags, so every tag, match of
 * tags and text of the document is the same as `nlp(text)`'s; it costs a tenth of a parse. Callers that
 * need chunks call `compromise()(text)`.
 */
export function tagged(text: string): ReturnType<Compromise> {
  const nlp = compromise();
  const world = nlp.world() as { hooks: string[] };
  const hooks = world.hooks;
  if (hooks !== withoutChunksOf?.hooks) withoutChunksOf = { hooks, without: hooks.filter((hook) => hook !== 'chunks') };
  world.hooks = withoutChunksOf.without;
  try {
    return nlp(text);
  } finally {
    world.hooks = hooks;
  }
}

/** compromise's hooks less the chunker, worked out once for its list of hooks (a plugin would replace the list). */
let withoutChunksOf: { hooks: string[]; without: string[] } | null = null;

/** A match statement ("#Verb", "going to #Verb") parsed once, for compromise's match methods (`match`, `has`), which take it as they take its text. */
export function parsedMatch(statement: string): ReturnType<Compromise['parseMatch']> {
  return compromise().parseMatch(statement);
}
