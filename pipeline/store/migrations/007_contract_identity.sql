-- 007_contract_identity: contracts, not files. The files of one contract
-- (the same text as .txt, .docx and .pdf, another encoding, a small edit) are
-- grouped by a MinHash signature of their normalised text (pipeline/identity.py);
-- files whose extracted key values differ are versions of the contract.
-- v_contracts shows each contract once, from its current file.

CREATE TABLE fingerprints (
    sha256      VARCHAR PRIMARY KEY,
    signature   UBIGINT[] NOT NULL,
    values_key  VARCHAR NOT NULL,
    run_id      BIGINT NOT NULL
);
CREATE TABLE fingerprint_bands (
    sha256  VARCHAR NOT NULL,
    band    SMALLINT NOT NULL,
    bucket  BIGINT NOT NULL,
    run_id  BIGINT NOT NULL
);
CREATE TABLE contract_files (
    sha256       VARCHAR PRIMARY KEY,
    contract_id  VARCHAR NOT NULL,
    version      INTEGER NOT NULL,
    similarity   DOUBLE,
    run_id       BIGINT NOT NULL
);

COMMENT ON TABLE fingerprints IS 'One MinHash signature per extracted document: 64 minima of hashed character 5-shingles of its normalised text.';
COMMENT ON COLUMN fingerprints.sha256 IS 'The document (documents.sha256).';
COMMENT ON COLUMN fingerprints.signature IS 'MinHash signature (64 values); two documents agree on a share of values that estimates the Jaccard similarity of their texts.';
COMMENT ON COLUMN fingerprints.values_key IS 'The extracted key values (total, dates, number, party names) as canonical JSON: files of one contract with different keys are different versions.';
COMMENT ON COLUMN fingerprints.run_id IS 'Import run that stored it.';
COMMENT ON TABLE fingerprint_bands IS 'Locality-sensitive hashing of the signatures: 16 bands of 4 values; documents that share a bucket are compared.';
COMMENT ON COLUMN fingerprint_bands.sha256 IS 'The document.';
COMMENT ON COLUMN fingerprint_bands.band IS 'Band number, 0–15.';
COMMENT ON COLUMN fingerprint_bands.bucket IS 'Hash of the band''s four signature values.';
COMMENT ON COLUMN fingerprint_bands.run_id IS 'Import run that stored it.';
COMMENT ON TABLE contract_files IS 'Which contract each extracted document is a file of, and which version of it.';
COMMENT ON COLUMN contract_files.sha256 IS 'The document (documents.sha256).';
COMMENT ON COLUMN contract_files.contract_id IS 'Identity of the contract: the sha256 of the first document stored of it.';
COMMENT ON COLUMN contract_files.version IS 'Version of the contract this file holds, 1 = the first values seen; a file with the same key values as an earlier one has its version.';
COMMENT ON COLUMN contract_files.similarity IS 'Estimated text similarity (0–1) to the closest earlier file of the contract; NULL for its first file.';
COMMENT ON COLUMN contract_files.run_id IS 'Import run that assigned it.';

CREATE VIEW v_contract_files AS
SELECT
    f.contract_id,
    f.version,
    d.sha256,
    d.source,
    d.path,
    d.media_type,
    d.imported_at,
    f.similarity,
    row_number() OVER (PARTITION BY f.contract_id ORDER BY d.imported_at DESC, d.sha256) = 1 AS is_current
FROM contract_files f JOIN documents d USING (sha256);

COMMENT ON VIEW v_contract_files IS 'Every extracted file with the contract and version it holds; is_current marks the newest file of each contract.';
COMMENT ON COLUMN v_contract_files.contract_id IS 'Identity of the contract (sha256 of its first file).';
COMMENT ON COLUMN v_contract_files.version IS 'Version of the contract in this file (1 = first values seen).';
COMMENT ON COLUMN v_contract_files.sha256 IS 'The file (documents.sha256).';
COMMENT ON COLUMN v_contract_files.source IS 'File name.';
COMMENT ON COLUMN v_contract_files.path IS 'Path the file was imported from.';
COMMENT ON COLUMN v_contract_files.media_type IS 'Format of the file.';
COMMENT ON COLUMN v_contract_files.imported_at IS 'When the file was stored.';
COMMENT ON COLUMN v_contract_files.similarity IS 'Estimated text similarity to the closest earlier file of the contract.';
COMMENT ON COLUMN v_contract_files.is_current IS 'True for the newest file of the contract: the one v_contracts shows.';

CREATE VIEW v_contract_versions AS
WITH v AS (
    SELECT f.contract_id, f.version, min(d.imported_at) AS first_seen, count(*) AS n_files,
           arg_min(f.sha256, d.imported_at) AS sha256
    FROM contract_files f JOIN documents d USING (sha256)
    GROUP BY f.contract_id, f.version
)
SELECT
    v.contract_id, v.version, v.n_files, v.first_seen,
    c.total_amount, c.signed_on, c.service_start, c.service_end, c.contract_no,
    nullif(concat_ws(', ',
        CASE WHEN c.total_amount IS DISTINCT FROM c1.total_amount THEN 'total_amount' END,
        CASE WHEN c.signed_on IS DISTINCT FROM c1.signed_on THEN 'signed_on' END,
        CASE WHEN c.service_start IS DISTINCT FROM c1.service_start THEN 'service_start' END,
        CASE WHEN c.service_end IS DISTINCT FROM c1.service_end THEN 'service_end' END,
        CASE WHEN c.contract_no IS DISTINCT FROM c1.contract_no THEN 'contract_no' END,
        CASE WHEN fp.values_key IS DISTINCT FROM fp1.values_key
              AND c.total_amount IS NOT DISTINCT FROM c1.total_amount AND c.signed_on IS NOT DISTINCT FROM c1.signed_on
              AND c.service_start IS NOT DISTINCT FROM c1.service_start AND c.service_end IS NOT DISTINCT FROM c1.service_end
              AND c.contract_no IS NOT DISTINCT FROM c1.contract_no THEN 'parties' END
    ), '') AS differs_from_v1,
    v.sha256
FROM v
JOIN contracts c ON c.sha256 = v.sha256
JOIN fingerprints fp ON fp.sha256 = v.sha256
JOIN v v1 ON v1.contract_id = v.contract_id AND v1.version = 1
JOIN contracts c1 ON c1.sha256 = v1.sha256
JOIN fingerprints fp1 ON fp1.sha256 = v1.sha256
ORDER BY v.contract_id, v.version;

COMMENT ON VIEW v_contract_versions IS 'One row per version of a contract: its key values and which of them differ from version 1 (an edited amount shows as total_amount).';
COMMENT ON COLUMN v_contract_versions.contract_id IS 'Identity of the contract.';
COMMENT ON COLUMN v_contract_versions.version IS 'Version number, 1 = the first values seen.';
COMMENT ON COLUMN v_contract_versions.n_files IS 'Files holding this version (formats, encodings).';
COMMENT ON COLUMN v_contract_versions.first_seen IS 'When the first file of this version was stored.';
COMMENT ON COLUMN v_contract_versions.total_amount IS 'Contract total of this version.';
COMMENT ON COLUMN v_contract_versions.signed_on IS 'Signing date of this version.';
COMMENT ON COLUMN v_contract_versions.service_start IS 'Service start of this version.';
COMMENT ON COLUMN v_contract_versions.service_end IS 'Service end of this version.';
COMMENT ON COLUMN v_contract_versions.contract_no IS 'Contract number of this version.';
COMMENT ON COLUMN v_contract_versions.differs_from_v1 IS 'Key fields whose value differs from version 1, comma-separated (total_amount, signed_on, service_start, service_end, contract_no, parties); NULL when none.';
COMMENT ON COLUMN v_contract_versions.sha256 IS 'The first file of this version.';

-- v_contracts, redefined: one row per contract (its current file), with how
-- many files and versions stand behind it.
CREATE OR REPLACE VIEW v_contracts AS
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
files AS (
    SELECT contract_id, count(*) AS n_files, count(DISTINCT version) AS n_versions FROM contract_files GROUP BY contract_id
),
cur AS (
    SELECT sha256, contract_id FROM v_contract_files WHERE is_current
    UNION ALL  -- a document without a fingerprint (stored before 007, or too short) is a contract of its own
    SELECT sha256, sha256 FROM contracts WHERE sha256 NOT IN (SELECT sha256 FROM contract_files)
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
    c.sha256,
    cur.contract_id,
    coalesce(files.n_files, 1) AS n_files,
    coalesce(files.n_versions, 1) AS n_versions
FROM contracts c
JOIN documents d USING (sha256)
JOIN cur ON cur.sha256 = c.sha256
LEFT JOIN files ON files.contract_id = cur.contract_id
LEFT JOIN first_party a ON a.sha256 = c.sha256 AND a.role = '甲方'
LEFT JOIN first_party b ON b.sha256 = c.sha256 AND b.role = '乙方'
LEFT JOIN pay ON pay.sha256 = c.sha256
LEFT JOIN pen ON pen.sha256 = c.sha256
LEFT JOIN sl ON sl.sha256 = c.sha256
LEFT JOIN flg ON flg.sha256 = c.sha256
ORDER BY d.source, c.sha256;

COMMENT ON VIEW v_contracts IS 'One row per contract — its newest file (v_contract_files.is_current), files of one contract counted once: title, 甲方, 乙方, amount, period, region and how many payments, penalties, SLA items and flags it has.';
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
COMMENT ON COLUMN v_contracts.contract_id IS 'Identity of the contract (v_contract_files).';
COMMENT ON COLUMN v_contracts.n_files IS 'Files (formats, encodings, versions) that hold this contract.';
COMMENT ON COLUMN v_contracts.n_versions IS 'Versions of the contract: files whose key values differ (v_contract_versions).';
