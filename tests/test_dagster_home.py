"""The Dagster instance config is the committed file: installed in the data folder's instance on
every start, valid for Dagster, and never written over a DAGSTER_HOME of someone else's."""

from pathlib import Path

import dagster as dg
import pytest
import yaml

from orchestration.dagster_home import INSTANCE_CONFIG, dagster_home, prepare_dagster_home


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INFRATRACK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    return tmp_path / "data"


def test_the_data_folder_instance_gets_the_committed_config(data_dir):
    assert dagster_home() == data_dir / "dagster_home"
    assert not (data_dir / "dagster_home").exists(), "finding the folder creates nothing"
    home = prepare_dagster_home()
    assert home == data_dir / "dagster_home"
    assert (home / "dagster.yaml").read_bytes() == INSTANCE_CONFIG.read_bytes()
    assert dg.DagsterInstance.get().root_directory == str(home)


def test_a_drifted_config_is_replaced_on_the_next_start(data_dir):
    home = prepare_dagster_home()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    prepare_dagster_home()
    assert (home / "dagster.yaml").read_bytes() == INSTANCE_CONFIG.read_bytes()
    assert [p.name for p in home.iterdir()] == ["dagster.yaml"], "no temporary file left"


def test_another_dagster_home_keeps_its_own_config(data_dir, tmp_path, monkeypatch):
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    own = "telemetry:\n  enabled: false\n# run storage: postgres\n"
    (deploy / "dagster.yaml").write_text(own)
    monkeypatch.setenv("DAGSTER_HOME", str(deploy))
    assert prepare_dagster_home() == deploy
    assert (deploy / "dagster.yaml").read_text() == own
    empty = tmp_path / "empty_home"
    monkeypatch.setenv("DAGSTER_HOME", str(empty))
    prepare_dagster_home()
    assert (empty / "dagster.yaml").read_bytes() == INSTANCE_CONFIG.read_bytes()


def test_the_committed_config_is_a_valid_instance_with_one_writer(data_dir):
    home = prepare_dagster_home()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert not instance.telemetry_enabled
        assert instance.get_concurrency_config().pool_config.default_pool_limit == 1
        ref = instance.get_ref()
        storages = [
            ref.run_storage_data,
            ref.event_storage_data,
            ref.schedule_storage_data,
            ref.compute_logs_data,
            ref.local_artifact_storage_data,
        ]
        # Every storage stays inside the data folder.
        for storage in storages:
            assert Path(yaml.safe_load(storage.config_yaml)["base_dir"]).is_relative_to(data_dir)
