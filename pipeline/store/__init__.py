"""Storing and reading back: the DuckDB schema, writes, queries and exports.

`storage` (migrations and rows), `writer` (batched transactions), `readers`
(read-only connections), `query` (the `tables`/`schema`/`query` commands),
`export` (CSV/Parquet/JSON), `redact` and `redact_shadow` (masking personal
data in exports), `identity` (which files are one contract), `migrations/`
(numbered SQL, applied in order).

`analyst_units` fills the columns migration 008 added for rows stored
before it, with the extractors' own resolvers.

May import: `hetong.models`, `hetong.extractors` (reference tables, the
resolvers a migration re-runs), `hetong.pipeline.text`. Must not import `batch`, `quality` or `review`.
"""
