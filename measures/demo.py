"""Demo data of the measures app: the shipped catalogue (measures/data/measures.yaml)."""

from __future__ import annotations

from pathlib import Path

from measures import loader
from measures.models import Measure

DATA_FILE = Path(__file__).resolve().parent / "data" / "measures.yaml"


def load_shipped(*, stdout=None) -> int:
    """Load the shipped data file unless every measure in it is already there; returns how many were loaded."""
    codes = [item["code"] for item in loader.read(DATA_FILE)["measures"]]
    if Measure.objects.filter(code__in=codes).count() == len(codes):
        if stdout:
            stdout.write(f"measures: the {len(codes)} shipped measures are already loaded")
        return 0
    result = loader.load(DATA_FILE)
    if stdout:
        stdout.write(f"measures: {len(result.created)} created, {len(result.updated)} updated from {DATA_FILE.name}")
    return len(result.created) + len(result.updated)


def load(*, stdout) -> None:
    load_shipped(stdout=stdout)
