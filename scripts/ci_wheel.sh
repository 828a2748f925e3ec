#!/usr/bin/env bash
# The package as a user gets it. Builds the sdist and the wheel, installs the
# wheel (with its extras) into a clean venv outside the checkout — on Python
# 3.13 when the machine has it, so the newest supported Python is tested too —
# and runs, against the installed package and from a folder outside the
# checkout: the main job on data/samples, and `hetong evaluate` over the gold
# and holdout sets, whose scores must equal the editable install's.
# Usage: scripts/ci_wheel.sh   (after the editable install in .venv)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
# the newest supported Python the machine has (pyenv's shims list versions that are not active)
PY="${HETONG_WHEEL_PYTHON:-}"
for candidate in python3.13 /root/.pyenv/versions/3.13*/bin/python3.13 python3; do
  [ -n "$PY" ] && break
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" --version >/dev/null 2>&1; then PY="$(command -v "$candidate")"; fi
done
echo "wheel check with $("$PY" --version) in $WORK"

"$REPO/.venv/bin/python" -m build --sdist --wheel --outdir "$WORK/dist" "$REPO" >"$WORK/build.log" 2>&1 \
  || { tail -30 "$WORK/build.log"; exit 1; }
if grep -q "would be ignored" "$WORK/build.log"; then
  grep "would be ignored" "$WORK/build.log"; echo "build warns that package data would be ignored"; exit 1
fi
WHEEL="$(ls "$WORK"/dist/hetong-*.whl)"
ls -l "$WORK/dist"

"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q "hetong[ocr,distributed] @ file://$WHEEL"
cd "$WORK"  # nothing of the checkout is importable from here

# one namespace: no top-level pipeline/models/extractors/data of ours in site-packages
"$WORK/venv/bin/python" - <<'PY'
import importlib.metadata as md, importlib.util
files = md.distribution("hetong").files
tops = sorted({f.parts[0] for f in files if not f.parts[0].endswith((".dist-info", ".data")) and f.parts[0] != ".."})
assert tops == ["hetong"], f"top-level names installed: {tops}"
for name in ("pipeline", "models", "extractors"):
    spec = importlib.util.find_spec(name)
    assert spec is None or "hetong" not in (spec.origin or ""), name
print("installed top-level names:", tops)
PY

"$WORK/venv/bin/hetong" --version
"$WORK/venv/bin/hetong" ingest "$REPO/data/samples" --db "$WORK/contracts.duckdb"
"$WORK/venv/bin/hetong" query "SELECT status, count(*) AS n FROM documents GROUP BY status ORDER BY status" --db "$WORK/contracts.duckdb"
for set in gold holdout; do
  "$WORK/venv/bin/hetong" evaluate --gold "$REPO/data/$set" --json >"$WORK/$set.installed.json"
  "$REPO/.venv/bin/hetong" evaluate --gold "$REPO/data/$set" --json >"$WORK/$set.editable.json"
  if ! cmp -s "$WORK/$set.installed.json" "$WORK/$set.editable.json"; then
    diff "$WORK/$set.editable.json" "$WORK/$set.installed.json" | head -20
    echo "the installed wheel scores data/$set differently from the editable install"; exit 1
  fi
  echo "data/$set: the installed wheel's scores equal the editable install's"
done
# the test suite's Python-only rooms against the installed package, on this Python
"$WORK/venv/bin/pip" install -q "pytest>=8,<10" "hypothesis>=6.100,<7" "reportlab>=4,<6"
(cd "$REPO" && "$WORK/venv/bin/python" - <<'PY'
import hetong.pipeline, sys
assert "site-packages" in hetong.pipeline.__file__, hetong.pipeline.__file__  # the wheel, not the checkout
print("tests run against", hetong.pipeline.__file__, "on", sys.version.split()[0])
PY
)
(cd "$REPO" && "$WORK/venv/bin/python" -m pytest -q -p no:cacheprovider -m "not checkout" tests/extractors tests/pipeline/text tests/pipeline/quality tests/test_architecture.py)
# the middle of the supported range too: the installed wheel on Python 3.12 scores data/gold the same
for candidate in python3.12 /root/.pyenv/versions/3.12*/bin/python3.12; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" --version >/dev/null 2>&1; then
    "$candidate" -m venv "$WORK/venv312"
    "$WORK/venv312/bin/pip" install -q "hetong @ file://$WHEEL"
    (cd "$WORK" && "$WORK/venv312/bin/hetong" evaluate --gold "$REPO/data/gold" --json >"$WORK/gold.312.json")
    cmp -s "$WORK/gold.312.json" "$WORK/gold.editable.json" || { echo "Python 3.12 scores data/gold differently"; exit 1; }
    echo "data/gold on $("$WORK/venv312/bin/python" --version): the installed wheel's scores equal the editable install's"
    break
  fi
done
echo "wheel check passed"
