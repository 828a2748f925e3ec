"""Sizing of the reliability suite's property tests (see conftest.py)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILES = {
    # name: (examples per unit of `fuzz(n)`, derandomize)
    "ci": (1, True),
    "long": (10, False),
}


def register_profiles() -> None:
    for name, (scale, derandomize) in PROFILES.items():
        settings.register_profile(
            name,
            max_examples=100 * scale,
            deadline=None,  # two shared cores: wall-clock per example is noise
            derandomize=derandomize,
            print_blob=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )


def profile_name() -> str:
    name = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    if name not in PROFILES:
        raise ValueError(f"HYPOTHESIS_PROFILE={name!r}: use one of {', '.join(PROFILES)}")
    return name


def load_profile() -> None:
    register_profiles()
    settings.load_profile(profile_name())


def fuzz(examples: int) -> settings:
    """Settings for a property test: `examples` under `ci`, scaled under `long`."""
    register_profiles()
    name = profile_name()
    return settings(settings.get_profile(name), max_examples=examples * PROFILES[name][0])
