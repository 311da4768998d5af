/**
 * The source registry: every source, by the kind of location it fetches. A new
 * source is one folder under `sources/` exporting a {@link Source}, and one line
 * here (docs/ARCHITECTURE.md, "Add a source").
 */
import { loadConfig, type Config } from '../core/config.ts';
import { describeError, PermanentError } from '../core/errors.ts';
import type { FilingRef, Location, RawDocument } from '../core/jobs.ts';
import { edgarSource, type EdgarSourceOptions } from './edgar/source.ts';
import { localFileSource } from './local/source.ts';
import type { Source } from './source.ts';
import { urlSource } from './url/source.ts';

/** What the sources are opened with: the configuration, and per source its own wiring. */
export interface SourceWiring {
  config?: Config;
  edgar?: EdgarSourceOptions;
  /** `add --allow-private`: URLs may reach loopback and private addresses. */
  url?: { allowPrivate?: boolean };
}

const MB = 1024 * 1024;

const REGISTRY: ReadonlyArray<(config: Config, wiring: SourceWiring) => Source<any>> = [
  (config) => localFileSource({ maxBytes: config.maxDocumentMb * MB }),
  (config, w) => edgarSource(config, w.edgar),
  (config, w) =>
    urlSource({
      cacheDir: config.cacheDir,
      maxBytes: config.maxDocumentMb * MB,
      timeoutMs: config.downloadSeconds * 1000,
      allowPrivate: w.url?.allowPrivate ?? false,
    }),
];

/** The opened sources of one process: fetches a filing from whichever source reads its location. */
export class Sources {
  private readonly byKind: ReadonlyMap<string, Source<any>>;

  constructor(sources: ReadonlyArray<Source<any>>) {
    this.byKind = new Map(sources.map((s) => [s.kind, s]));
    if (this.byKind.size !== sources.length) throw new Error('two sources fetch the same kind of location');
  }

  /** Kinds of location these sources fetch. */
  get kinds(): string[] {
    return [...this.byKind.keys()];
  }

  /**
   * The filing's documents.
   * @throws PermanentError for a location no source reads or one its source refuses
   */
  async fetch(filing: FilingRef, location: Location): Promise<RawDocument[]> {
    const source = this.byKind.get(location.kind);
    if (!source) throw new PermanentError(`no source fetches "${location.kind}" locations (known: ${this.kinds.join(', ')})`);
    const parsed = source.location.safeParse(location);
    if (!parsed.success) throw new PermanentError(`bad ${location.kind} location: ${describeError(parsed.error.issues[0]?.message ?? parsed.error)}`);
    return source.fetch(filing, parsed.data);
  }
}

/** Every registered source, opened with this wiring. */
export function openSources(wiring: SourceWiring = {}): Sources {
  const config = wiring.config ?? loadConfig({});
  return new Sources(REGISTRY.map((open) => open(config, wiring)));
}
