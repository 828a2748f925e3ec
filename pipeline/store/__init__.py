"""Storing and reading back: the DuckDB schema, writes, queries and exports.

`storage` (migrations and rows), `writer` (batched transactions), `readers`
(read-only connections), `query` (the `tables`/`schema`/`query` commands),
`export` (CSV/Parquet/JSON), `redact` and `redact_shadow` (masking personal
data in exports), `identity` (which files are one contract), `migrations/`
(numbered SQL, applied in order).

May import: `hetong.models`, `hetong.extractors` (reference tables),
`hetong.pipeline.text`. Must not import `batch`, `quality` or `review`.
"""
