-- 006_files_not_read: every file a run met but did not read, with the reason,
-- so nothing under an imported folder is passed over without a record: files
-- of a type hetong does not read (.xlsx, .zip, .csv, …), files that could not
-- be opened, and folders that could not be listed. A file that was read —
-- even one that failed — is in `documents` instead.

CREATE TABLE files_not_read (
    run_id INTEGER NOT NULL,
    path VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    seen_at TIMESTAMP NOT NULL
);

COMMENT ON TABLE files_not_read IS 'Files and folders a run met and did not read, one row per run and path: unsupported types, unreadable files, unlistable folders.';
COMMENT ON COLUMN files_not_read.run_id IS 'The run (runs.run_id) that met the path.';
COMMENT ON COLUMN files_not_read.path IS 'The path as met (absolute), undecodable bytes as \xNN escapes.';
COMMENT ON COLUMN files_not_read.kind IS 'unsupported (a type hetong does not read) | unreadable (the file could not be opened or read) | unlistable (a folder whose contents could not be listed).';
COMMENT ON COLUMN files_not_read.reason IS 'One line a person can act on, e.g. "unsupported type .xlsx (save it as PDF)" or "cannot list folder: Permission denied".';
COMMENT ON COLUMN files_not_read.seen_at IS 'When the run met the path (UTC).';
