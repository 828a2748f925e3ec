"""`hetong train-ner`: rebuild the shipped NER model from the repo, offline.

    generated fragments (hetong.extractors.ner.training.generate, fixed seed)
  + silver lines of the gold contracts (hetong.extractors.ner.training.corpus)
  → spaCy pipeline: zh tokenizer (jieba segmenter + contract user dictionary)
    → entity_ruler (PHONE, EMAIL, courts and arbitration commissions as ORG)
    → ner (ORG, PER, LOC; small hash-embedding CNN, no vectors)
  → data/ner/model/ (meta.json carries the version and the held-out scores)

The model version is `MODEL_VERSION+<digest>`, the digest being a hash of
the model and training settings, the training fragments, the user dictionary
and the ruler patterns: the same inputs give the same version. Training is
single-process with `spacy.util.fix_random_seed`.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hetong.extractors.ner import model as runtime
from hetong.extractors.ner.training.corpus import GOLD_DIR, HELDOUT, read_jsonl, silver_fragments, to_examples
from hetong.extractors.ner.training.generate import LEXICON_DIR, Fragment, Lexicon, generate

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_VERSION = "1.0.0"  # bump by hand when the label set or the architecture changes
USERDICT = LEXICON_DIR.parent / "userdict.txt"

# The ner component: a small CNN over hash embeddings (no static vectors).
MODEL: dict[str, Any] = {
    "@architectures": "spacy.TransitionBasedParser.v2",
    "state_type": "ner",
    "extra_state_tokens": False,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {
            "@architectures": "spacy.MultiHashEmbed.v2",
            "width": 64,
            "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
            "rows": [5000, 2500, 2500, 500],
            "include_static_vectors": False,
        },
        "encode": {
            "@architectures": "spacy.MaxoutWindowEncoder.v2",
            "width": 64,
            "depth": 4,
            "window_size": 1,
            "maxout_pieces": 3,
        },
    },
}


@dataclass(frozen=True)
class Settings:
    seed: int = 0
    n_generated: int = 4000
    epochs: int = 6
    dropout: float = 0.15
    batch_start: float = 8.0
    batch_stop: float = 48.0
    batch_compound: float = 1.001
    learn_rate: float = 0.001
    l2: float = 0.01  # as weight decay, spaCy's default
    grad_clip: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Result:
    path: Path
    version: str
    seconds: float
    size_bytes: int
    n_generated: int
    n_silver: int
    misaligned: int
    n_entities: int
    heldout: dict[str, Any]


# -- the pipeline -------------------------------------------------------------------

_CJK = "\u4e00-\u9fff"
_REGION_TOKEN = {"REGEX": rf"^[{_CJK}]{{2,12}}(?:省|市|区|县|旗|自治州|地区|盟|自治区)$",
                 "NOT_IN": ["所在地区", "本地区", "该地区", "辖区", "城区", "市区", "新区"]}
_PHONE = (r"^(?:(?:\+?86-?)?1[3-9]\d(?:-?\d{4}){2}|0\d{2,3}-\d{7,8}(?:-\d{1,5})?"
          r"|[48]00-?\d{3}-?\d{4})$")


def ruler_patterns(lexicon: Lexicon) -> list[dict[str, Any]]:
    """High-precision patterns, over the tokens our segmenter makes."""
    city_short = sorted({r.city_short for r in lexicon.regions} | {r.province_short for r in lexicon.regions})
    region = {"TEXT": _REGION_TOKEN}
    courts = {"TEXT": {"IN": ["人民法院", "中级人民法院", "高级人民法院"]}}
    return [
        {"label": "PHONE", "id": "phone", "pattern": [{"TEXT": {"REGEX": _PHONE}}]},
        {"label": "EMAIL", "id": "email", "pattern": [{"LIKE_EMAIL": True}]},
        {"label": "ORG", "id": "court", "pattern": [{**region, "OP": "{1,3}"}, courts]},
        {"label": "ORG", "id": "arbitration", "pattern": [{**region, "OP": "{1,2}"}, {"TEXT": "仲裁委员会"}]},
        {"label": "ORG", "id": "arbitration",
         "pattern": [{"TEXT": {"IN": city_short}}, {"TEXT": "仲裁委员会"}]},
        {"label": "ORG", "id": "arbitration", "pattern": "中国国际经济贸易仲裁委员会"},
    ]


def user_words(lexicon: Lexicon) -> list[str]:
    """The contract vocabulary, plus every region name of the lexicon (so a
    place is one token for the ruler's patterns)."""
    words = runtime.read_words(USERDICT)
    for r in lexicon.regions:
        words += [r.province, r.city, *r.districts]
    return list(dict.fromkeys(words))


def build_nlp(words: list[str]) -> Language:
    """The untrained pipeline. The ruler gets its patterns after
    `nlp.initialize`, which clears them."""
    import spacy

    with runtime.quiet_jieba():
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    runtime.install_segmenter(nlp, runtime.ContractSegmenter(words))
    nlp.add_pipe("entity_ruler", config={"validate": True})
    nlp.add_pipe("ner", config={"model": MODEL})
    return nlp


def corpus(settings: Settings, lexicon: Lexicon, heldout: Path = HELDOUT,
           gold_dir: Path = GOLD_DIR) -> tuple[list[Fragment], list[Fragment]]:
    """(generated, silver) training fragments. Held-out entity strings are
    never generated; silver lines that contain one are dropped."""
    exclude = set()
    if Path(heldout).is_file():
        exclude = {f.text[s:e] for f in read_jsonl(heldout) for s, e, _ in f.entities}
    generated = generate(settings.n_generated, seed=settings.seed, lexicon=lexicon, exclude=exclude)
    silver = list({f.text: f for f in silver_fragments(gold_dir)}.values())
    silver = [f for f in silver if not any(f.text[s:e] in exclude for s, e, _ in f.entities)]
    return generated, silver


def digest(settings: Settings, fragments: list[Fragment], words: list[str],
           patterns: list[dict[str, Any]]) -> str:
    h = hashlib.sha256()
    h.update(json.dumps({"model": MODEL, "settings": settings.to_dict(), "version": MODEL_VERSION},
                        sort_keys=True, ensure_ascii=False).encode())
    h.update(json.dumps(words, ensure_ascii=False).encode())
    h.update(json.dumps(patterns, sort_keys=True, ensure_ascii=False).encode())
    for f in fragments:
        h.update(json.dumps([f.text, f.entities], ensure_ascii=False).encode())
    return h.hexdigest()


# -- training -------------------------------------------------------------------------

def train(
    out: Path = runtime.MODEL_DIR,
    settings: Settings = Settings(),
    heldout: Path = HELDOUT,
    gold_dir: Path = GOLD_DIR,
    log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
) -> Result:
    from spacy.util import compounding, fix_random_seed, minibatch
    from thinc.api import Adam

    from hetong.extractors.ner.training.evaluate import evaluate_fragments

    t0 = time.perf_counter()
    fix_random_seed(settings.seed)
    lexicon = Lexicon.load()
    generated, silver = corpus(settings, lexicon, heldout, gold_dir)
    words, patterns = user_words(lexicon), ruler_patterns(lexicon)
    fragments = generated + silver
    nlp = build_nlp(words)
    examples, misaligned = to_examples(nlp, fragments)
    n_entities = sum(len(f.entities) for f in fragments)
    log(f"corpus: {len(generated)} generated + {len(silver)} silver fragments, "
        f"{n_entities} entities ({misaligned} off token boundaries, left unlabelled)")

    rng = random.Random(settings.seed)
    dev_ids = set(rng.sample(range(len(generated)), min(300, len(generated) // 10)))
    dev = [generated[i] for i in sorted(dev_ids)]  # progress only: a sample of the generated data
    train_set = [e for i, e in enumerate(examples) if i not in dev_ids]
    # spaCy's defaults (L2 0.01 as weight decay, gradient clip 1.0), plus a
    # running average of the weights, which is what gets evaluated and saved
    optimizer = Adam(learn_rate=settings.learn_rate, L2=settings.l2, grad_clip=settings.grad_clip,
                     use_averages=True)
    nlp.initialize(lambda: train_set, sgd=optimizer)
    nlp.get_pipe("entity_ruler").add_patterns(patterns)  # type: ignore[attr-defined]
    for epoch in range(1, settings.epochs + 1):
        rng.shuffle(train_set)
        losses: dict[str, float] = {}
        sizes = compounding(settings.batch_start, settings.batch_stop, settings.batch_compound)
        for batch in minibatch(train_set, size=sizes):
            nlp.update(batch, drop=settings.dropout, sgd=optimizer, losses=losses)
        with nlp.use_params(optimizer.averages):
            dev_f1 = evaluate_fragments(nlp, dev)["ALL"].f1
        log(f"epoch {epoch:>2}  loss {losses.get('ner', 0.0):9.1f}  dev F1 {dev_f1:.3f}"
            f"  ({time.perf_counter() - t0:.0f} s)")

    version_digest = digest(settings, fragments, words, patterns)
    nlp.meta.update({
        "name": "hetong_ner",
        "version": MODEL_VERSION,
        "description": "hetong NER: ORG, PER, LOC (+ PHONE, EMAIL by rule) for Chinese contracts",
        "license": "project-internal",
    })
    meta: dict[str, Any] = {
        "digest": version_digest,
        "settings": settings.to_dict(),
        "n_generated": len(generated),
        "n_silver": len(silver),
        "n_entities": n_entities,
        "misaligned": misaligned,
    }
    nlp.meta["hetong"] = meta
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    with nlp.use_params(optimizer.averages):  # the running average of the weights is what ships
        heldout_scores = evaluate_fragments(nlp, read_jsonl(heldout)) if Path(heldout).is_file() else {}
        meta["heldout"] = {label: s.to_dict() for label, s in heldout_scores.items()}
        nlp.to_disk(out)
    (out / runtime.USERDICT).write_text("\n".join(words) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return Result(out, runtime.version_of(nlp), time.perf_counter() - t0, size, len(generated),
                  len(silver), misaligned, n_entities, meta["heldout"])


def train_command(out: Path, settings: Settings) -> int:
    from hetong.extractors.ner.training.evaluate import format_scores, PRF

    result = train(out, settings)
    print(f"model     {result.path}  ({result.size_bytes / 1e6:.1f} MB)")
    print(f"version   {result.version}")
    print(f"trained   in {result.seconds:.0f} s on {result.n_generated} generated + "
          f"{result.n_silver} silver fragments")
    if result.heldout:
        print(f"\nheld-out ({HELDOUT.name}): entity-level P/R/F1")
        print("\n".join(format_scores({k: PRF.from_dict(v) for k, v in result.heldout.items()})))
    else:
        print(f"no held-out set at {HELDOUT}", file=sys.stderr)
    return 0
