/** The rows a run leaves in SQLite, without surrogate ids, so two runs can be compared. */
import Database from 'better-sqlite3';

export function dbSnapshot(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return {
      issuers: all('SELECT issuer_key, cik, name, tickers, country, aliases FROM issuers ORDER BY issuer_key'),
      filings: all(
        `SELECT filing_key, accession, form, filed_at, period_end, source, source_ref, status, failed_stage, error_reason, extractor_version
           FROM filings ORDER BY filing_key`,
      ),
      documents: all(
        `SELECT f.filing_key, d.name, d.document_type, d.origin, d.sha256, d.content_kind, d.bytes, d.words, length(d.text) AS chars
           FROM documents d JOIN filings f ON f.id = d.filing_id ORDER BY f.filing_key, d.name`,
      ),
      sentences: all(
        `SELECT f.filing_key, d.name, s.start, s.end, s.text FROM sentences s
           JOIN documents d ON d.id = s.document_id JOIN filings f ON f.id = d.filing_id ORDER BY f.filing_key, d.name, s.start`,
      ),
      labels: all(
        `SELECT f.filing_key, s.start, l.scorer_version, l.topics, l.modality, l.core_claim, l.weight FROM sentence_labels l
           JOIN sentences s ON s.id = l.sentence_id JOIN documents d ON d.id = s.document_id JOIN filings f ON f.id = d.filing_id
          ORDER BY f.filing_key, d.name, s.start, l.scorer_version`,
      ),
      filingScores: all(
        `SELECT f.filing_key, s.scorer_version, s.words, s.sentences, s.pivot_index
           FROM filing_scores s JOIN filings f ON f.id = s.filing_id ORDER BY f.filing_key, s.scorer_version`,
      ),
      topicScores: all(
        `SELECT f.filing_key, t.scorer_version, t.topic, t.mass, t.fact_mass, t.sentences, t.density, t.core_claims
           FROM filing_topic_scores t JOIN filings f ON f.id = t.filing_id ORDER BY f.filing_key, t.scorer_version, t.topic`,
      ),
    };
  } finally {
    db.close();
  }
}
