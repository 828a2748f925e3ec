"""Shaping text: from the raw text of a file to a segmented, classified Document.

`normalise` (with `mapped_text`'s offset map, `script`'s simplified shadow and
`layout`'s line-break repair), `bundle` (a file binding several contracts),
`segment` (clauses), `tables` and `classify` (contract or not).

May import: `hetong.models`, `hetong.extractors` machinery and parsers.
Must not import `store`, `batch`, `quality` or `review`.
"""
