"""The dbt models as assets, and the published read-only copy of the warehouse."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from ingest import progress
from ingest.warehouse.files import ensure_warehouse, publish
from orchestration.defs.resources import InfratrackSettings
from orchestration.project import dbt_project

# Every writer of the DuckDB file runs in this pool; its limit is 1
# (orchestration/instance/dagster.yaml).
WAREHOUSE_POOL = "duckdb_warehouse"
DBT_STEP = "dbt models and seeds built"


class WarehouseBuildConfig(dg.Config):
    """How a run builds the dbt models. `full_refresh`: rebuild the incremental models from the
    whole raw layer (dbt --full-refresh), as after a change to their SQL or columns; otherwise
    they take in only what is new."""

    full_refresh: bool = False


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, pool=WAREHOUSE_POOL)
def warehouse_models(
    context: dg.AssetExecutionContext,
    dbt: DbtCliResource,
    settings: InfratrackSettings,
    config: WarehouseBuildConfig,
):
    paths = settings.paths()
    ensure_warehouse(paths.warehouse)
    # dbt reads every raw table as a source: one a data folder has never written yet (no review
    # recorded, or a folder older than the table) must at least have its schema file.
    settings.raw_store()
    total, built = len(context.selected_asset_keys), 0
    progress.report(DBT_STEP, built, total)
    command = ["build", "--full-refresh"] if config.full_refresh else ["build"]
    for event in dbt.cli(command, context=context, target_path=paths.dbt_target).stream():
        if isinstance(event, dg.Output | dg.AssetMaterialization):
            built += 1
            progress.report(DBT_STEP, built, total)
        yield event


@dg.asset(
    deps=[warehouse_models],
    group_name="serve",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    description="A copy of the warehouse for readers (infratrack sql, BI tools), replaced atomically after each build.",
)
def published_warehouse(settings: InfratrackSettings) -> dg.MaterializeResult:
    paths = settings.paths()
    publish(paths.warehouse, paths.published)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(paths.published)),
            "bytes": paths.published.stat().st_size,
        }
    )
