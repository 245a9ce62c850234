"""The stage packages of ingest/ import one way (each package's docstring says what it must not
import), their `__init__` files import nothing, and the extraction workers' fork server preloads a
module that loads the extractor alone."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import ingest
from ingest.extract import documents

INGEST_DIR = Path(ingest.__file__).resolve().parent
STAGES = (
    "ingest.http",
    "ingest.sources",
    "ingest.land",
    "ingest.extract",
    "ingest.relevance",
    "ingest.reference",
    "ingest.warehouse",
    "ingest.serve",
    "ingest.review",
    "ingest.evaluate",
)
# Stage -> the stages its modules must not import, as the packages' docstrings say.
FORBIDDEN = {
    "ingest.http": set(STAGES) - {"ingest.http"},
    "ingest.land": set(STAGES) - {"ingest.land"},
    "ingest.reference": set(STAGES) - {"ingest.reference"},
    "ingest.extract": {
        "ingest.http",
        "ingest.sources",
        "ingest.relevance",
        "ingest.warehouse",
        "ingest.serve",
        "ingest.review",
        "ingest.evaluate",
    },
    "ingest.relevance": {
        "ingest.http",
        "ingest.sources",
        "ingest.land",
        "ingest.warehouse",
        "ingest.serve",
        "ingest.review",
        "ingest.evaluate",
    },
    "ingest.sources": {"ingest.warehouse", "ingest.serve", "ingest.review", "ingest.evaluate"},
    "ingest.warehouse": {"ingest.http", "ingest.extract", "ingest.serve", "ingest.review"},
    "ingest.serve": {"ingest.http", "ingest.sources", "ingest.extract", "ingest.review"},
    "ingest.review": {"ingest.http", "ingest.sources", "ingest.serve"},
    "ingest.evaluate": {"ingest.http", "ingest.land", "ingest.warehouse", "ingest.serve"},
}
# Of the sources, the warehouse reads the sources file alone (which sources are judged fresh).
ALLOWED = {"ingest.warehouse": {"ingest.sources.config"}}
# Packages whose __init__ imports nothing, so importing one of their modules loads no sibling.
EMPTY_INITS = (
    "ingest.http",
    "ingest.sources",
    "ingest.sources.news",
    "ingest.sources.sec",
    "ingest.sources.fx",
    "ingest.sources.discovery",
    "ingest.sources.exchanges",
    "ingest.land",
    "ingest.reference",
    "ingest.warehouse",
    "ingest.serve",
    "ingest.review",
    "ingest.evaluate",
)
HEAVY_LIBRARIES = ("duckdb", "pandas", "pyarrow", "httpx", "dagster", "pdfplumber", "warcio")


def _module_name(path: Path) -> str:
    parts = path.relative_to(INGEST_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path) -> set[str]:
    """Every ingest module a file imports, at any depth of the file (lazy imports count)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.startswith("ingest.")}


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _violations(stage: str) -> list[str]:
    found = []
    for path in sorted(INGEST_DIR.rglob("*.py")):
        module = _module_name(path)
        if not _within(module, stage):
            continue
        for name in sorted(_imported(path)):
            if any(_within(name, allowed) for allowed in ALLOWED.get(stage, ())):
                continue
            if any(_within(name, forbidden) for forbidden in FORBIDDEN[stage]):
                found.append(f"{module} imports {name}")
    return found


def _loaded_after_importing(*modules: str) -> set[str]:
    """The modules a fresh interpreter holds after importing `modules`."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(modules)!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=INGEST_DIR.parent,
        timeout=120,
    )
    return set(json.loads(result.stdout))


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_a_stage_imports_only_what_its_docstring_allows(stage):
    assert _violations(stage) == []


def test_the_rule_check_sees_a_forbidden_import(tmp_path, monkeypatch):
    """A fetching import slipped into the extractor is caught (the check can fail)."""
    fake_root = tmp_path / "ingest"
    (fake_root / "extract").mkdir(parents=True)
    (fake_root / "extract" / "leak.py").write_text(
        "def later():\n    from ingest.http.fetcher import Fetcher\n    return Fetcher\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "INGEST_DIR", fake_root)
    assert _violations("ingest.extract") == [
        "ingest.extract.leak imports ingest.http.fetcher",
        "ingest.extract.leak imports ingest.http.fetcher.Fetcher",
    ]


def test_every_stage_is_a_package_with_a_docstring():
    for stage in STAGES:
        init = INGEST_DIR.joinpath(*stage.split(".")[1:], "__init__.py")
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), stage


@pytest.mark.parametrize("package", EMPTY_INITS)
def test_a_package_init_imports_nothing(package):
    loaded = {name for name in _loaded_after_importing(package) if name.startswith("ingest")}
    parents = {".".join(package.split(".")[:depth]) for depth in range(1, package.count(".") + 2)}
    assert loaded == parents


def test_the_fork_server_preloads_the_extractor_alone(monkeypatch):
    preloaded: list[str] = []
    context = SimpleNamespace(set_forkserver_preload=preloaded.extend)
    monkeypatch.setattr(
        documents, "multiprocessing", SimpleNamespace(get_context=lambda method: context)
    )
    assert documents._extraction_context() is context
    assert preloaded == ["ingest.extract.batch"]
    loaded = _loaded_after_importing(*preloaded)
    assert set(preloaded) <= loaded
    fetching_or_storage = sorted(
        name
        for name in loaded
        if _within(name, "ingest.http")
        or _within(name, "ingest.sources")
        or name in {"ingest.land.rawstore", "ingest.land.batches"}
        or name.split(".")[0] in HEAVY_LIBRARIES
    )
    assert fetching_or_storage == []


def test_the_extraction_step_loads_no_fetching():
    loaded = _loaded_after_importing("ingest.extract.documents")
    assert (
        sorted(n for n in loaded if _within(n, "ingest.http") or _within(n, "ingest.sources")) == []
    )
    assert "ingest.land.rawstore" in loaded  # it lands, through ingest.land


def test_the_readme_layout_names_every_package_and_no_other():
    """The tree in the README's "How it works" is the tree on disk: each package of ingest/ (and
    of ingest/sources/) stands in it, and each folder it names exists."""
    readme = (INGEST_DIR.parent / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("  ingest/\n") :]
    block = block[: block.index("```")]
    named = set(re.findall(r"[├└]── ([a-z_]+)/", block))
    on_disk = {
        path.parent.name
        for path in [*INGEST_DIR.glob("*/__init__.py"), *INGEST_DIR.glob("sources/*/__init__.py")]
    }
    assert named == on_disk
