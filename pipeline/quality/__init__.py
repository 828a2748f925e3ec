"""Measuring accuracy: gold sets, scoring, variants of shape and script.

`scoring` (value matching and F1 per group), `evaluate` (the `evaluate`
command), `variants` (the same contract flattened, spaced, in Traditional
script, as DOCX …), `corpus` (generated corpora for benchmarks; a repository
tool: it reads the gold templates from the checkout).

May import `models`, `extractors`, `pipeline.read`, `pipeline.text`,
`pipeline.store` and `hetong.pipeline.orchestrate`; nothing below imports it.
"""
