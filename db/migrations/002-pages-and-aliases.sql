-- 002: page spans of paginated documents (PDF) and issuer aliases, so a rescore from stored text keeps page numbers and name masking.
ALTER TABLE documents ADD COLUMN pages TEXT NOT NULL DEFAULT '[]'; -- JSON array of {page, start, end}
-- Former names of an issuer: the scorer masks them like the name, also when rescoring from stored text.
ALTER TABLE issuers ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]'; -- JSON array of names
