"""Demo data of the measures app: the shipped catalogue (measures/data/measures.yaml)."""

from __future__ import annotations

from pathlib import Path

from measures import loader

DATA_FILE = Path(__file__).resolve().parent / "data" / "measures.yaml"


def load_shipped(*, stdout=None) -> int:
    """Load the shipped data file, every time; returns how many measures it created or changed.

    The loader replaces each measure by the file's and records a revision only where something changed, so a demo
    database follows the edits of the file (new fields, new versions) and running it again changes nothing.
    """
    result = loader.load(DATA_FILE)
    if stdout:
        stdout.write(
            f"measures: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged from {DATA_FILE.name}"
        )
    return len(result.created) + len(result.updated)


def load(*, stdout) -> None:
    load_shipped(stdout=stdout)
