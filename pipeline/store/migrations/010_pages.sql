-- 010_pages: where each page's text came from. One row per page of a paged
-- document (PDF, image): its text layer, or OCR with the recogniser's
-- confidence, so that OCR'd text is never taken for typed text unseen.
-- Values read from OCR lines scored low are flagged (flags.kind
-- 'ocr_low_confidence', extractors/flags/ocr_confidence.py).

CREATE TABLE pages (
    sha256 VARCHAR NOT NULL,
    page INTEGER NOT NULL,
    source VARCHAR,
    confidence DOUBLE,
    lines INTEGER NOT NULL,
    low_confidence_lines INTEGER,
    lowest_line_confidence DOUBLE,
    chars INTEGER NOT NULL,
    run_id INTEGER NOT NULL
);

COMMENT ON TABLE pages IS 'One row per page of a paged document (PDF, image): where its text came from and, for OCR, how sure the recogniser was.';
COMMENT ON COLUMN pages.sha256 IS 'The document (documents.sha256).';
COMMENT ON COLUMN pages.page IS 'Page number, 1-based.';
COMMENT ON COLUMN pages.source IS 'text_layer (the PDF''s own text) | ocr (recognised from the page image) | NULL (no text read from the page).';
COMMENT ON COLUMN pages.confidence IS 'OCR: mean recognition confidence of the page''s text boxes, 0-1; NULL for a text layer.';
COMMENT ON COLUMN pages.lines IS 'Lines of text read from the page.';
COMMENT ON COLUMN pages.low_confidence_lines IS 'OCR: lines whose lowest recognition score is under 0.8 (values read from them are flagged ocr_low_confidence); NULL for a text layer.';
COMMENT ON COLUMN pages.lowest_line_confidence IS 'OCR: the lowest line score on the page; NULL for a text layer.';
COMMENT ON COLUMN pages.chars IS 'Characters of raw text the page contributed.';
COMMENT ON COLUMN pages.run_id IS 'The run (runs.run_id) that imported the document.';
