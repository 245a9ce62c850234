"""The Dagster instance folder: where it is, and its config, the committed
`orchestration/instance/dagster.yaml`.

DAGSTER_HOME is `<data dir>/dagster_home` unless set. The committed config is installed there on
every start, replacing any other, so the instance of a data folder never drifts from the
repository. A DAGSTER_HOME set to another folder that already holds a dagster.yaml (a PostgreSQL
deployment's, say) is left as it is.
"""

from __future__ import annotations

import os
from pathlib import Path

from ingest.land.atomic import write_atomically
from ingest.warehouse.files import data_paths

INSTANCE_CONFIG = Path(__file__).resolve().parent / "instance" / "dagster.yaml"
CONFIG_NAME = "dagster.yaml"


def dagster_home() -> Path:
    """$DAGSTER_HOME, else the data folder's instance folder; nothing is created."""
    return Path(os.environ.get("DAGSTER_HOME") or data_paths().dagster_home).resolve()


def prepare_dagster_home() -> Path:
    """Create the instance folder, install the committed config in it and export DAGSTER_HOME."""
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / CONFIG_NAME
    wanted = INSTANCE_CONFIG.read_text(encoding="utf-8")
    ours = home == data_paths().dagster_home
    if (ours or not config.exists()) and _text_or_none(config) != wanted:
        # Written beside it and renamed: a process starting at the same moment reads the old
        # file or the new one, never half of one.
        write_atomically(config, wanted)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def _text_or_none(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        return None
