-- 009_reviews: what a reviewer decided in the review workbench (`hetong serve`,
-- pipeline/serve/): this value is right, this value is wrong and is really …,
-- this flag is not a problem. Decisions are never keyed on row numbers that a
-- re-import changes: a decision names its document by content (sha256 of the
-- file), the target by field ('contract.total_amount', 'parties[乙方].name',
-- 'payments', 'flags.amount_words_mismatch') and the evidence it was made on
-- by evidence_key, an MD5 of the target, the extracted value and every
-- evidence span (offsets and text). `hetong ingest --force` deletes and
-- re-writes the document's rows but never `reviews`; a decision applies again
-- when the re-import finds the same target with the same evidence_key, and is
-- kept but no longer applies when the evidence changed (another value, another
-- place in the text): the reviewer has to look again.
--
-- The evidence key is defined once, in v_review_targets; the workbench reads
-- it from there, so the key of a decision and the key of a target cannot drift.

CREATE SEQUENCE reviews_review_id_seq START 1;

CREATE TABLE reviews (
    review_id        BIGINT PRIMARY KEY DEFAULT nextval('reviews_review_id_seq'),
    sha256           VARCHAR NOT NULL,
    target           VARCHAR NOT NULL,
    evidence_key     VARCHAR NOT NULL,
    evidence_text    VARCHAR,
    ev_start         INTEGER,
    ev_end           INTEGER,
    extracted_value  VARCHAR,
    decision         VARCHAR NOT NULL CHECK (decision IN ('confirm', 'dismiss', 'correct')),
    corrected_value  VARCHAR,
    note             VARCHAR,
    reviewer         VARCHAR NOT NULL,
    decided_at       TIMESTAMP NOT NULL,
    CHECK ((decision = 'correct') = (corrected_value IS NOT NULL))
);

COMMENT ON TABLE reviews IS 'Every decision a reviewer recorded in `hetong serve`, oldest first; the latest decision on a target and its evidence is the one that counts (v_review_decisions). Never touched by `hetong ingest`, --force included.';
COMMENT ON COLUMN reviews.review_id IS 'Decision number, increasing.';
COMMENT ON COLUMN reviews.sha256 IS 'The document the decision is about (documents.sha256: the content of the file, the same after a re-import).';
COMMENT ON COLUMN reviews.target IS 'What was decided on: a value (''contract.total_amount'', ''parties[乙方].name''), an item (''payments'', ''penalties'', ''sla'') or a flag (''flags.<kind>'').';
COMMENT ON COLUMN reviews.evidence_key IS 'MD5 of the target, its extracted value and its evidence spans (offsets and text) when the decision was made (v_review_targets.evidence_key); the decision applies while a target of the document has this key.';
COMMENT ON COLUMN reviews.evidence_text IS 'The evidence text the reviewer saw (spans joined by " … ").';
COMMENT ON COLUMN reviews.ev_start IS 'Start offset in the raw text of the first evidence span the reviewer saw.';
COMMENT ON COLUMN reviews.ev_end IS 'End offset (exclusive) of the last evidence span the reviewer saw.';
COMMENT ON COLUMN reviews.extracted_value IS 'The value hetong had extracted when the decision was made (for a flag: its message).';
COMMENT ON COLUMN reviews.decision IS 'confirm (the value or the flag is right) | dismiss (the flag is not a problem; for a value: there is no such value) | correct (the value is wrong; corrected_value is the right one).';
COMMENT ON COLUMN reviews.corrected_value IS 'The right value, for decision correct (an amount as a plain decimal, a date as YYYY-MM-DD); NULL otherwise.';
COMMENT ON COLUMN reviews.note IS 'The reviewer''s note, as typed.';
COMMENT ON COLUMN reviews.reviewer IS 'Who decided (the name set in the workbench).';
COMMENT ON COLUMN reviews.decided_at IS 'When the decision was made (UTC).';

-- -- what can be reviewed ------------------------------------------------------

CREATE VIEW v_review_targets AS
WITH val AS (
    SELECT sha256,
           field AS target,
           'value' AS kind,
           CAST(NULL AS INTEGER) AS seq,
           first(value ORDER BY start_offset, end_offset, text) AS extracted_value,
           string_agg(concat(start_offset, ':', end_offset, ':', text), '|' ORDER BY start_offset, end_offset, text) AS sig,
           string_agg(text, ' … ' ORDER BY start_offset, end_offset, text) AS evidence_text,
           min(start_offset) AS ev_start,
           max(end_offset) AS ev_end,
           min(page) AS page,
           CAST(NULL AS VARCHAR) AS severity,
           CAST(NULL AS VARCHAR) AS message
    FROM evidence
    GROUP BY sha256, field
),
item AS (
    SELECT sha256, 'payments' AS target, seq, CAST(amount AS VARCHAR) AS extracted_value,
           ev_start, ev_end, ev_text, ev_page
    FROM payments WHERE ev_start IS NOT NULL
    UNION ALL
    SELECT sha256, 'penalties', seq, CAST(rate AS VARCHAR), ev_start, ev_end, ev_text, ev_page
    FROM penalties WHERE ev_start IS NOT NULL
    UNION ALL
    SELECT sha256, 'sla', seq, CAST(hours AS VARCHAR), ev_start, ev_end, ev_text, ev_page
    FROM sla WHERE ev_start IS NOT NULL
),
span AS (
    SELECT f.sha256, f.seq,
           string_agg(concat(s.start_offset, ':', s.end_offset, ':', s.text), '|'
                      ORDER BY s.start_offset, s.end_offset, s.text) AS sig,
           string_agg(s.text, ' … ' ORDER BY s.start_offset, s.end_offset, s.text) AS evidence_text,
           min(s.start_offset) AS ev_start,
           max(s.end_offset) AS ev_end,
           min(s.page) AS page
    FROM flags f CROSS JOIN UNNEST(f.spans) AS u(s)
    GROUP BY f.sha256, f.seq
)
SELECT sha256, target, kind, seq, extracted_value,
       md5(concat(target, '#', extracted_value, '#', sig)) AS evidence_key,
       evidence_text, ev_start, ev_end, page, severity, message
FROM val
UNION ALL
SELECT sha256, target, 'item', seq, extracted_value,
       -- identical items (four installments read from one sentence) are told apart by their order
       md5(concat(target, '#', extracted_value, '#', ev_start, ':', ev_end, ':', ev_text, '#',
                  row_number() OVER (PARTITION BY sha256, target, extracted_value, ev_start, ev_end, ev_text ORDER BY seq))),
       ev_text, ev_start, ev_end, ev_page, NULL, NULL
FROM item
UNION ALL
SELECT sha256, target, 'flag', seq, message,
       md5(concat(target, '#', sig, '#', row_number() OVER (PARTITION BY sha256, target, sig ORDER BY seq))),
       evidence_text, ev_start, ev_end, page, severity, message
FROM (
    SELECT f.sha256, 'flags.' || f.kind AS target, f.seq, f.message, f.severity,
           coalesce(span.sig, array_to_string(f.evidence, '|')) AS sig,
           span.evidence_text, span.ev_start, span.ev_end, span.page
    FROM flags f LEFT JOIN span USING (sha256, seq)
);

COMMENT ON VIEW v_review_targets IS 'Everything a reviewer can decide on, one row per target of each document: the contract and party values that have evidence, every payment, penalty and SLA item with evidence, every flag — with the evidence_key that decisions (reviews) are matched on.';
COMMENT ON COLUMN v_review_targets.sha256 IS 'The document (documents.sha256).';
COMMENT ON COLUMN v_review_targets.target IS 'contract.<column> | parties[<role>].<column> | payments | penalties | sla | flags.<kind>.';
COMMENT ON COLUMN v_review_targets.kind IS 'value | item | flag.';
COMMENT ON COLUMN v_review_targets.seq IS 'For an item or a flag: its seq in payments, penalties, sla or flags now (a re-import may renumber it; decisions do not use it). NULL for a value.';
COMMENT ON COLUMN v_review_targets.extracted_value IS 'The value as stored (decimal, ISO date, text; an item''s amount, rate or hours; a flag''s message).';
COMMENT ON COLUMN v_review_targets.evidence_key IS 'MD5 of target, extracted value (not for flags) and every evidence span as start:end:text (for items and flags also the order among identical ones): the identity decisions are matched on.';
COMMENT ON COLUMN v_review_targets.evidence_text IS 'The evidence text, spans joined by " … ".';
COMMENT ON COLUMN v_review_targets.ev_start IS 'Start offset in the raw text of the first evidence span.';
COMMENT ON COLUMN v_review_targets.ev_end IS 'End offset (exclusive) of the last evidence span.';
COMMENT ON COLUMN v_review_targets.page IS 'Page (1-based) of the first evidence span, for PDFs.';
COMMENT ON COLUMN v_review_targets.severity IS 'For a flag: error | warning | info.';
COMMENT ON COLUMN v_review_targets.message IS 'For a flag: its message.';

-- -- decisions -----------------------------------------------------------------

CREATE VIEW v_review_decisions AS
WITH ranked AS (
    SELECT r.*,
           count(*) OVER (PARTITION BY sha256, target, evidence_key) AS n_decisions,
           row_number() OVER (PARTITION BY sha256, target, evidence_key ORDER BY decided_at DESC, review_id DESC) AS rank
    FROM reviews r
),
live AS (
    SELECT DISTINCT sha256, target, evidence_key FROM v_review_targets
)
SELECT
    d.source,
    r.sha256,
    cf.contract_id,
    r.target,
    r.decision,
    r.extracted_value,
    r.corrected_value,
    CASE r.decision WHEN 'correct' THEN r.corrected_value WHEN 'confirm' THEN r.extracted_value END AS reviewed_value,
    r.note,
    r.reviewer,
    r.decided_at,
    live.sha256 IS NOT NULL AS applies,
    r.n_decisions,
    r.evidence_text,
    r.ev_start,
    r.ev_end,
    r.evidence_key,
    r.review_id
FROM ranked r
LEFT JOIN live USING (sha256, target, evidence_key)
LEFT JOIN documents d ON d.sha256 = r.sha256
LEFT JOIN contract_files cf ON cf.sha256 = r.sha256
WHERE r.rank = 1
ORDER BY r.decided_at, r.review_id;

COMMENT ON VIEW v_review_decisions IS 'The decision that counts on each reviewed target (the latest one on the same evidence), with whether it still applies after re-imports.';
COMMENT ON COLUMN v_review_decisions.source IS 'File name of the document.';
COMMENT ON COLUMN v_review_decisions.sha256 IS 'The document (documents.sha256).';
COMMENT ON COLUMN v_review_decisions.contract_id IS 'Identity of the contract (v_contract_files); NULL for a document without a fingerprint.';
COMMENT ON COLUMN v_review_decisions.target IS 'What was decided on (reviews.target).';
COMMENT ON COLUMN v_review_decisions.decision IS 'confirm | dismiss | correct.';
COMMENT ON COLUMN v_review_decisions.extracted_value IS 'The value hetong had extracted when the decision was made (a flag: its message).';
COMMENT ON COLUMN v_review_decisions.corrected_value IS 'The reviewer''s value, for decision correct.';
COMMENT ON COLUMN v_review_decisions.reviewed_value IS 'The value after review: corrected_value when corrected, extracted_value when confirmed, NULL when dismissed.';
COMMENT ON COLUMN v_review_decisions.note IS 'The reviewer''s note.';
COMMENT ON COLUMN v_review_decisions.reviewer IS 'Who decided.';
COMMENT ON COLUMN v_review_decisions.decided_at IS 'When (UTC).';
COMMENT ON COLUMN v_review_decisions.applies IS 'True while the document has this target with the same evidence; false when a re-import found other evidence (the decision is kept, but someone has to look again).';
COMMENT ON COLUMN v_review_decisions.n_decisions IS 'Decisions recorded on this target and evidence, the earlier ones included (table reviews has them all).';
COMMENT ON COLUMN v_review_decisions.evidence_text IS 'The evidence text the reviewer saw.';
COMMENT ON COLUMN v_review_decisions.ev_start IS 'Start offset of the evidence the reviewer saw.';
COMMENT ON COLUMN v_review_decisions.ev_end IS 'End offset of the evidence the reviewer saw.';
COMMENT ON COLUMN v_review_decisions.evidence_key IS 'The evidence identity the decision was made on (v_review_targets.evidence_key).';
COMMENT ON COLUMN v_review_decisions.review_id IS 'The decision (reviews.review_id).';

-- -- the extracted value beside the reviewed one -----------------------------------

CREATE VIEW v_reviewed_values AS
WITH dec AS (
    SELECT * FROM v_review_decisions WHERE applies
)
SELECT
    d.source,
    t.sha256,
    t.target,
    t.seq,
    t.extracted_value,
    CASE dec.decision
        WHEN 'correct' THEN dec.corrected_value
        WHEN 'dismiss' THEN NULL
        ELSE t.extracted_value
    END AS reviewed_value,
    coalesce(dec.decision, 'unreviewed') AS review,
    dec.reviewer,
    dec.decided_at,
    dec.note,
    t.evidence_text,
    t.ev_start,
    t.ev_end
FROM v_review_targets t
JOIN documents d ON d.sha256 = t.sha256
LEFT JOIN dec ON dec.sha256 = t.sha256 AND dec.target = t.target AND dec.evidence_key = t.evidence_key
WHERE t.kind <> 'flag'
ORDER BY d.source, t.target, t.seq;

COMMENT ON VIEW v_reviewed_values IS 'Every value and item with evidence: the extracted value beside the value after review (corrected, confirmed, or unreviewed = as extracted).';
COMMENT ON COLUMN v_reviewed_values.source IS 'File name.';
COMMENT ON COLUMN v_reviewed_values.sha256 IS 'The document.';
COMMENT ON COLUMN v_reviewed_values.target IS 'contract.<column> | parties[<role>].<column> | payments | penalties | sla.';
COMMENT ON COLUMN v_reviewed_values.seq IS 'For an item: its seq in payments, penalties or sla.';
COMMENT ON COLUMN v_reviewed_values.extracted_value IS 'The value hetong extracted, as text.';
COMMENT ON COLUMN v_reviewed_values.reviewed_value IS 'The value after review: the corrected value, NULL when the reviewer said there is no such value, else the extracted one.';
COMMENT ON COLUMN v_reviewed_values.review IS 'unreviewed | confirm | correct | dismiss: the decision that applies.';
COMMENT ON COLUMN v_reviewed_values.reviewer IS 'Who decided; NULL when unreviewed.';
COMMENT ON COLUMN v_reviewed_values.decided_at IS 'When (UTC); NULL when unreviewed.';
COMMENT ON COLUMN v_reviewed_values.note IS 'The reviewer''s note.';
COMMENT ON COLUMN v_reviewed_values.evidence_text IS 'The evidence text.';
COMMENT ON COLUMN v_reviewed_values.ev_start IS 'Start offset of the evidence in the raw text.';
COMMENT ON COLUMN v_reviewed_values.ev_end IS 'End offset of the evidence.';

CREATE VIEW v_contracts_reviewed AS
WITH dec AS (
    SELECT sha256, target, decision, corrected_value, extracted_value FROM v_review_decisions WHERE applies
),
fl AS (
    SELECT t.sha256,
           count(*) AS n_flags,
           count(*) FILTER (WHERE dec.decision = 'dismiss') AS n_flags_dismissed,
           count(*) FILTER (WHERE dec.decision = 'confirm') AS n_flags_confirmed,
           list(DISTINCT t.severity ORDER BY t.severity) AS flag_severities
    FROM v_review_targets t
    LEFT JOIN v_review_decisions dec
           ON dec.applies AND dec.sha256 = t.sha256 AND dec.target = t.target AND dec.evidence_key = t.evidence_key
    WHERE t.kind = 'flag'
    GROUP BY t.sha256
),
n AS (
    SELECT sha256, count(*) AS n_decisions, max(decided_at) AS last_reviewed_at,
           arg_max(reviewer, decided_at) AS last_reviewer
    FROM v_review_decisions WHERE applies GROUP BY sha256
)
SELECT
    c.source,
    c.title,
    c.party_a,
    CASE pa.decision WHEN 'correct' THEN pa.corrected_value WHEN 'dismiss' THEN NULL ELSE c.party_a END AS party_a_reviewed,
    c.party_b,
    CASE pb.decision WHEN 'correct' THEN pb.corrected_value WHEN 'dismiss' THEN NULL ELSE c.party_b END AS party_b_reviewed,
    c.total_amount,
    CASE ta.decision WHEN 'correct' THEN TRY_CAST(ta.corrected_value AS DECIMAL(18,2)) WHEN 'dismiss' THEN NULL
         ELSE c.total_amount END AS total_amount_reviewed,
    c.signed_on,
    CASE so.decision WHEN 'correct' THEN TRY_CAST(so.corrected_value AS DATE) WHEN 'dismiss' THEN NULL
         ELSE c.signed_on END AS signed_on_reviewed,
    c.service_start,
    CASE ss.decision WHEN 'correct' THEN TRY_CAST(ss.corrected_value AS DATE) WHEN 'dismiss' THEN NULL
         ELSE c.service_start END AS service_start_reviewed,
    c.service_end,
    CASE se.decision WHEN 'correct' THEN TRY_CAST(se.corrected_value AS DATE) WHEN 'dismiss' THEN NULL
         ELSE c.service_end END AS service_end_reviewed,
    c.region,
    c.province,
    c.status,
    c.flag_kinds,
    coalesce(fl.flag_severities, []) AS flag_severities,
    coalesce(fl.n_flags, 0) AS n_flags,
    coalesce(fl.n_flags_dismissed, 0) AS n_flags_dismissed,
    coalesce(fl.n_flags - fl.n_flags_dismissed - fl.n_flags_confirmed, 0) AS n_flags_open,
    coalesce(n.n_decisions, 0) AS n_decisions,
    CASE
        WHEN coalesce(n.n_decisions, 0) = 0 THEN 'unreviewed'
        WHEN coalesce(fl.n_flags - fl.n_flags_dismissed - fl.n_flags_confirmed, 0) > 0 THEN 'in_progress'
        ELSE 'reviewed'
    END AS review_state,
    n.last_reviewed_at,
    n.last_reviewer,
    c.sha256,
    c.contract_id
FROM v_contracts c
LEFT JOIN fl ON fl.sha256 = c.sha256
LEFT JOIN n ON n.sha256 = c.sha256
LEFT JOIN dec pa ON pa.sha256 = c.sha256 AND pa.target = 'parties[甲方].name'
LEFT JOIN dec pb ON pb.sha256 = c.sha256 AND pb.target = 'parties[乙方].name'
LEFT JOIN dec ta ON ta.sha256 = c.sha256 AND ta.target = 'contract.total_amount'
LEFT JOIN dec so ON so.sha256 = c.sha256 AND so.target = 'contract.signed_on'
LEFT JOIN dec ss ON ss.sha256 = c.sha256 AND ss.target = 'contract.service_start'
LEFT JOIN dec se ON se.sha256 = c.sha256 AND se.target = 'contract.service_end'
ORDER BY c.source, c.sha256;

COMMENT ON VIEW v_contracts_reviewed IS 'One row per contract (as v_contracts) with the key values after review beside the extracted ones, and how far its review has got.';
COMMENT ON COLUMN v_contracts_reviewed.source IS 'File name.';
COMMENT ON COLUMN v_contracts_reviewed.title IS 'Contract title.';
COMMENT ON COLUMN v_contracts_reviewed.party_a IS 'Name of 甲方 as extracted.';
COMMENT ON COLUMN v_contracts_reviewed.party_a_reviewed IS 'Name of 甲方 after review (corrected, or as extracted).';
COMMENT ON COLUMN v_contracts_reviewed.party_b IS 'Name of 乙方 as extracted.';
COMMENT ON COLUMN v_contracts_reviewed.party_b_reviewed IS 'Name of 乙方 after review.';
COMMENT ON COLUMN v_contracts_reviewed.total_amount IS 'Contract total as extracted, CNY yuan.';
COMMENT ON COLUMN v_contracts_reviewed.total_amount_reviewed IS 'Contract total after review: the corrected amount when a reviewer corrected it, else as extracted.';
COMMENT ON COLUMN v_contracts_reviewed.signed_on IS 'Signing date as extracted.';
COMMENT ON COLUMN v_contracts_reviewed.signed_on_reviewed IS 'Signing date after review.';
COMMENT ON COLUMN v_contracts_reviewed.service_start IS 'Service start as extracted.';
COMMENT ON COLUMN v_contracts_reviewed.service_start_reviewed IS 'Service start after review.';
COMMENT ON COLUMN v_contracts_reviewed.service_end IS 'Service end as extracted.';
COMMENT ON COLUMN v_contracts_reviewed.service_end_reviewed IS 'Service end after review.';
COMMENT ON COLUMN v_contracts_reviewed.region IS 'Province, prefecture and county of 甲方 (v_contracts.region).';
COMMENT ON COLUMN v_contracts_reviewed.province IS 'Province-level division of 甲方.';
COMMENT ON COLUMN v_contracts_reviewed.status IS 'ok | partial (v_contracts.status).';
COMMENT ON COLUMN v_contracts_reviewed.flag_kinds IS 'Distinct flag kinds, sorted; empty when there are none.';
COMMENT ON COLUMN v_contracts_reviewed.flag_severities IS 'Distinct severities of its flags (error, info, warning), sorted; empty when none.';
COMMENT ON COLUMN v_contracts_reviewed.n_flags IS 'Flags of the contract.';
COMMENT ON COLUMN v_contracts_reviewed.n_flags_dismissed IS 'Flags a reviewer dismissed (decision applies).';
COMMENT ON COLUMN v_contracts_reviewed.n_flags_open IS 'Flags nobody has confirmed or dismissed yet.';
COMMENT ON COLUMN v_contracts_reviewed.n_decisions IS 'Decisions that apply to the contract.';
COMMENT ON COLUMN v_contracts_reviewed.review_state IS 'unreviewed (no decision) | in_progress (decisions, but flags still open) | reviewed (decisions and no open flag).';
COMMENT ON COLUMN v_contracts_reviewed.last_reviewed_at IS 'When the latest decision that applies was made (UTC).';
COMMENT ON COLUMN v_contracts_reviewed.last_reviewer IS 'Who made it.';
COMMENT ON COLUMN v_contracts_reviewed.sha256 IS 'Document key, to join the tables.';
COMMENT ON COLUMN v_contracts_reviewed.contract_id IS 'Identity of the contract (v_contract_files).';
