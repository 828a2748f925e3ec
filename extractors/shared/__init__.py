"""Machinery the concept extractors share; no concept of its own.

`scan` and `spans` (finding and clipping spans), `memo` (per-document caches),
`names` and `party_blocks` (organisation and person names, party declarations),
`roles` (role vocabularies), `regions` (the division table), `jieba_dict`
(jieba's dictionary, loaded lazily), `resources` (package data through
importlib.resources).

May import `hetong.models` and `hetong.extractors.parsers` only.
"""
