-- 001_initial: one row per imported file (documents), what each contract says
-- (contracts, parties, payments, penalties, sla, flags, evidence), its clause
-- tree (clauses), and which import run produced what (runs).
--
-- Conventions
--   * Every row is keyed by `sha256`, the hash of the file's bytes. Rows of one
--     document are replaced together, in one transaction, when it is re-imported.
--   * No FOREIGN KEY constraints: DuckDB cannot delete a referenced parent row
--     in the transaction that deleted its children, which a replace needs. The
--     relation is documented in the comments instead.
--   * Offsets (`start_offset`, `end_offset`, `ev_start`, `ev_end`) index the
--     document's raw text as decoded from the file (what a reviewer sees), with
--     `end` exclusive, unless the column comment says otherwise.
--   * Money is DECIMAL(18,2) yuan; rates and ratios are fractions (0.5 % = 0.005).
--   * Timestamps are UTC.

CREATE SEQUENCE runs_run_id_seq START 1;

CREATE TABLE runs (
    run_id          BIGINT PRIMARY KEY DEFAULT nextval('runs_run_id_seq'),
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    hetong_version  VARCHAR NOT NULL,
    files_seen      INTEGER,
    ok              INTEGER,
    partial         INTEGER,
    failed          INTEGER,
    not_a_contract  INTEGER,
    skipped         INTEGER
);

CREATE TABLE documents (
    sha256       VARCHAR PRIMARY KEY,
    source       VARCHAR NOT NULL,
    path         VARCHAR,
    media_type   VARCHAR NOT NULL,
    encoding     VARCHAR,
    pages        INTEGER,
    bytes        BIGINT,
    status       VARCHAR NOT NULL,
    error        VARCHAR,
    versions     JSON,
    imported_at  TIMESTAMP NOT NULL,
    run_id       BIGINT NOT NULL
);

CREATE TABLE contracts (
    sha256              VARCHAR PRIMARY KEY,
    title               VARCHAR,
    project_name        VARCHAR,
    contract_no         VARCHAR,
    signed_on           DATE,
    total_amount        DECIMAL(18,2),
    total_amount_words  VARCHAR,
    tax_rate            DECIMAL(9,6),
    service_start       DATE,
    service_end         DATE,
    coverage            VARCHAR[],
    dispute_forum       VARCHAR,
    dispute_venue       VARCHAR,
    run_id              BIGINT NOT NULL
);

CREATE TABLE parties (
    sha256     VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    role       VARCHAR NOT NULL,
    label      VARCHAR,
    name       VARCHAR,
    address    VARCHAR,
    legal_rep  VARCHAR,
    contact    VARCHAR,
    phone      VARCHAR,
    email      VARCHAR,
    postcode   VARCHAR,
    bank       VARCHAR,
    account    VARCHAR,
    tax_id     VARCHAR,
    run_id     BIGINT NOT NULL
);

CREATE TABLE clauses (
    sha256        VARCHAR NOT NULL,
    clause_id     INTEGER NOT NULL,
    parent_id     INTEGER,
    number        VARCHAR NOT NULL,
    style         VARCHAR NOT NULL,
    ordinal       INTEGER,
    heading       VARCHAR,
    level         INTEGER NOT NULL,
    start_offset  INTEGER NOT NULL,
    end_offset    INTEGER NOT NULL,
    text_start    INTEGER NOT NULL,
    text_end      INTEGER NOT NULL,
    run_id        BIGINT NOT NULL
);

CREATE TABLE payments (
    sha256        VARCHAR NOT NULL,
    seq           INTEGER NOT NULL,
    amount        DECIMAL(18,2),
    ratio         DECIMAL(9,6),
    trigger       VARCHAR,
    due_days      INTEGER,
    due_day_kind  VARCHAR,
    due_basis     VARCHAR,
    derived       BOOLEAN NOT NULL,
    clause        VARCHAR,
    ev_start      INTEGER,
    ev_end        INTEGER,
    ev_text       VARCHAR,
    ev_page       INTEGER,
    rule          VARCHAR,
    run_id        BIGINT NOT NULL
);

CREATE TABLE penalties (
    sha256    VARCHAR NOT NULL,
    seq       INTEGER NOT NULL,
    payer     VARCHAR,
    rate      DECIMAL(12,6) NOT NULL,
    unit      VARCHAR NOT NULL,
    base      VARCHAR NOT NULL,
    cap       DECIMAL(12,6),
    trigger   VARCHAR,
    clause    VARCHAR,
    ev_start  INTEGER,
    ev_end    INTEGER,
    ev_text   VARCHAR,
    ev_page   INTEGER,
    rule      VARCHAR,
    run_id    BIGINT NOT NULL
);

CREATE TABLE sla (
    sha256    VARCHAR NOT NULL,
    seq       INTEGER NOT NULL,
    kind      VARCHAR NOT NULL,
    hours     DECIMAL(9,3) NOT NULL,
    severity  VARCHAR,
    clause    VARCHAR,
    ev_start  INTEGER,
    ev_end    INTEGER,
    ev_text   VARCHAR,
    ev_page   INTEGER,
    rule      VARCHAR,
    run_id    BIGINT NOT NULL
);

CREATE TABLE flags (
    sha256    VARCHAR NOT NULL,
    seq       INTEGER NOT NULL,
    kind      VARCHAR NOT NULL,
    severity  VARCHAR NOT NULL,
    message   VARCHAR NOT NULL,
    evidence  VARCHAR[] NOT NULL,
    spans     STRUCT(start_offset INTEGER, end_offset INTEGER, text VARCHAR, page INTEGER, rule VARCHAR)[] NOT NULL,
    run_id    BIGINT NOT NULL
);

CREATE TABLE evidence (
    sha256        VARCHAR NOT NULL,
    field         VARCHAR NOT NULL,
    value         VARCHAR,
    text          VARCHAR NOT NULL,
    start_offset  INTEGER NOT NULL,
    end_offset    INTEGER NOT NULL,
    page          INTEGER,
    rule          VARCHAR NOT NULL,
    run_id        BIGINT NOT NULL
);

-- _migrations is created by pipeline/storage.py before any migration runs
-- (it has to exist to record this one); its comments live here.
COMMENT ON TABLE _migrations IS 'Schema migrations applied to this database: one row per pipeline/migrations/NNN_name.sql file, applied in order, each in its own transaction.';
COMMENT ON COLUMN _migrations.version IS 'Migration number, the NNN of NNN_name.sql.';
COMMENT ON COLUMN _migrations.name IS 'Migration name, the name of NNN_name.sql.';
COMMENT ON COLUMN _migrations.checksum IS 'SHA-256 of the migration file as applied; an applied migration must never be edited (add a new one).';
COMMENT ON COLUMN _migrations.applied_at IS 'When the migration was applied (UTC).';

COMMENT ON TABLE runs IS 'One row per `hetong ingest` run. finished_at and the counts stay NULL when a run did not finish (crash or interrupt); its stored documents still carry its run_id.';
COMMENT ON COLUMN runs.run_id IS 'Run number, increasing; rows of every other table carry the run_id that last wrote them.';
COMMENT ON COLUMN runs.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN runs.finished_at IS 'When the run finished (UTC); NULL if it did not finish.';
COMMENT ON COLUMN runs.hetong_version IS 'Version of hetong that ran the import.';
COMMENT ON COLUMN runs.files_seen IS 'Files found under the given paths (= ok + partial + failed + not_a_contract + skipped).';
COMMENT ON COLUMN runs.ok IS 'Files imported with status ok.';
COMMENT ON COLUMN runs.partial IS 'Files imported with status partial (some extractor failed; see documents.error).';
COMMENT ON COLUMN runs.failed IS 'Files that failed (unreadable, empty, binary, unsupported, or a text stage failed); unreadable files get no documents row, the others a row with status failed.';
COMMENT ON COLUMN runs.not_a_contract IS 'Files imported with status not_a_contract.';
COMMENT ON COLUMN runs.skipped IS 'Files skipped because their content (sha256) was already imported.';

COMMENT ON TABLE documents IS 'One row per distinct file content (sha256) ever imported, whatever its status; failed files are here with their error.';
COMMENT ON COLUMN documents.sha256 IS 'SHA-256 of the file bytes (lowercase hex): the document identity and the key of every other table. The same content under two names is one document.';
COMMENT ON COLUMN documents.source IS 'File name (without folder) as exported in "source".';
COMMENT ON COLUMN documents.path IS 'Absolute path of the file when it was imported.';
COMMENT ON COLUMN documents.media_type IS 'Detected media type: text/plain, text/markdown, application/pdf, application/zip, …';
COMMENT ON COLUMN documents.encoding IS 'Text encoding the file was decoded with (utf-8, gb18030, big5, utf-16…); NULL for PDF and for files that could not be decoded.';
COMMENT ON COLUMN documents.pages IS 'Number of pages for paged sources (PDF); NULL for plain text.';
COMMENT ON COLUMN documents.bytes IS 'File size in bytes.';
COMMENT ON COLUMN documents.status IS 'ok | partial (an extractor or check failed) | failed (nothing extracted) | not_a_contract.';
COMMENT ON COLUMN documents.error IS 'Stage errors joined by "; ", each "stage: reason"; NULL when status is ok.';
COMMENT ON COLUMN documents.versions IS 'JSON object of component versions that produced the rows (e.g. {"hetong": "0.1.0"}).';
COMMENT ON COLUMN documents.imported_at IS 'When this content was (last) imported (UTC).';
COMMENT ON COLUMN documents.run_id IS 'runs.run_id of the import that wrote this row.';

COMMENT ON TABLE contracts IS 'One row per document that went through extraction (status ok or partial): the contract-level fields. Values not stated in the text are NULL. Evidence for each value is in evidence (field ''contract.<column>'').';
COMMENT ON COLUMN contracts.sha256 IS 'Document (documents.sha256).';
COMMENT ON COLUMN contracts.title IS 'Contract title as written.';
COMMENT ON COLUMN contracts.project_name IS 'Text after 项目名称.';
COMMENT ON COLUMN contracts.contract_no IS '合同编号 / 合同登记编号 value; NULL when blank.';
COMMENT ON COLUMN contracts.signed_on IS 'Signing date; NULL when left blank (e.g. "2022 年 月 日").';
COMMENT ON COLUMN contracts.total_amount IS 'Contract total in CNY yuan.';
COMMENT ON COLUMN contracts.total_amount_words IS 'The total in capital numerals as written (壹佰贰拾万零贰仟元整).';
COMMENT ON COLUMN contracts.tax_rate IS 'Tax rate as a fraction (0.06 for 6 %); NULL when not stated.';
COMMENT ON COLUMN contracts.service_start IS 'First day of the service period.';
COMMENT ON COLUMN contracts.service_end IS 'Last day of the service period.';
COMMENT ON COLUMN contracts.coverage IS 'Support windows named, e.g. [''7x24'', ''5x8'']; empty when none.';
COMMENT ON COLUMN contracts.dispute_forum IS 'court | arbitration; NULL when not stated.';
COMMENT ON COLUMN contracts.dispute_venue IS 'The named court or arbitration commission as written.';
COMMENT ON COLUMN contracts.run_id IS 'runs.run_id of the import that wrote this row.';

COMMENT ON TABLE parties IS 'One row per contracting party of a document, in the order found. Evidence is in evidence (field ''parties[<role>].<column>'').';
COMMENT ON COLUMN parties.sha256 IS 'Document (documents.sha256).';
COMMENT ON COLUMN parties.seq IS 'Position of the party in the document''s party list, from 1.';
COMMENT ON COLUMN parties.role IS '甲方 | 乙方 | 丙方 | 丁方.';
COMMENT ON COLUMN parties.label IS 'The label the contract used for this role (采购人, 委托方, …).';
COMMENT ON COLUMN parties.name IS 'Organisation or person name as written in the declaration block.';
COMMENT ON COLUMN parties.address IS 'First address given for the party.';
COMMENT ON COLUMN parties.legal_rep IS 'Legal representative (法定代表人).';
COMMENT ON COLUMN parties.contact IS 'Contact person (联系人).';
COMMENT ON COLUMN parties.phone IS 'Telephone number as written.';
COMMENT ON COLUMN parties.email IS 'E-mail address.';
COMMENT ON COLUMN parties.postcode IS 'Postal code (邮编).';
COMMENT ON COLUMN parties.bank IS 'Bank and branch of the account (开户行).';
COMMENT ON COLUMN parties.account IS 'Bank account number (账号).';
COMMENT ON COLUMN parties.tax_id IS 'Taxpayer identification / unified social credit code (税号).';
COMMENT ON COLUMN parties.run_id IS 'runs.run_id of the import that wrote this row.';

COMMENT ON TABLE clauses IS 'The clause tree of a document (第X条, 一、, 1.1, 附件…): one row per numbered heading.';
COMMENT ON COLUMN clauses.sha256 IS 'Document (documents.sha256).';
COMMENT ON COLUMN clauses.clause_id IS 'Clause id, unique within the document.';
COMMENT ON COLUMN clauses.parent_id IS 'clause_id of the enclosing clause; NULL at the top level.';
COMMENT ON COLUMN clauses.number IS 'Numbering as written: 第三条, 一、, （二）, 1.1, (3), 附件1.';
COMMENT ON COLUMN clauses.style IS 'Numbering style: chapter, section, article, annex, cn, cn_paren, dec1, dec2, dec3, paren.';
COMMENT ON COLUMN clauses.ordinal IS 'Numeric value of the last numbering component (第三条 → 3); NULL when unparseable.';
COMMENT ON COLUMN clauses.heading IS 'Rest of the heading line after the number.';
COMMENT ON COLUMN clauses.level IS 'Depth in the tree, 1 = top.';
COMMENT ON COLUMN clauses.start_offset IS 'Start of the heading line in the raw text.';
COMMENT ON COLUMN clauses.end_offset IS 'End (exclusive) of the clause in the raw text: the start of the next clause at the same or a higher level.';
COMMENT ON COLUMN clauses.text_start IS 'start_offset in the normalised text (NFKC etc.) the extractors read.';
COMMENT ON COLUMN clauses.text_end IS 'end_offset in the normalised text the extractors read.';
COMMENT ON COLUMN clauses.run_id IS 'runs.run_id of the import that wrote this row.';

COMMENT ON TABLE payments IS 'Payment installments of a contract, in the order the contract lists them.';
COMMENT ON COLUMN payments.sha256 IS 'Document (documents.sha256).';
COMMENT ON COLUMN payments.seq IS 'Installment number as extracted, from 1.';
COMMENT ON COLUMN payments.amount IS 'Installment amount in CNY yuan; NULL when only a ratio is given and no total is known.';
COMMENT ON COLUMN payments.ratio IS 'Share of the contract total as a fraction (0.3 for 30 %), rounded to 6 places; NULL when the text gives no percentage.';
COMMENT ON COLUMN payments.trigger IS 'Condition that makes the installment due, as written (合同签订后30日内).';
COMMENT ON COLUMN payments.due_days IS 'Days allowed after due_basis, when stated.';
COMMENT ON COLUMN payments.due_day_kind IS 'calendar | working: kind of the due_days.';
COMMENT ON COLUMN payments.due_basis IS 'Event the due days count from: signing | invoice | acceptance | period_end | ….';
COMMENT ON COLUMN payments.derived IS 'True when amount was computed as ratio × total rather than written.';
COMMENT ON COLUMN payments.clause IS 'Number of the clause the installment is stated in.';
COMMENT ON COLUMN payments.ev_start IS 'Evidence start offset in the raw text.';
COMMENT ON COLUMN payments.ev_end IS 'Evidence end offset (exclusive) in the raw text.';
COMMENT ON COLUMN payments.ev_text IS 'Evidence text as matched (normalised).';
COMMENT ON COLUMN payments.ev_page IS 'Page (1-based) of the evidence for paged sources.';
COMMENT ON COLUMN payments.rule IS 'Id of the rule or model that found the installment.';
COMMENT ON COLUMN payments.run_id IS 'runs.run_id of the import that wrote this row.';

COMMENT ON TABLE penalties IS 'Stated rates of liquidated damages (违约金) or fee deductions.';
COMMENT ON COLUMN penalties.sha256 IS 'Document (documents.sha256).';
COMMENT ON COLUMN penalties.seq IS 'Position in the document''s penalty list, from 1.';
COMMENT ON COLUMN penalties.payer IS 'Role of the party who pays (甲方, 乙方, …).';
COMMENT ON COLUMN penalties.rate IS 'Rate as a fraction of the base (日万分之五 = 0.0005), rounded to 6 places.';
COMMENT ON COLUMN penalties.unit IS 'per_day (per day of delay) | once (one-off share) | per_point (per assessment point below a threshold).';
COMMENT ON COLUMN penalties.base IS 'What the rate applies to: contract_total | overdue_amount | service_fee | daily_fee | other.';
COMMENT ON COLUMN penalties.cap IS 'Cap as a share of the base (0.1 for 10 %), rounded to 6 places; NULL when none is stated.';
COMMENT ON COLUMN penalties.trigger IS 'What triggers the penalty, as written (延迟付款).';
COMMENT ON COLUMN penalties.clause IS 'Number of the clause the penalty is stated in.';
COMMENT ON COLUMN penalties.ev_start IS 'Evidence start offset in the raw text.';
COMMENT ON COLUMN penalties.ev_end IS 'Evidence end offset (exclusive) in the raw text.';
COMMENT ON COLUMN penalties.ev_text IS 'Evidence text as matched (normalised).';
COMMENT ON COLUMN penalties.ev_page IS 'Page (1-based) of the evidence for paged sources.';
COMMENT ON COLUMN penalties.rule IS 'Id of the rule or model that found the penalty.';
COMMENT ON COLUMN penalties.run_id IS 'runs.run_id of the import that wrote this row.';

COMMENT ON TABLE sla IS 'Stated time limits of the support service (响应, 解决, 到达现场, 反馈).';
COMMENT ON COLUMN sla.sha256 IS 'Document (documents.sha256).';
COMMENT ON COLUMN sla.seq IS 'Position in the document''s SLA list, from 1.';
COMMENT ON COLUMN sla.kind IS 'response | resolve | onsite | feedback.';
COMMENT ON COLUMN sla.hours IS 'Time limit in hours (30 分钟 = 0.5, 1 天 = 24, 1 个工作日 = 8), rounded to 3 places.';
COMMENT ON COLUMN sla.severity IS 'Severity level the limit applies to, as written (一级故障…); NULL when not tiered.';
COMMENT ON COLUMN sla.clause IS 'Number of the clause the limit is stated in.';
COMMENT ON COLUMN sla.ev_start IS 'Evidence start offset in the raw text.';
COMMENT ON COLUMN sla.ev_end IS 'Evidence end offset (exclusive) in the raw text.';
COMMENT ON COLUMN sla.ev_text IS 'Evidence text as matched (normalised).';
COMMENT ON COLUMN sla.ev_page IS 'Page (1-based) of the evidence for paged sources.';
COMMENT ON COLUMN sla.rule IS 'Id of the rule or model that found the limit.';
COMMENT ON COLUMN sla.run_id IS 'runs.run_id of the import that wrote this row.';

COMMENT ON TABLE flags IS 'Inconsistencies a reviewer must look at (kinds in data/gold/FORMAT.md: party_name_mismatch, payment_sum_mismatch, …).';
COMMENT ON COLUMN flags.sha256 IS 'Document (documents.sha256).';
COMMENT ON COLUMN flags.seq IS 'Position in the document''s flag list, from 1.';
COMMENT ON COLUMN flags.kind IS 'Flag kind, a stable code (person_name_mismatch, amount_words_mismatch, …).';
COMMENT ON COLUMN flags.severity IS 'error | warning | info.';
COMMENT ON COLUMN flags.message IS 'Human-readable explanation.';
COMMENT ON COLUMN flags.evidence IS 'The conflicting strings, e.g. [''李胜'', ''李印胜''].';
COMMENT ON COLUMN flags.spans IS 'Where the conflicting strings are: raw-text offsets (end exclusive), matched text, page, rule.';
COMMENT ON COLUMN flags.run_id IS 'runs.run_id of the import that wrote this row.';

COMMENT ON TABLE evidence IS 'Where each contract-level and party-level value came from. Payments, penalties and SLA items carry their evidence in their own ev_* columns; the view all_evidence unions everything.';
COMMENT ON COLUMN evidence.sha256 IS 'Document (documents.sha256).';
COMMENT ON COLUMN evidence.field IS 'The value this evidences: ''contract.<column>'' or ''parties[<role>].<column>'', e.g. ''contract.total_amount'', ''parties[乙方].phone''.';
COMMENT ON COLUMN evidence.value IS 'The extracted value as text (decimal, ISO date, or JSON list); NULL when the field is empty.';
COMMENT ON COLUMN evidence.text IS 'Matched text (normalised).';
COMMENT ON COLUMN evidence.start_offset IS 'Start offset in the raw text.';
COMMENT ON COLUMN evidence.end_offset IS 'End offset (exclusive) in the raw text.';
COMMENT ON COLUMN evidence.page IS 'Page (1-based) for paged sources; NULL for plain text.';
COMMENT ON COLUMN evidence.rule IS 'Id of the rule or model that found the value.';
COMMENT ON COLUMN evidence.run_id IS 'runs.run_id of the import that wrote this row.';
