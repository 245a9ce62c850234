"""The raw assets' checks can fail: a collapsed raw table and an empty one are caught."""

import dagster as dg

from ingest.land.rawstore import RAW_FX_RATES, RawStore
from orchestration.defs.raw_assets import raw_fx_rates
from orchestration.defs.resources import InfratrackSettings
from tests.conftest import REPO_ROOT


def checks(result: dg.ExecuteInProcessResult) -> dict[str, bool]:
    return {e.check_name: e.passed for e in result.get_asset_check_evaluations()}


def test_raw_checks_pass_then_catch_a_collapse(tmp_path, monkeypatch):
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(tmp_path))
    sample = InfratrackSettings(sources_file=str(REPO_ROOT / "sources" / "default.yml"))
    broken = tmp_path / "broken.yml"
    broken.write_text("name: broken\nfx:\n  files: [./missing.csv]\n")
    with dg.instance_for_test() as instance:
        first = dg.materialize([raw_fx_rates], resources={"settings": sample}, instance=instance)
        assert checks(first) == {"non_empty": True, "not_collapsed": True}
        landed = RawStore(tmp_path / "raw").count(RAW_FX_RATES)
        # Raw is append-only: files lost from it must not pass silently.
        for part in sorted((tmp_path / "raw" / "raw_fx_rates").rglob("part-*.parquet"))[:1]:
            part.unlink()
        second = dg.materialize(
            [raw_fx_rates],
            resources={"settings": InfratrackSettings(sources_file=str(broken))},
            instance=instance,
        )
        assert RawStore(tmp_path / "raw").count(RAW_FX_RATES) < landed
        assert checks(second)["not_collapsed"] is False


def test_empty_source_fails_the_non_empty_check(tmp_path, monkeypatch):
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(tmp_path))
    sources = tmp_path / "sources.yml"
    sources.write_text("name: nothing\nfx:\n  files: [./missing.csv]\n")
    settings = InfratrackSettings(sources_file=str(sources))
    with dg.instance_for_test() as instance:
        result = dg.materialize(
            [raw_fx_rates],
            resources={"settings": settings},
            instance=instance,
            raise_on_error=False,
        )
    assert checks(result)["non_empty"] is False
