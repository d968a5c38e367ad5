"""Reference tables of the social security that several apps read: where they are kept in the ground floor."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

#: The RSZ's employer categories (DmfA annex 27) in four languages: the repertory loads them into its table, the DmfA
#: pages label a declaration's category with them. Its source and columns: repertory/data/README.md.
EMPLOYER_CATEGORIES = DATA_DIR / "employer-categories.csv"
