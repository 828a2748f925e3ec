-- 008_analyst_units: dates, rates and limits an analyst can compare.
--
-- * payments.due_on / due_exact / due_rule: the date each installment falls
--   due, computed in Python (extractors/due_dates.py) from its trigger and the
--   contract's dates, or why there is none; v_payment_schedule reads them
--   instead of computing due dates in SQL. Rows stored before this migration
--   are resolved by its hook (pipeline/store/storage.py: fill_due_dates_and_limits).
-- * sla.seconds: the limit in whole seconds, exact (15秒 = 15; hours is
--   DECIMAL(9,3) and stores 15秒 as 0.004 h = 14.4 s); sla.channel: the
--   support channel (在线支持, 电话支持) apart from the severity level.
-- * v_penalties: annual_rate only for per-day rates on an amount owed
--   (overdue_amount, contract_total); a rate on a fee (daily_fee,
--   service_fee) is a fee_multiple, never annualised.
-- * the views of 002 (contract_overview, payment_schedule, all_evidence)
--   become aliases of v_contracts, v_payment_schedule and v_evidence, kept for
--   one release and marked deprecated.

ALTER TABLE payments ADD COLUMN due_on DATE;
ALTER TABLE payments ADD COLUMN due_exact BOOLEAN;
ALTER TABLE payments ADD COLUMN due_rule VARCHAR;
COMMENT ON COLUMN payments.due_on IS 'Date the installment falls due (extractors/due_dates.py); NULL when its trigger does not fix one.';
COMMENT ON COLUMN payments.due_exact IS 'True when due_on follows exactly from the contract''s dates; false when working days are counted Mon–Fri (holidays ignored), a year is inferred or an event is assumed at a period end; NULL without due_on.';
COMMENT ON COLUMN payments.due_rule IS 'How due_on was computed, or why there is none.';

ALTER TABLE sla ADD COLUMN seconds BIGINT;
ALTER TABLE sla ADD COLUMN channel VARCHAR;
COMMENT ON COLUMN sla.seconds IS 'Time limit in whole seconds, exact (15秒 = 15; 30 分钟 = 1800; 1 个工作日 = 28800).';
COMMENT ON COLUMN sla.channel IS 'Support channel the limit is for, as written (在线支持, 电话支持, 现场支持); NULL when none is named.';
COMMENT ON COLUMN sla.hours IS 'Time limit in hours, rounded to 3 decimals (3.6 s): use seconds for exact values.';
COMMENT ON COLUMN sla.severity IS 'Severity level the limit applies to, as written (紧急, 一级故障); a support channel is in channel.';

-- -- v_payment_schedule --------------------------------------------------------------

DROP VIEW IF EXISTS payment_schedule;
DROP VIEW v_payment_schedule;
CREATE VIEW v_payment_schedule AS
WITH base AS (
    SELECT
        p.*,
        c.signed_on,
        c.service_start,
        c.service_end,
        c.total_amount,
        coalesce(p.rule IN ('payments.periodic', 'payments.even_periods'), false) AS periodic,
        count(*) OVER (PARTITION BY p.sha256) AS n_installments,
        coalesce(p.trigger, '') || ' ' || coalesce(p.ev_text, '') AS wording
    FROM payments p
    LEFT JOIN contracts c USING (sha256)
),
periods AS (
    SELECT
        *,
        CASE WHEN periodic THEN
            row_number() OVER (PARTITION BY sha256, periodic ORDER BY seq)
        END AS period_no,
        CASE WHEN periodic THEN
            count(*) OVER (PARTITION BY sha256, periodic)
        END AS n_periods,
        CASE WHEN periodic THEN coalesce(
            CASE
                WHEN regexp_matches(wording, '季度|季') THEN 3
                WHEN regexp_matches(wording, '半年') THEN 6
                WHEN regexp_matches(wording, '每个?月|按月|月度|逐月') THEN 1
                WHEN regexp_matches(wording, '每年|按年|年度') THEN 12
            END,
            -- nothing written: the service period in equal parts, when whole months
            CASE
                WHEN service_start IS NOT NULL AND service_end IS NOT NULL
                     AND date_diff('month', service_start, service_end + 1)
                         % count(*) OVER (PARTITION BY sha256, periodic) = 0
                     AND service_end + 1 = CAST(service_start + to_months(CAST(date_diff('month', service_start, service_end + 1) AS INTEGER)) AS DATE)
                THEN date_diff('month', service_start, service_end + 1) // count(*) OVER (PARTITION BY sha256, periodic)
            END
        ) END AS period_months
    FROM base
),
windows AS (
    SELECT
        *,
        CASE WHEN period_months IS NOT NULL AND service_start IS NOT NULL THEN
            CAST(service_start + to_months(CAST((period_no - 1) * period_months AS INTEGER)) AS DATE)
        END AS period_start,
        CASE WHEN period_months IS NOT NULL AND service_start IS NOT NULL THEN
            CAST(service_start + to_months(CAST(period_no * period_months AS INTEGER)) AS DATE) - 1
        END AS period_end
    FROM periods
)
SELECT
    d.source,
    c.title,
    a.name AS payer,
    b.name AS payee,
    s.seq,
    s.n_installments,
    s.amount,
    s.ratio,
    CASE WHEN s.total_amount > 0 THEN CAST(round(s.amount / s.total_amount, 6) AS DECIMAL(9,6)) END AS share_of_total,
    sum(s.amount) OVER (PARTITION BY s.sha256 ORDER BY s.seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_amount,
    s.trigger,
    s.due_days,
    s.due_day_kind,
    s.due_basis,
    s.periodic,
    s.period_no,
    s.period_months,
    s.period_start,
    s.period_end,
    s.due_on,
    s.due_exact AS due_on_exact,
    s.due_rule AS due_on_rule,
    s.due_rule,
    s.derived,
    s.total_amount,
    s.clause,
    s.ev_text,
    s.ev_start,
    s.ev_end,
    s.rule,
    s.sha256
FROM windows s
JOIN documents d USING (sha256)
LEFT JOIN contracts c USING (sha256)
LEFT JOIN (SELECT sha256, name FROM parties WHERE role = '甲方'
           QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY seq) = 1) a ON a.sha256 = s.sha256
LEFT JOIN (SELECT sha256, name FROM parties WHERE role = '乙方'
           QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY seq) = 1) b ON b.sha256 = s.sha256
ORDER BY d.source, s.sha256, s.seq;

COMMENT ON VIEW v_payment_schedule IS 'Every payment installment: who pays whom how much and the date it falls due (due_on) with how it was computed or why there is none (due_rule). Working days are counted Monday–Friday, ignoring public holidays.';
COMMENT ON COLUMN v_payment_schedule.source IS 'File name.';
COMMENT ON COLUMN v_payment_schedule.title IS 'Contract title.';
COMMENT ON COLUMN v_payment_schedule.payer IS 'Name of 甲方 (the paying party in service contracts).';
COMMENT ON COLUMN v_payment_schedule.payee IS 'Name of 乙方 (the paid party).';
COMMENT ON COLUMN v_payment_schedule.seq IS 'Installment number, from 1.';
COMMENT ON COLUMN v_payment_schedule.n_installments IS 'Installments the contract has.';
COMMENT ON COLUMN v_payment_schedule.amount IS 'Installment amount in CNY yuan.';
COMMENT ON COLUMN v_payment_schedule.ratio IS 'Share of the contract total as written (0.3 = 30 %); NULL when the text gives none.';
COMMENT ON COLUMN v_payment_schedule.share_of_total IS 'amount / contract total rounded to 6 places (0.3 = 30 %), whether or not a share was written.';
COMMENT ON COLUMN v_payment_schedule.cumulative_amount IS 'Sum of the amounts of this installment and those before it.';
COMMENT ON COLUMN v_payment_schedule.trigger IS 'When it is due, as written (合同签订后30日内).';
COMMENT ON COLUMN v_payment_schedule.due_days IS 'Days allowed after the basis event.';
COMMENT ON COLUMN v_payment_schedule.due_day_kind IS 'calendar | working.';
COMMENT ON COLUMN v_payment_schedule.due_basis IS 'Event the days count from: signing | invoice | acceptance | period_end | delivery | approval.';
COMMENT ON COLUMN v_payment_schedule.periodic IS 'True for one of a series of equal installments paid per period (每季度, 按月).';
COMMENT ON COLUMN v_payment_schedule.period_no IS 'For a periodic installment: which period of the service term it pays, from 1.';
COMMENT ON COLUMN v_payment_schedule.period_months IS 'For a periodic installment: months per period (季度 = 3), from the wording, else the service period divided evenly among the installments.';
COMMENT ON COLUMN v_payment_schedule.period_start IS 'First day of the period a periodic installment pays (periods counted from service_start).';
COMMENT ON COLUMN v_payment_schedule.period_end IS 'Last day of the period a periodic installment pays.';
COMMENT ON COLUMN v_payment_schedule.due_on IS 'Date the installment falls due, computed by extractors/due_dates.py from the trigger and the contract''s dates (signing, service start or end, the period of a periodic installment, a date written); NULL when the trigger does not fix one (due_rule says why).';
COMMENT ON COLUMN v_payment_schedule.due_on_exact IS 'True when due_on follows from the contract''s dates in calendar days; false when it counts working days (Mon–Fri, holidays ignored), infers a year, or assumes acceptance/invoicing at the period end; NULL when there is no due_on.';
COMMENT ON COLUMN v_payment_schedule.due_on_rule IS 'Same as due_rule (the name of schema 5).';
COMMENT ON COLUMN v_payment_schedule.due_rule IS 'How due_on was computed (''signed_on + 30 calendar days''), or why there is none (''no date: counts from an invoice (发票), whose date the contract does not state'').';
COMMENT ON COLUMN v_payment_schedule.derived IS 'True when the amount was computed as ratio × total, not written.';
COMMENT ON COLUMN v_payment_schedule.total_amount IS 'Contract total in CNY yuan.';
COMMENT ON COLUMN v_payment_schedule.clause IS 'Number of the clause the installment is stated in.';
COMMENT ON COLUMN v_payment_schedule.ev_text IS 'The text the installment was read from.';
COMMENT ON COLUMN v_payment_schedule.ev_start IS 'Evidence start offset in the raw text (texts.raw_text).';
COMMENT ON COLUMN v_payment_schedule.ev_end IS 'Evidence end offset (exclusive) in the raw text.';
COMMENT ON COLUMN v_payment_schedule.rule IS 'Rule that found the installment (payments.prose, payments.periodic, payments.table, …).';
COMMENT ON COLUMN v_payment_schedule.sha256 IS 'Document key.';


-- -- v_penalties ---------------------------------------------------------------------

DROP VIEW v_penalties;
CREATE VIEW v_penalties AS
SELECT
    d.source,
    c.title,
    p.seq,
    p.payer,
    pp.name AS payer_name,
    p.rate,
    p.rate * 100 AS rate_percent,
    p.unit,
    p.base,
    CASE
        WHEN p.base IN ('overdue_amount', 'contract_total') THEN 'amount_owed'
        WHEN p.base IN ('daily_fee', 'service_fee') THEN 'fee'
        ELSE 'other'
    END AS base_kind,
    CASE WHEN p.unit = 'per_day' AND p.base IN ('overdue_amount', 'contract_total') THEN p.rate * 365 END AS annual_rate,
    CASE WHEN p.base IN ('daily_fee', 'service_fee') THEN p.rate END AS fee_multiple,
    CASE WHEN p.unit = 'per_day' AND p.base = 'contract_total' THEN round(p.rate * c.total_amount, 2) END AS yuan_per_day,
    p.cap,
    CASE WHEN p.base = 'contract_total' THEN round(p.cap * c.total_amount, 2) END AS cap_amount,
    p.trigger,
    p.clause,
    c.total_amount,
    p.ev_text,
    p.ev_start,
    p.ev_end,
    p.rule,
    p.sha256
FROM penalties p
JOIN documents d USING (sha256)
LEFT JOIN contracts c USING (sha256)
LEFT JOIN (SELECT sha256, role, name FROM parties
           QUALIFY row_number() OVER (PARTITION BY sha256, role ORDER BY seq) = 1) pp
       ON pp.sha256 = p.sha256 AND pp.role = p.payer
ORDER BY d.source, p.sha256, p.seq;

COMMENT ON VIEW v_penalties IS 'Every stated penalty rate (违约金, fee deductions) with who pays it, comparable per base: per-day rates on an amount owed annualised (annual_rate), rates on a fee as a multiple of that fee (fee_multiple, never annualised), and in yuan where the base is the contract total.';
COMMENT ON COLUMN v_penalties.source IS 'File name.';
COMMENT ON COLUMN v_penalties.title IS 'Contract title.';
COMMENT ON COLUMN v_penalties.seq IS 'Position in the contract''s penalty list, from 1.';
COMMENT ON COLUMN v_penalties.payer IS 'Role of the party who pays (甲方, 乙方, …).';
COMMENT ON COLUMN v_penalties.payer_name IS 'Name of that party.';
COMMENT ON COLUMN v_penalties.rate IS 'Rate as a fraction of the base (日万分之五 = 0.0005; 200 % of the daily fee = 2).';
COMMENT ON COLUMN v_penalties.rate_percent IS 'rate × 100 (日万分之五 = 0.05).';
COMMENT ON COLUMN v_penalties.unit IS 'per_day (per day of delay) | once (one-off share) | per_point (per assessment point).';
COMMENT ON COLUMN v_penalties.base IS 'What the rate applies to: contract_total | overdue_amount | service_fee | daily_fee | other.';
COMMENT ON COLUMN v_penalties.base_kind IS 'amount_owed (overdue_amount, contract_total: comparable as an interest rate) | fee (daily_fee, service_fee: a multiple of a fee) | other (base not stated).';
COMMENT ON COLUMN v_penalties.annual_rate IS 'For per-day rates on an amount owed (overdue_amount, contract_total) only: rate × 365, simple (not compounded), to compare with interest rates; NULL for any other base or unit.';
COMMENT ON COLUMN v_penalties.fee_multiple IS 'For rates on a fee (daily_fee, service_fee): the rate as a multiple of that fee (200 % of the daily fee per day = 2), not annualised; NULL otherwise.';
COMMENT ON COLUMN v_penalties.yuan_per_day IS 'For per_day rates on the contract total: yuan per day of delay; NULL otherwise.';
COMMENT ON COLUMN v_penalties.cap IS 'Cap as a share of the base (0.1 for 10 %); NULL when none is stated.';
COMMENT ON COLUMN v_penalties.cap_amount IS 'Cap in yuan when the base is the contract total.';
COMMENT ON COLUMN v_penalties.trigger IS 'What triggers the penalty, as written.';
COMMENT ON COLUMN v_penalties.clause IS 'Number of the clause the penalty is stated in.';
COMMENT ON COLUMN v_penalties.total_amount IS 'Contract total in CNY yuan.';
COMMENT ON COLUMN v_penalties.ev_text IS 'The text the rate was read from.';
COMMENT ON COLUMN v_penalties.ev_start IS 'Evidence start offset in the raw text (texts.raw_text).';
COMMENT ON COLUMN v_penalties.ev_end IS 'Evidence end offset (exclusive) in the raw text.';
COMMENT ON COLUMN v_penalties.rule IS 'Rule or model that found the rate.';
COMMENT ON COLUMN v_penalties.sha256 IS 'Document key.';

-- -- v_sla ---------------------------------------------------------------------------

DROP VIEW v_sla;
CREATE VIEW v_sla AS
SELECT
    d.source,
    c.title,
    b.name AS supplier,
    s.seq,
    s.kind,
    s.severity,
    s.channel,
    s.seconds,
    CAST(s.seconds AS DECIMAL(18,3)) / 60 AS minutes,
    s.hours,
    s.clause,
    s.ev_text,
    s.ev_start,
    s.ev_end,
    s.rule,
    s.sha256
FROM sla s
JOIN documents d USING (sha256)
LEFT JOIN contracts c USING (sha256)
LEFT JOIN (SELECT sha256, name FROM parties WHERE role = '乙方'
           QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY seq) = 1) b ON b.sha256 = s.sha256
ORDER BY d.source, s.sha256, s.seq;

COMMENT ON VIEW v_sla IS 'Every stated support time limit (响应, 解决, 到达现场, 反馈) with the contract and the supplier bound by it, in exact seconds, with its severity level and support channel apart.';
COMMENT ON COLUMN v_sla.source IS 'File name.';
COMMENT ON COLUMN v_sla.title IS 'Contract title.';
COMMENT ON COLUMN v_sla.supplier IS 'Name of 乙方, who must meet the limit.';
COMMENT ON COLUMN v_sla.seq IS 'Position in the contract''s SLA list, from 1.';
COMMENT ON COLUMN v_sla.kind IS 'response | resolve | onsite | feedback.';
COMMENT ON COLUMN v_sla.severity IS 'Severity level the limit applies to, as written (紧急, 一级故障…); NULL when not tiered. A support channel is in channel.';
COMMENT ON COLUMN v_sla.channel IS 'Support channel the limit is for (在线支持, 电话支持, 现场支持); NULL when none is named.';
COMMENT ON COLUMN v_sla.seconds IS 'Time limit in whole seconds, exact (15秒 = 15; 30 分钟 = 1800; 1 个工作日 = 8 h = 28800).';
COMMENT ON COLUMN v_sla.minutes IS 'Time limit in minutes, seconds / 60 as DECIMAL (15秒 = 0.25).';
COMMENT ON COLUMN v_sla.hours IS 'Time limit in hours rounded to 3 decimals (15秒 shows as 0.004): use seconds or minutes to compare.';
COMMENT ON COLUMN v_sla.clause IS 'Number of the clause the limit is stated in.';
COMMENT ON COLUMN v_sla.ev_text IS 'The text the limit was read from.';
COMMENT ON COLUMN v_sla.ev_start IS 'Evidence start offset in the raw text (texts.raw_text).';
COMMENT ON COLUMN v_sla.ev_end IS 'Evidence end offset (exclusive) in the raw text.';
COMMENT ON COLUMN v_sla.rule IS 'Rule or model that found the limit.';
COMMENT ON COLUMN v_sla.sha256 IS 'Document key.';

-- -- v_evidence and the deprecated aliases ---------------------------------------------

DROP VIEW IF EXISTS all_evidence;
DROP VIEW IF EXISTS contract_overview;

CREATE VIEW v_evidence AS
SELECT sha256, field, value, text, start_offset, end_offset, page, rule FROM evidence
UNION ALL
SELECT sha256, 'payments[' || seq || ']', CAST(amount AS VARCHAR), ev_text, ev_start, ev_end, ev_page, rule
FROM payments WHERE ev_start IS NOT NULL
UNION ALL
SELECT sha256, 'penalties[' || seq || ']', CAST(rate AS VARCHAR), ev_text, ev_start, ev_end, ev_page, rule
FROM penalties WHERE ev_start IS NOT NULL
UNION ALL
SELECT sha256, 'sla[' || seq || ']', CAST(seconds AS VARCHAR), ev_text, ev_start, ev_end, ev_page, rule
FROM sla WHERE ev_start IS NOT NULL
UNION ALL
SELECT sha256, 'flags[' || seq || ']', kind, s.text, s.start_offset, s.end_offset, s.page, s.rule
FROM (SELECT sha256, seq, kind, unnest(spans) AS s FROM flags);

COMMENT ON VIEW v_evidence IS 'Every extracted value with where it came from in the raw text: contract and party fields, installments, penalties, SLA items and flag spans.';
COMMENT ON COLUMN v_evidence.sha256 IS 'Document key.';
COMMENT ON COLUMN v_evidence.field IS 'What is evidenced: contract.<field>, parties[<role>].<field>, payments[n], penalties[n], sla[n], flags[n].';
COMMENT ON COLUMN v_evidence.value IS 'The value as text: the field value, installment amount, penalty rate, SLA limit in seconds, or flag kind.';
COMMENT ON COLUMN v_evidence.text IS 'Matched text (normalised).';
COMMENT ON COLUMN v_evidence.start_offset IS 'Start offset in the raw text.';
COMMENT ON COLUMN v_evidence.end_offset IS 'End offset (exclusive) in the raw text.';
COMMENT ON COLUMN v_evidence.page IS 'Page (1-based) for paged sources.';
COMMENT ON COLUMN v_evidence.rule IS 'Rule or model that found it.';

-- Aliases for one release (their column comments are copied from the view
-- they alias by the migration's hook).
CREATE VIEW contract_overview AS SELECT * FROM v_contracts;
CREATE VIEW payment_schedule AS SELECT * FROM v_payment_schedule;
CREATE VIEW all_evidence AS SELECT * FROM v_evidence;
COMMENT ON VIEW contract_overview IS 'DEPRECATED (schema 8): an alias of v_contracts, kept for one release; query v_contracts.';
COMMENT ON VIEW payment_schedule IS 'DEPRECATED (schema 8): an alias of v_payment_schedule, kept for one release; query v_payment_schedule.';
COMMENT ON VIEW all_evidence IS 'DEPRECATED (schema 8): an alias of v_evidence, kept for one release; query v_evidence.';
