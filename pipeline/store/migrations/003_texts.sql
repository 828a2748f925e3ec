-- 003_texts: the raw text of each document, so a reviewer can see every
-- extracted value on the text it came from (`hetong review --db`) without the
-- original file. Evidence offsets of every table index `texts.raw_text`.

CREATE TABLE texts (
    sha256    VARCHAR PRIMARY KEY,
    raw_text  VARCHAR NOT NULL,
    chars     INTEGER NOT NULL,
    run_id    BIGINT NOT NULL
);

COMMENT ON TABLE texts IS 'The raw text of each document as decoded from the file (what a reviewer sees); every evidence offset (start_offset/end_offset, ev_start/ev_end, flag spans) indexes raw_text. Written by imports from schema version 3 on; a document imported before has no row until it is re-imported with --force.';
COMMENT ON COLUMN texts.sha256 IS 'Document (documents.sha256).';
COMMENT ON COLUMN texts.raw_text IS 'Text decoded from the file (for PDF: the text layer, pages in order), before normalisation.';
COMMENT ON COLUMN texts.chars IS 'Length of raw_text in characters (Unicode code points), the unit of every offset.';
COMMENT ON COLUMN texts.run_id IS 'runs.run_id of the import that wrote this row.';
