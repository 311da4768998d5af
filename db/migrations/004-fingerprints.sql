-- 004: text fingerprints and near-duplicates. The same document filed on EDGAR and on SEDAR+ (an MD&A as a
-- 40-F exhibit and as a SEDAR+ PDF) is stored once: the later copy is recorded as a duplicate of the kept one.

-- One bottom-k MinHash sketch per stored document (pipeline/fingerprint.ts).
CREATE TABLE document_fingerprints (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  scheme      TEXT NOT NULL,                   -- tokenisation, shingle size, hash and k, e.g. 'bottomk-256-w5-fnv1a32-1'
  shingles    INTEGER NOT NULL,                -- word 5-shingles in the document
  sketch      BLOB NOT NULL                    -- ascending uint32 hashes, little-endian
);

-- A document that was not stored because a stored document of the same issuer holds (nearly) the same text.
CREATE TABLE duplicate_documents (
  filing_id        INTEGER NOT NULL REFERENCES filings(id) ON DELETE CASCADE,
  name             TEXT NOT NULL,              -- file name inside the duplicate filing
  sha256           TEXT NOT NULL,
  origin           TEXT NOT NULL,              -- path or URL the bytes came from
  kept_document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  similarity       REAL NOT NULL,              -- estimated Jaccard similarity of word 5-shingles
  PRIMARY KEY (filing_id, name)
);

-- Set on a filing all of whose documents are duplicates: it keeps its row (source, date, reference) but no
-- text, evidence or scores of its own; the kept filing carries them.
ALTER TABLE filings ADD COLUMN duplicate_of INTEGER REFERENCES filings(id);
