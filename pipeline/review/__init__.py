"""Reviewing: pages a person reads to check what was extracted.

`page` renders one contract with its highlights and evidence
(`templates/`). May import everything except `batch`.
"""
