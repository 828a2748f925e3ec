-- 004_regions: where a party is, and so where a contract was bought, as
-- administrative divisions (data/reference/divisions.csv via
-- extractors/regions.py). Filled by pipeline/storage.py when a document is
-- stored; the rows already in the database when this migration is applied
-- are filled by storage's hook for version 4 in the same transaction.

ALTER TABLE parties ADD COLUMN province VARCHAR;
ALTER TABLE parties ADD COLUMN city VARCHAR;
ALTER TABLE parties ADD COLUMN district VARCHAR;
ALTER TABLE parties ADD COLUMN region_code VARCHAR;
ALTER TABLE parties ADD COLUMN region_source VARCHAR;

ALTER TABLE contracts ADD COLUMN province VARCHAR;
ALTER TABLE contracts ADD COLUMN city VARCHAR;
ALTER TABLE contracts ADD COLUMN district VARCHAR;
ALTER TABLE contracts ADD COLUMN region_code VARCHAR;

COMMENT ON COLUMN parties.province IS 'Province-level division the party is in (北京市, 新疆维吾尔自治区), read from its address or name; NULL when neither names a known division.';
COMMENT ON COLUMN parties.city IS 'Prefecture-level division (克拉玛依市, 阿克苏地区; 北京市 for a district of Beijing); NULL when unknown or not stated.';
COMMENT ON COLUMN parties.district IS 'County-level division (朝阳区, 阿克苏市); NULL when unknown, not stated, or written under a prefecture it does not lie in (see flags district_mismatch).';
COMMENT ON COLUMN parties.region_code IS 'Administrative division code (GB/T 2260 adcode, 6 digits) of the most specific division found; NULL for a former division without a code.';
COMMENT ON COLUMN parties.region_source IS 'Where the region was read: address | name. The address wins when the two disagree; the more specific one when one refines the other.';

COMMENT ON COLUMN contracts.province IS 'Province-level division of the contract: that of 甲方 (the buyer), see parties.province.';
COMMENT ON COLUMN contracts.city IS 'Prefecture-level division of 甲方, see parties.city.';
COMMENT ON COLUMN contracts.district IS 'County-level division of 甲方, see parties.district.';
COMMENT ON COLUMN contracts.region_code IS 'Administrative division code (adcode) of 甲方''s most specific division.';
