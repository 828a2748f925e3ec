"""The NER room: the shipped spaCy model, how the extractors use it, and its training.

`model` loads and runs the model shipped in the package (`hetong.data/ner/model`),
`parties` finds party names with it where the rules found none, and
`training/` (as spaCy keeps `spacy/training/`) generates, trains and evaluates
it. The runtime never imports `training`.

May import `hetong.models`, `hetong.extractors.shared`, `hetong.extractors.parsers`.
"""
