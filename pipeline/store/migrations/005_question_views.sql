-- 005_question_views: one view per question an analyst asks, each readable
-- without a join — v_contracts (who, how much, when, where), v_payment_schedule
-- (what falls due when), v_penalties, v_sla, v_flags (what to look at).
-- The views of 002 stay as they were; these are the ones to use.
--
-- Working days. A due rule in working days (15个工作日内) is turned into a
-- date by counting Monday–Friday only: public holidays and the adjusted
-- working weekends (调休) of the State Council calendar are ignored, so such a
-- date can be early by the holidays in between (up to 7 days around 春节 or
-- 国庆). Those dates say due_on_exact = false.

CREATE MACRO hetong_add_working_days(d, n) AS
    CASE
        WHEN d IS NULL OR n IS NULL THEN NULL
        WHEN n <= 0 THEN d
        -- from a weekend, count from the Friday before; then whole weeks, then
        -- the rest, stepping over one weekend when it passes Friday
        ELSE CAST(
            (d - CAST(greatest(isodow(d) - 5, 0) AS INTEGER))
            + CAST(7 * (n // 5) + n % 5 + CASE WHEN least(isodow(d), 5) + n % 5 > 5 THEN 2 ELSE 0 END AS INTEGER)
        AS DATE)
    END;

-- -- v_contracts ---------------------------------------------------------------

CREATE VIEW v_contracts AS
WITH first_party AS (
    SELECT sha256, role, name
    FROM parties
    QUALIFY row_number() OVER (PARTITION BY sha256, role ORDER BY seq) = 1
),
pay AS (
    SELECT sha256, count(*) AS n_payments, sum(amount) AS payments_total FROM payments GROUP BY sha256
),
pen AS (
    SELECT sha256, count(*) AS n_penalties FROM penalties GROUP BY sha256
),
sl AS (
    SELECT sha256, count(*) AS n_sla, min(hours) FILTER (WHERE kind = 'response') AS fastest_response_hours
    FROM sla GROUP BY sha256
),
flg AS (
    SELECT sha256,
           count(*) AS n_flags,
           count(*) FILTER (WHERE severity = 'error') AS n_flag_errors,
           list(DISTINCT kind ORDER BY kind) AS flag_kinds
    FROM flags GROUP BY sha256
)
SELECT
    d.source,
    c.title,
    c.project_name,
    c.contract_no,
    a.name AS party_a,
    b.name AS party_b,
    c.total_amount,
    c.tax_rate,
    c.signed_on,
    c.service_start,
    c.service_end,
    CASE
        WHEN c.service_start IS NOT NULL OR c.service_end IS NOT NULL
        THEN coalesce(strftime(c.service_start, '%Y-%m-%d'), '?') || ' – ' || coalesce(strftime(c.service_end, '%Y-%m-%d'), '?')
    END AS period,
    CAST(c.service_end - c.service_start + 1 AS INTEGER) AS service_days,
    CAST(coalesce(year(c.signed_on), year(c.service_start), year(c.service_end)) AS INTEGER) AS year,
    nullif(concat_ws(' ', c.province, nullif(c.city, c.province), c.district), '') AS region,
    c.province,
    c.city,
    c.district,
    c.region_code,
    coalesce(pay.n_payments, 0) AS n_payments,
    pay.payments_total,
    coalesce(pen.n_penalties, 0) AS n_penalties,
    coalesce(sl.n_sla, 0) AS n_sla,
    sl.fastest_response_hours,
    coalesce(flg.n_flags, 0) AS n_flags,
    coalesce(flg.n_flag_errors, 0) AS n_flag_errors,
    coalesce(flg.flag_kinds, []) AS flag_kinds,
    d.status,
    c.dispute_forum,
    c.dispute_venue,
    d.run_id,
    c.sha256
FROM contracts c
JOIN documents d USING (sha256)
LEFT JOIN first_party a ON a.sha256 = c.sha256 AND a.role = '甲方'
LEFT JOIN first_party b ON b.sha256 = c.sha256 AND b.role = '乙方'
LEFT JOIN pay ON pay.sha256 = c.sha256
LEFT JOIN pen ON pen.sha256 = c.sha256
LEFT JOIN sl ON sl.sha256 = c.sha256
LEFT JOIN flg ON flg.sha256 = c.sha256
ORDER BY d.source, c.sha256;

COMMENT ON VIEW v_contracts IS 'One row per contract (documents that went through extraction: status ok or partial): title, 甲方, 乙方, amount, period, region and how many payments, penalties, SLA items and flags it has.';
COMMENT ON COLUMN v_contracts.source IS 'File name.';
COMMENT ON COLUMN v_contracts.title IS 'Contract title.';
COMMENT ON COLUMN v_contracts.project_name IS 'Project name (项目名称).';
COMMENT ON COLUMN v_contracts.contract_no IS 'Contract number (合同编号).';
COMMENT ON COLUMN v_contracts.party_a IS 'Name of 甲方, usually the buyer who pays (the first 甲方 when there are several).';
COMMENT ON COLUMN v_contracts.party_b IS 'Name of 乙方, usually the supplier who is paid.';
COMMENT ON COLUMN v_contracts.total_amount IS 'Contract total in CNY yuan, DECIMAL(18,2).';
COMMENT ON COLUMN v_contracts.tax_rate IS 'Tax rate as a fraction (0.06 = 6 %).';
COMMENT ON COLUMN v_contracts.signed_on IS 'Signing date.';
COMMENT ON COLUMN v_contracts.service_start IS 'First day of the service period.';
COMMENT ON COLUMN v_contracts.service_end IS 'Last day of the service period.';
COMMENT ON COLUMN v_contracts.period IS 'Service period as text, ''2025-03-12 – 2026-03-11'' (? for an unknown end).';
COMMENT ON COLUMN v_contracts.service_days IS 'Days in the service period, both ends included; NULL unless both ends are known.';
COMMENT ON COLUMN v_contracts.year IS 'Year the contract belongs to: of the signing date, else of the service start, else of the service end.';
COMMENT ON COLUMN v_contracts.region IS 'Province, prefecture and county of 甲方 as one string (新疆维吾尔自治区 克拉玛依市; 北京市 朝阳区).';
COMMENT ON COLUMN v_contracts.province IS 'Province-level division of 甲方.';
COMMENT ON COLUMN v_contracts.city IS 'Prefecture-level division of 甲方.';
COMMENT ON COLUMN v_contracts.district IS 'County-level division of 甲方.';
COMMENT ON COLUMN v_contracts.region_code IS 'Administrative division code (adcode) of 甲方''s most specific division.';
COMMENT ON COLUMN v_contracts.n_payments IS 'Number of payment installments found.';
COMMENT ON COLUMN v_contracts.payments_total IS 'Sum of the installment amounts (NULL when none); compare with total_amount.';
COMMENT ON COLUMN v_contracts.n_penalties IS 'Number of penalty rates found.';
COMMENT ON COLUMN v_contracts.n_sla IS 'Number of SLA time limits found.';
COMMENT ON COLUMN v_contracts.fastest_response_hours IS 'Shortest response time limit in hours (any severity); NULL when none is stated.';
COMMENT ON COLUMN v_contracts.n_flags IS 'Number of inconsistency flags.';
COMMENT ON COLUMN v_contracts.n_flag_errors IS 'Number of flags with severity error.';
COMMENT ON COLUMN v_contracts.flag_kinds IS 'Distinct flag kinds, sorted; empty when there are none.';
COMMENT ON COLUMN v_contracts.status IS 'ok | partial (some extractor failed; see documents.error).';
COMMENT ON COLUMN v_contracts.dispute_forum IS 'court | arbitration.';
COMMENT ON COLUMN v_contracts.dispute_venue IS 'Named court or arbitration commission.';
COMMENT ON COLUMN v_contracts.run_id IS 'Import run that last wrote the contract (runs.run_id).';
COMMENT ON COLUMN v_contracts.sha256 IS 'Document key, to join the tables.';

-- -- v_payment_schedule ------------------------------------------------------------

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
),
basis AS (
    SELECT
        *,
        CASE
            WHEN due_basis = 'signing' THEN signed_on
            WHEN due_basis = 'period_end' THEN CASE WHEN periodic THEN period_end ELSE service_end END
            WHEN due_basis IN ('acceptance', 'invoice') AND periodic THEN period_end
        END AS basis_on,
        CASE
            WHEN due_basis = 'signing' THEN 'signed_on'
            WHEN due_basis = 'period_end' AND periodic THEN 'end of period ' || period_no
            WHEN due_basis = 'period_end' THEN 'service_end'
            WHEN due_basis IN ('acceptance', 'invoice') AND periodic
                THEN 'end of period ' || period_no || ' (' || due_basis || ' assumed at the period end)'
        END AS basis_text,
        due_basis IN ('acceptance', 'invoice') AND periodic AS basis_assumed
    FROM windows
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
    s.basis_on,
    CASE
        WHEN s.basis_on IS NULL THEN NULL
        WHEN s.due_days IS NULL THEN s.basis_on
        WHEN s.due_day_kind = 'working' THEN hetong_add_working_days(s.basis_on, s.due_days)
        ELSE CAST(s.basis_on + s.due_days AS DATE)
    END AS due_on,
    CASE
        WHEN s.basis_on IS NULL THEN NULL
        ELSE NOT s.basis_assumed AND coalesce(s.due_day_kind, 'calendar') = 'calendar'
    END AS due_on_exact,
    CASE
        WHEN s.basis_on IS NULL THEN NULL
        WHEN s.due_days IS NULL THEN s.basis_text
        WHEN s.due_day_kind = 'working'
            THEN s.basis_text || ' + ' || s.due_days || ' working days (Mon–Fri; public holidays ignored)'
        ELSE s.basis_text || ' + ' || s.due_days || ' calendar days'
    END AS due_on_rule,
    s.derived,
    s.total_amount,
    s.clause,
    s.ev_text,
    s.ev_start,
    s.ev_end,
    s.rule,
    s.sha256
FROM basis s
JOIN documents d USING (sha256)
LEFT JOIN contracts c USING (sha256)
LEFT JOIN (SELECT sha256, name FROM parties WHERE role = '甲方'
           QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY seq) = 1) a ON a.sha256 = s.sha256
LEFT JOIN (SELECT sha256, name FROM parties WHERE role = '乙方'
           QUALIFY row_number() OVER (PARTITION BY sha256 ORDER BY seq) = 1) b ON b.sha256 = s.sha256
ORDER BY d.source, s.sha256, s.seq;

COMMENT ON VIEW v_payment_schedule IS 'Every payment installment: who pays whom how much and, where it can be computed, the date it falls due (due_on) with how it was computed (due_on_rule). Working days are counted Monday–Friday, ignoring public holidays.';
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
COMMENT ON COLUMN v_payment_schedule.basis_on IS 'Date of the basis event when known: signed_on for signing; service_end (or the period end of a periodic installment) for period_end; for acceptance or invoice of a periodic installment, the period end (assumed). NULL otherwise.';
COMMENT ON COLUMN v_payment_schedule.due_on IS 'Date the installment falls due: basis_on + due_days (calendar, or Monday–Friday working days ignoring public holidays); basis_on itself when no days are stated; NULL when the basis date is unknown.';
COMMENT ON COLUMN v_payment_schedule.due_on_exact IS 'True when due_on follows from the contract''s dates in calendar days; false when it counts working days (holidays ignored) or assumes acceptance/invoicing at the period end; NULL when there is no due_on.';
COMMENT ON COLUMN v_payment_schedule.due_on_rule IS 'How due_on was computed, e.g. ''signed_on + 30 calendar days''.';
COMMENT ON COLUMN v_payment_schedule.derived IS 'True when the amount was computed as ratio × total, not written.';
COMMENT ON COLUMN v_payment_schedule.total_amount IS 'Contract total in CNY yuan.';
COMMENT ON COLUMN v_payment_schedule.clause IS 'Number of the clause the installment is stated in.';
COMMENT ON COLUMN v_payment_schedule.ev_text IS 'The text the installment was read from.';
COMMENT ON COLUMN v_payment_schedule.ev_start IS 'Evidence start offset in the raw text (texts.raw_text).';
COMMENT ON COLUMN v_payment_schedule.ev_end IS 'Evidence end offset (exclusive) in the raw text.';
COMMENT ON COLUMN v_payment_schedule.rule IS 'Rule that found the installment (payments.prose, payments.periodic, payments.table, …).';
COMMENT ON COLUMN v_payment_schedule.sha256 IS 'Document key.';

-- -- v_penalties -----------------------------------------------------------------

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
    CASE WHEN p.unit = 'per_day' THEN p.rate * 365 END AS annual_rate,
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

COMMENT ON VIEW v_penalties IS 'Every stated penalty rate (违约金, fee deductions) with who pays it, comparable across contracts: rate in percent, per-day rates annualised, and in yuan where the base is the contract total.';
COMMENT ON COLUMN v_penalties.source IS 'File name.';
COMMENT ON COLUMN v_penalties.title IS 'Contract title.';
COMMENT ON COLUMN v_penalties.seq IS 'Position in the contract''s penalty list, from 1.';
COMMENT ON COLUMN v_penalties.payer IS 'Role of the party who pays (甲方, 乙方, …).';
COMMENT ON COLUMN v_penalties.payer_name IS 'Name of that party.';
COMMENT ON COLUMN v_penalties.rate IS 'Rate as a fraction of the base (日万分之五 = 0.0005).';
COMMENT ON COLUMN v_penalties.rate_percent IS 'rate × 100 (日万分之五 = 0.05).';
COMMENT ON COLUMN v_penalties.unit IS 'per_day (per day of delay) | once (one-off share) | per_point (per assessment point).';
COMMENT ON COLUMN v_penalties.base IS 'What the rate applies to: contract_total | overdue_amount | service_fee | daily_fee | other.';
COMMENT ON COLUMN v_penalties.annual_rate IS 'For per_day rates: rate × 365, simple (not compounded), to compare with interest rates; NULL otherwise.';
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

-- -- v_sla --------------------------------------------------------------------------

CREATE VIEW v_sla AS
SELECT
    d.source,
    c.title,
    b.name AS supplier,
    s.seq,
    s.kind,
    s.severity,
    s.hours,
    s.hours * 60 AS minutes,
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

COMMENT ON VIEW v_sla IS 'Every stated support time limit (响应, 解决, 到达现场, 反馈) with the contract and the supplier bound by it.';
COMMENT ON COLUMN v_sla.source IS 'File name.';
COMMENT ON COLUMN v_sla.title IS 'Contract title.';
COMMENT ON COLUMN v_sla.supplier IS 'Name of 乙方, who must meet the limit.';
COMMENT ON COLUMN v_sla.seq IS 'Position in the contract''s SLA list, from 1.';
COMMENT ON COLUMN v_sla.kind IS 'response | resolve | onsite | feedback.';
COMMENT ON COLUMN v_sla.severity IS 'Severity level the limit applies to, as written (紧急, 一级故障…); NULL when not tiered.';
COMMENT ON COLUMN v_sla.hours IS 'Time limit in hours (30 分钟 = 0.5; 1 个工作日 = 8).';
COMMENT ON COLUMN v_sla.minutes IS 'Time limit in minutes (hours × 60).';
COMMENT ON COLUMN v_sla.clause IS 'Number of the clause the limit is stated in.';
COMMENT ON COLUMN v_sla.ev_text IS 'The text the limit was read from.';
COMMENT ON COLUMN v_sla.ev_start IS 'Evidence start offset in the raw text (texts.raw_text).';
COMMENT ON COLUMN v_sla.ev_end IS 'Evidence end offset (exclusive) in the raw text.';
COMMENT ON COLUMN v_sla.rule IS 'Rule or model that found the limit.';
COMMENT ON COLUMN v_sla.sha256 IS 'Document key.';

-- -- v_flags ------------------------------------------------------------------------

CREATE VIEW v_flags AS
SELECT
    d.source,
    c.title,
    f.seq,
    f.kind,
    f.severity,
    f.message,
    array_to_string(f.evidence, ' / ') AS evidence,
    len(f.spans) AS n_spans,
    f.spans[1].text AS first_text,
    f.spans[1].start_offset AS first_start,
    f.spans[1].end_offset AS first_end,
    f.spans[1].page AS first_page,
    f.evidence AS evidence_list,
    f.spans,
    d.imported_at,
    f.run_id,
    f.sha256
FROM flags f
JOIN documents d USING (sha256)
LEFT JOIN contracts c USING (sha256)
ORDER BY CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, d.source, f.sha256, f.seq;

COMMENT ON VIEW v_flags IS 'Open flags: every inconsistency the last import of each document found, most severe first, with its message and where it is in the text. Flags are recomputed on each import, so every flag here is open; there is no resolved state yet.';
COMMENT ON COLUMN v_flags.source IS 'File name.';
COMMENT ON COLUMN v_flags.title IS 'Contract title.';
COMMENT ON COLUMN v_flags.seq IS 'Position in the document''s flag list, from 1.';
COMMENT ON COLUMN v_flags.kind IS 'Flag kind, a stable code (district_mismatch, party_name_mismatch, amount_words_mismatch, …).';
COMMENT ON COLUMN v_flags.severity IS 'error | warning | info.';
COMMENT ON COLUMN v_flags.message IS 'Human-readable explanation.';
COMMENT ON COLUMN v_flags.evidence IS 'The conflicting strings joined with '' / '' (李胜 / 李印胜).';
COMMENT ON COLUMN v_flags.n_spans IS 'How many places in the text the flag points to.';
COMMENT ON COLUMN v_flags.first_text IS 'Text at the first place the flag points to.';
COMMENT ON COLUMN v_flags.first_start IS 'Start offset of the first place in the raw text (texts.raw_text).';
COMMENT ON COLUMN v_flags.first_end IS 'End offset (exclusive) of the first place.';
COMMENT ON COLUMN v_flags.first_page IS 'Page (1-based) of the first place for paged sources.';
COMMENT ON COLUMN v_flags.evidence_list IS 'The conflicting strings as a list.';
COMMENT ON COLUMN v_flags.spans IS 'Every place the flag points to: raw-text offsets (end exclusive), text, page, rule.';
COMMENT ON COLUMN v_flags.imported_at IS 'When the document was last imported (UTC).';
COMMENT ON COLUMN v_flags.run_id IS 'Import run that found the flag (runs.run_id).';
COMMENT ON COLUMN v_flags.sha256 IS 'Document key.';
