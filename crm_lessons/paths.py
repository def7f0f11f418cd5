"""Where the course keeps its files. Override the data folder with CRM_LESSONS_DATA."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"


def data_dir() -> Path:
    """The folder holding store/, cdnow/ and hospital/ (CRM_LESSONS_DATA overrides it)."""
    override = os.environ.get("CRM_LESSONS_DATA")
    return Path(override).expanduser().resolve() if override else PROJECT_DIR / "data"
