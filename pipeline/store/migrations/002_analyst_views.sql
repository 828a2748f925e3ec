-- 002_analyst_views: views so an analyst never joins six tables to answer
-- "who, how much, when". Views only read the tables of 001.

CREATE VIEW contract_overview AS
WITH first_party AS (
    SELECT sha256, role, name
    FROM parties
    QUALIFY row_number() OVER (PARTITION BY sha256, role ORDER BY seq) = 1
),
pay AS (
    SELECT sha256, count(*) AS n_payments, sum(amount) AS payments_total
    FROM payments GROUP BY sha256
),
flg AS (
    SELECT sha256, count(*) AS n_flags, count(*) FILTER (WHERE severity = 'error') AS n_flag_errors
    FROM flags GROUP BY sha256
)
SELECT
    d.source,
    d.status,
    c.title,
    c.project_name,
    c.contract_no,
    a.name AS party_a,
    b.name AS party_b,
    c.signed_on,
    c.total_amount,
    c.tax_rate,
    c.service_start,
    c.service_end,
    coalesce(pay.n_payments, 0) AS n_payments,
    pay.payments_total,
    coalesce(flg.n_flags, 0) AS n_flags,
    coalesce(flg.n_flag_errors, 0) AS n_flag_errors,
    c.dispute_forum,
    c.dispute_venue,
    d.error,
    d.imported_at,
    d.run_id,
    d.sha256
FROM documents d
LEFT JOIN contracts c USING (sha256)
LEFT JOIN first_party a ON a.sha256 = d.sha256 AND a.role = '甲方'
LEFT JOIN first_party b ON b.sha256 = d.sha256 AND b.role = '乙方'
LEFT JOIN pay ON pay.sha256 = d.sha256
LEFT JOIN flg ON flg.sha256 = d.sha256;

COMMENT ON VIEW contract_overview IS 'One row per imported document: who (甲方/乙方), how much (total, installments), when (signed, service period), status and flag counts. Failed documents are included with their error.';
COMMENT ON COLUMN contract_overview.source IS 'File name.';
COMMENT ON COLUMN contract_overview.status IS 'ok | partial | failed | not_a_contract.';
COMMENT ON COLUMN contract_overview.title IS 'Contract title.';
COMMENT ON COLUMN contract_overview.project_name IS 'Project name (项目名称).';
COMMENT ON COLUMN contract_overview.contract_no IS 'Contract number (合同编号).';
COMMENT ON COLUMN contract_overview.party_a IS 'Name of 甲方 (usually the buyer, who pays).';
COMMENT ON COLUMN contract_overview.party_b IS 'Name of 乙方 (usually the supplier, who is paid).';
COMMENT ON COLUMN contract_overview.signed_on IS 'Signing date.';
COMMENT ON COLUMN contract_overview.total_amount IS 'Contract total in CNY yuan.';
COMMENT ON COLUMN contract_overview.tax_rate IS 'Tax rate as a fraction (0.06 = 6 %).';
COMMENT ON COLUMN contract_overview.service_start IS 'First day of the service period.';
COMMENT ON COLUMN contract_overview.service_end IS 'Last day of the service period.';
COMMENT ON COLUMN contract_overview.n_payments IS 'Number of payment installments found.';
COMMENT ON COLUMN contract_overview.payments_total IS 'Sum of the installment amounts (NULL when there are none); compare with total_amount.';
COMMENT ON COLUMN contract_overview.n_flags IS 'Number of inconsistency flags.';
COMMENT ON COLUMN contract_overview.n_flag_errors IS 'Number of flags with severity error.';
COMMENT ON COLUMN contract_overview.dispute_forum IS 'court | arbitration.';
COMMENT ON COLUMN contract_overview.dispute_venue IS 'Named court or arbitration commission.';
COMMENT ON COLUMN contract_overview.error IS 'Stage errors when status is not ok.';
COMMENT ON COLUMN contract_overview.imported_at IS 'When the document was imported (UTC).';
COMMENT ON COLUMN contract_overview.run_id IS 'Import run (runs.run_id).';
COMMENT ON COLUMN contract_overview.sha256 IS 'Document key, to join the other tables.';

CREATE VIEW payment_schedule AS
SELECT
    d.source,
    c.title,
    a.name AS payer,
    b.name AS payee,
    p.seq,
    p.amount,
    p.ratio,
    p.trigger,
    p.due_days,
    p.due_day_kind,
    p.due_basis,
    p.derived,
    c.total_amount,
    p.ev_text,
    p.sha256
FROM payments p
JOIN documents d USING (sha256)
LEFT JOIN contracts c USING (sha256)
LEFT JOIN (SELECT sha256, name FROM parties WHERE role = '甲方'
           QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY seq) = 1) a ON a.sha256 = p.sha256
LEFT JOIN (SELECT sha256, name FROM parties WHERE role = '乙方'
           QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY seq) = 1) b ON b.sha256 = p.sha256;

COMMENT ON VIEW payment_schedule IS 'Every payment installment with the contract and the parties: who pays whom how much, when.';
COMMENT ON COLUMN payment_schedule.source IS 'File name.';
COMMENT ON COLUMN payment_schedule.title IS 'Contract title.';
COMMENT ON COLUMN payment_schedule.payer IS 'Name of 甲方 (the paying party in service contracts).';
COMMENT ON COLUMN payment_schedule.payee IS 'Name of 乙方 (the paid party in service contracts).';
COMMENT ON COLUMN payment_schedule.seq IS 'Installment number, from 1.';
COMMENT ON COLUMN payment_schedule.amount IS 'Installment amount in CNY yuan.';
COMMENT ON COLUMN payment_schedule.ratio IS 'Share of the contract total (0.3 = 30 %).';
COMMENT ON COLUMN payment_schedule.trigger IS 'When it is due, as written.';
COMMENT ON COLUMN payment_schedule.due_days IS 'Days allowed after due_basis.';
COMMENT ON COLUMN payment_schedule.due_day_kind IS 'calendar | working.';
COMMENT ON COLUMN payment_schedule.due_basis IS 'Event the days count from (signing, invoice, acceptance, …).';
COMMENT ON COLUMN payment_schedule.derived IS 'True when amount was computed as ratio × total.';
COMMENT ON COLUMN payment_schedule.total_amount IS 'Contract total in CNY yuan.';
COMMENT ON COLUMN payment_schedule.ev_text IS 'The text the installment was read from.';
COMMENT ON COLUMN payment_schedule.sha256 IS 'Document key.';

CREATE VIEW all_evidence AS
SELECT sha256, field, value, text, start_offset, end_offset, page, rule FROM evidence
UNION ALL
SELECT sha256, 'payments[' || seq || ']', CAST(amount AS VARCHAR), ev_text, ev_start, ev_end, ev_page, rule
FROM payments WHERE ev_start IS NOT NULL
UNION ALL
SELECT sha256, 'penalties[' || seq || ']', CAST(rate AS VARCHAR), ev_text, ev_start, ev_end, ev_page, rule
FROM penalties WHERE ev_start IS NOT NULL
UNION ALL
SELECT sha256, 'sla[' || seq || ']', CAST(hours AS VARCHAR), ev_text, ev_start, ev_end, ev_page, rule
FROM sla WHERE ev_start IS NOT NULL
UNION ALL
SELECT sha256, 'flags[' || seq || ']', kind, s.text, s.start_offset, s.end_offset, s.page, s.rule
FROM (SELECT sha256, seq, kind, unnest(spans) AS s FROM flags);

COMMENT ON VIEW all_evidence IS 'Every extracted value with where it came from in the raw text: contract and party fields, installments, penalties, SLA items and flag spans.';
COMMENT ON COLUMN all_evidence.sha256 IS 'Document key.';
COMMENT ON COLUMN all_evidence.field IS 'What is evidenced: contract.<field>, parties[<role>].<field>, payments[n], penalties[n], sla[n], flags[n].';
COMMENT ON COLUMN all_evidence.value IS 'The value as text: the field value, installment amount, penalty rate, SLA hours, or flag kind.';
COMMENT ON COLUMN all_evidence.text IS 'Matched text (normalised).';
COMMENT ON COLUMN all_evidence.start_offset IS 'Start offset in the raw text.';
COMMENT ON COLUMN all_evidence.end_offset IS 'End offset (exclusive) in the raw text.';
COMMENT ON COLUMN all_evidence.page IS 'Page (1-based) for paged sources.';
COMMENT ON COLUMN all_evidence.rule IS 'Rule or model that found it.';
