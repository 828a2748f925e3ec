"""Training the NER: synthetic and silver corpora, training, evaluation and ablation.

A repository tool, not a run-time stage: it reads the gold sets and lexicons
from the checkout. It is the one part of `extractors` that may import
`hetong.pipeline` (it reads documents and scores extraction exactly as the
pipeline does); nothing at run time imports it.
"""
