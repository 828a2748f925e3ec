"""Hypothesis profiles for the reliability suite: `HYPOTHESIS_PROFILE=ci`
(the default: bounded, derandomised, so CI sees the same examples on every
run and the whole suite stays under a minute on two cores) or `long`
(10× the examples, fresh random examples each run: for a night's fuzzing,
`HYPOTHESIS_PROFILE=long pytest tests/reliability`).

Tests here size their runs with `tests.reliability.fuzzing.fuzz(n)`: n
examples under `ci`, scaled by the profile. Setting HYPOTHESIS_PROFILE also
loads the profile for the rest of the session, as Hypothesis users expect;
left unset, nothing outside this folder is affected.
"""

from __future__ import annotations

import os

from tests.reliability import fuzzing

fuzzing.register_profiles()
if os.environ.get("HYPOTHESIS_PROFILE"):
    fuzzing.load_profile()
