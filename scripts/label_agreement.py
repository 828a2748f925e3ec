"""Agreement between two independent labelling passes of the same contracts.

Scores pass B against pass A with the evaluator's own scoring (F1 is
symmetric: A's misses are B's false positives), per group and overall, and
lists every disagreement for reconciliation.

    python scripts/label_agreement.py data/real/passes/A data/real/passes/B [-v]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hetong.pipeline.quality.scoring import aggregate, score_document


def main(a_dir: str, b_dir: str, verbose: bool = False) -> int:
    scores = []
    for a_path in sorted(Path(a_dir).glob("*.gold.json")):
        b_path = Path(b_dir) / a_path.name
        if not b_path.exists():
            print(f"{a_path.name}: no second pass", file=sys.stderr)
            continue
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (a_path, b_path))
        score = score_document(a, b)
        scores.append(score)
        print(f"{a_path.name:<45} agreement F1 {score.overall.f1:.3f}")
        if verbose:
            for x in score.discrepancies:
                print(f"   {x.group:<10}{x.kind:<9}{x.path:<32} A={json.dumps(x.gold, ensure_ascii=False)}  B={json.dumps(x.pred, ensure_ascii=False)}")
    summary = aggregate(scores)
    print()
    for name, counts in (*summary.groups.items(), ("overall", summary.overall)):
        print(f"{name:<10} agreed {counts.tp:>4}  only-B {counts.fp:>4}  only-A {counts.fn:>4}  F1 {counts.f1:.3f}")
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    raise SystemExit(main(args[0], args[1], "-v" in sys.argv))
