"""Install hints for the optional extras, in a form that works wherever hetong
came from: a checkout (editable install), a wheel, or an sdist.

`pip install 'hetong[ocr]'` only works where an index serves hetong, and from a
checkout it is `pip install -e '.[ocr]'`; naming the extra's own requirements,
read from the installed distribution's metadata, works in every case.
"""

from __future__ import annotations

import re
import shlex
from functools import lru_cache
from importlib import metadata

_EXTRA = re.compile(r"""extra\s*==\s*["']([\w.-]+)["']""")


@lru_cache(maxsize=None)
def requirements(extra: str) -> tuple[str, ...]:
    """The requirement strings of `extra`, without their environment markers."""
    declared = metadata.requires("hetong") or []  # hetong runs installed (editable or not): always there
    found = []
    for req in declared:
        spec, _, marker = req.partition(";")
        if (m := _EXTRA.search(marker)) and m[1] == extra:
            found.append(spec.strip().replace(" ", ""))
    return tuple(found)


def install_hint(extra: str) -> str:
    """`pip install 'rapidocr>=3.10,<4' 'onnxruntime>=1.18,<2'` for `ocr`."""
    return "pip install " + " ".join(shlex.quote(r) for r in requirements(extra))
