"""`infratrack`: refresh the warehouse, extract facts from a file, query, open the UI.

Dagster is imported only by the commands that need it (`refresh`, `ui`): `extract` and `sql`
answer in well under a second.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from ingest.serve.render import FORMATS as SQL_FORMATS
from ingest.serve.render import render_table
from ingest.warehouse.files import (
    FACT_MARTS,
    MART_TABLES,
    REPO_ROOT,
    WarehouseMissingError,
    connect_read_only,
    data_paths,
)
from orchestration.dagster_home import prepare_dagster_home


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def _prepare_dbt_manifest() -> None:
    from orchestration.project import ManifestError, prepare_manifest

    try:
        prepare_manifest()
    except ManifestError as exc:
        raise CliError(str(exc)) from exc


def _checked_sources(path: str) -> Path:
    from ingest.sources.config import SourcesConfigError, load_sources

    sources = Path(path).resolve()
    try:
        load_sources(sources)
    except SourcesConfigError as exc:
        raise CliError(str(exc)) from exc
    return sources


def _prepare_instance() -> None:
    """DAGSTER_HOME, its instance and the dbt manifest, ready for runs of this process and of
    the processes it starts."""
    os.environ.setdefault("INFRATRACK_DATA_DIR", str(data_paths().root))
    import dagster as dg

    from orchestration.recovery import setup_lock

    # Two refreshes started at once on an empty data folder would both create the instance's
    # SQLite schema and both parse the dbt project; the second waits here instead.
    with setup_lock(data_paths().setup_lock):
        prepare_dagster_home()
        _prepare_dbt_manifest()
        dg.DagsterInstance.get().dispose()


def _run_job(
    job_name: str,
    sources: Path,
    args: argparse.Namespace,
    partition_key: str | None = None,
    label: str | None = None,
    land_only: bool = False,
) -> None:
    """Run one job of the Definitions in this process, progress on stderr, dagster-dbt's echo of
    every dbt event in a log file; raises CliError with the cause when the run fails.

    With `land_only`, only the job's assets that land sources in the raw layer run."""
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.raw_assets import LANDING_KEYS, RAW_EXTRACTED_FACTS_KEY

    job = defs.resolve_job_def(job_name)
    selection = (
        sorted(LANDING_KEYS & set(job.asset_layer.executable_asset_keys), key=str)
        if land_only
        else None
    )
    run_config: dict = {
        "resources": {
            "settings": {
                "config": {"sources_file": str(sources), "writer_wait_seconds": args.wait_seconds}
            }
        },
        # The full event log is in the Dagster UI; the terminal gets warnings and errors.
        "loggers": {"console": {"config": {"log_level": "INFO" if args.verbose else "WARNING"}}},
    }
    steps = {node.name for node in job.nodes}
    ops_config = {
        RAW_EXTRACTED_FACTS_KEY.to_python_identifier(): {"processes": args.processes},
        "warehouse_models": {"full_refresh": args.full_refresh},
    }
    run_config["ops"] = {
        step: {"config": config} for step, config in ops_config.items() if step in steps
    }
    log_dir = data_paths().root / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / f"{job_name}-{datetime.now(UTC):%Y%m%dT%H%M%S}.log"
    from orchestration.progress_view import progress_view

    # Progress goes to stderr: stdout is the log file unless --verbose.
    shown = (
        contextlib.nullcontext() if args.quiet else progress_view(sys.stderr, sys.stderr.isatty())
    )
    with (
        dg.DagsterInstance.get() as instance,
        shown,
        contextlib.nullcontext() if args.verbose else _stdout_to(log_file),
    ):
        result = job.execute_in_process(
            instance=instance,
            run_config=run_config,
            partition_key=partition_key if job.partitions_def is not None else None,
            asset_selection=selection,
            raise_on_error=False,
        )
    if not result.success:
        raise CliError(f"{label or job_name} failed: {_failure_reason(result)}")


def cmd_refresh(args: argparse.Namespace) -> int:
    from orchestration.defs.raw_assets import today_partition

    sources = _checked_sources(args.sources)
    _prepare_instance()
    _run_job(
        args.job,
        sources,
        args,
        partition_key=today_partition(),
        label="refresh",
        land_only=args.land_only,
    )
    if not args.quiet and not args.land_only:
        print(summary_text())
    return 0


def cmd_backfill(args: argparse.Namespace) -> int:
    from orchestration.backfill import BackfillError, backfill_days, run_backfill

    sources = _checked_sources(args.sources)
    try:
        days = backfill_days(args.start, args.end)
    except BackfillError as exc:
        raise CliError(str(exc)) from exc
    _prepare_instance()
    outcomes = run_backfill(days, sources, args.processes, executor=args.executor)
    failed = [outcome for outcome in outcomes if not outcome.success]
    landed = sum(outcome.rows_added for outcome in outcomes)
    print(
        f"backfill {days[0]} to {days[-1]}: {len(days)} day partitions, "
        f"{len(days) - len(failed)} succeeded, {landed} documents landed",
        file=sys.stderr,
    )
    for outcome in failed:
        print(f"  {outcome.day}: {outcome.reason}", file=sys.stderr)
    if not args.land_only:
        _run_job("extract_and_build", sources, args)
        if not args.quiet:
            print(summary_text())
    if failed:
        raise CliError(f"{len(failed)} of {len(days)} day partitions failed (listed above)")
    return 0


def _published():
    """The published warehouse, read-only; a one-line error when no refresh has built it."""
    try:
        return connect_read_only(data_paths().published)
    except WarehouseMissingError as exc:
        raise CliError(str(exc)) from exc


def _failure_reason(result) -> str:
    from orchestration.failures import failure_reason

    return failure_reason(result.all_events)


@contextlib.contextmanager
def _stdout_to(path: Path):
    with path.open("w", encoding="utf-8") as handle, contextlib.redirect_stdout(handle):
        yield


def summary_text() -> str:
    """Rows per mart and a few example facts, from the published warehouse."""
    paths = data_paths()
    lines = [f"warehouse: {paths.published}"]
    with connect_read_only(paths.published) as con:
        for table in MART_TABLES:
            count = con.execute(f"select count(*) from {table}").fetchall()[0][0]
            lines.append(f"  {table:<28} {count:>6} rows")
        errors = con.execute("select count(*) from staging.stg_news__fetch_errors").fetchall()[0][0]
        lines.append(
            f"  {'fetch/parse errors':<28} {errors:>6} recorded (staging.stg_news__fetch_errors)"
        )
        lines.append("examples:")
        rows = con.execute(
            """
            select entity, kind, period_label, value_native, currency, value_usd, source_type, n_sources
            from fct_capex
            where entity in ('Alibaba', 'Microsoft', 'Alphabet', 'Stargate')
            order by source_type desc, n_sources desc, value_usd desc nulls last
            limit 6
            """
        ).fetchall()
        for entity, kind, period, value, currency, usd, source_type, n in rows:
            usd_text = f" (${usd / 1e9:,.1f}bn)" if usd is not None and currency != "USD" else ""
            lines.append(
                f"  capex  {entity:<10} {kind:<8} {period or '-':<10} {value / 1e9:>8,.1f}bn {currency}{usd_text}"
                f"  [{source_type}, {n} source{'s' if n != 1 else ''}]"
            )
        compute = con.execute(
            "select entity, period_label, capacity_eflops, precision, kind from fct_compute_capacity "
            "order by capacity_eflops desc limit 3"
        ).fetchall()
        for entity, period, eflops, precision, kind in compute:
            lines.append(
                f"  compute {entity:<24} {period or '-':<16} {eflops:>8,.1f} EFLOPS {precision} ({kind})"
            )
    return "\n".join(lines)


def _default_sources() -> str:
    return os.environ.get("INFRATRACK_SOURCES", str(REPO_ROOT / "sources" / "default.yml"))


def cmd_status(args: argparse.Namespace) -> int:
    from ingest.sources.config import SourcesConfigError, load_sources
    from orchestration.dagster_home import dagster_home
    from orchestration.status import collect_status, render, render_json

    try:
        sources = load_sources(Path(args.sources))
    except SourcesConfigError as exc:
        raise CliError(str(exc)) from exc
    report = collect_status(data_paths(), sources, dagster_home())
    if args.format == "json":
        sys.stdout.write(render_json(report))
    else:
        sys.stdout.write(render(report, _terminal_width()))
    return report.exit_code


def cmd_summary(args: argparse.Namespace) -> int:
    print(summary_text())
    return 0


def _read_document(path: Path) -> str:
    from ingest.http.politeness import MAX_DOCUMENT_BYTES
    from ingest.sources.news.article import ParseError, parse_article
    from ingest.sources.news.encoding import decode

    if not path.is_file():
        raise CliError(f"no such file: {path}")
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise CliError(
            f"{path} is {size:,} bytes; documents above {MAX_DOCUMENT_BYTES:,} bytes are refused "
            "(a news page is well under 2 MB)"
        )
    text, _ = decode(path.read_bytes())
    if path.suffix.lower() in {".html", ".htm"} or text.lstrip()[:15].lower().startswith(
        ("<!doctype", "<html")
    ):
        try:
            return parse_article(text).main_text
        except ParseError as exc:
            raise CliError(f"{path}: {exc}") from exc
    return text


def cmd_extract(args: argparse.Namespace) -> int:
    from ingest.extract import CONTRACT_FIELDS, extract_facts
    from ingest.sources.news.article import detect_language

    try:
        published = date.fromisoformat(args.published)
    except ValueError as exc:
        raise CliError(f"--published must be YYYY-MM-DD, got {args.published!r}") from exc
    text = _read_document(Path(args.file))
    language = detect_language(text) if args.lang == "auto" else args.lang
    facts = [f.to_dict() | {"language": language} for f in extract_facts(text, published)]
    fields = [*CONTRACT_FIELDS, "confidence", "evidence"]
    if args.format == "jsonl":
        for fact in facts:
            print(json.dumps({k: fact[k] for k in fields}, ensure_ascii=False))
    else:
        _print_table(fields[:-1], [[f[k] for k in fields[:-1]] for f in facts])
    return 0


def _terminal_width() -> int | None:
    """The terminal's width in a terminal (rich reads it); piped, wide enough to cut nothing but
    the widest text cells."""
    return None if sys.stdout.isatty() else 10_000


def _print_table(columns: list[str], rows: list[list]) -> None:
    sys.stdout.write(render_table(columns, rows, _terminal_width()))


MAX_QUERY_FILE_BYTES = 1_000_000


def _query_text(args: argparse.Namespace) -> str:
    if (args.query is None) == (args.file is None):
        raise CliError("give a query or --file QUERY.sql, not both")
    if args.query is not None:
        return args.query
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    if path.stat().st_size > MAX_QUERY_FILE_BYTES:
        raise CliError(f"{path} is over {MAX_QUERY_FILE_BYTES:,} bytes; a query file is smaller")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CliError(f"{path} is not UTF-8 text") from exc


def _warehouse_argument(args: argparse.Namespace) -> Path:
    return Path(args.warehouse) if args.warehouse else data_paths().published


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from ingest.land.atomic import write_atomically
    from ingest.serve.render import render_text, write_parquet
    from ingest.warehouse.query import QueryRefused, run_query

    if args.format == "parquet" and not args.output:
        raise CliError("--format parquet writes a file: add --output FILE.parquet")
    sql = _query_text(args)
    path = _warehouse_argument(args)
    try:
        result = run_query(
            path, sql, timeout_seconds=args.timeout, as_arrow=args.format == "parquet"
        )
    except WarehouseMissingError as exc:
        raise CliError(str(exc)) from exc
    except QueryRefused as exc:
        raise CliError(str(exc)) from exc
    except duckdb.IOException as exc:
        raise CliError(f"cannot open {path}: {str(exc).splitlines()[0]}") from exc
    if not result.columns:
        return 0
    output = Path(args.output) if args.output else None
    if output is not None and not output.parent.is_dir():
        raise CliError(f"no such folder: {output.parent}")
    if result.arrow is not None and output is not None:
        write_parquet(result.arrow, output)
        return 0
    width = _terminal_width() if output is None else 10_000
    text = render_text(args.format, result.columns, result.rows, width)
    if output is not None:
        write_atomically(output, text)
    else:
        sys.stdout.write(text)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ingest.serve.catalog import CatalogError
    from ingest.serve.export import ExportError, export_marts

    try:
        summary = export_marts(_warehouse_argument(args), Path(args.directory), args.csv)
    except (ExportError, CatalogError, WarehouseMissingError) as exc:
        raise CliError(str(exc)) from exc
    formats = "Parquet and CSV" if args.csv else "Parquet"
    print(
        f"exported {len(summary.rows)} marts ({sum(summary.rows.values()):,} rows) as {formats} "
        f"to {summary.directory}, with data_dictionary.json and data_dictionary.md"
    )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from ingest.serve.catalog import CatalogError
    from ingest.serve.report import write_report
    from ingest.serve.report.browser import ChromiumUnavailableError, screenshot

    out = Path(args.output)
    if not out.parent.is_dir():
        raise CliError(f"no such folder: {out.parent}")
    try:
        summary = write_report(_warehouse_argument(args), out)
    except (CatalogError, WarehouseMissingError) as exc:
        raise CliError(str(exc)) from exc
    print(
        f"report written to {out}: {len(summary.charts)} charts, "
        f"{sum(summary.rows.values()):,} table rows; it works offline"
    )
    if args.screenshot:
        try:
            screenshot(out, Path(args.screenshot))
        except ChromiumUnavailableError as exc:
            raise CliError(str(exc)) from exc
        print(f"screenshot written to {args.screenshot}")
    return 0


POSTGRES_URL_ENV = "INFRATRACK_POSTGRES_URL"


def cmd_publish(args: argparse.Namespace) -> int:
    from ingest.serve.catalog import CatalogError
    from ingest.serve.postgres import PublishError, publish_postgres

    url = args.postgres or os.environ.get(POSTGRES_URL_ENV)
    if not url:
        raise CliError(f"give --postgres URL (or set {POSTGRES_URL_ENV})")
    try:
        summary = publish_postgres(
            _warehouse_argument(args), url, args.schema, readonly_role=args.readonly_role
        )
    except (PublishError, CatalogError, WarehouseMissingError) as exc:
        raise CliError(str(exc)) from exc
    print(
        f"published {len(summary.rows)} marts ({summary.total_rows:,} rows) to schema "
        f"{summary.schema} at {summary.target}"
    )
    return 0


DOCS_FILES = ("static_index.html", "index.html", "manifest.json", "catalog.json")


def cmd_docs(args: argparse.Namespace) -> int:
    """The dbt docs site (lineage, model and column descriptions, column types) as static files;
    `static_index.html` has the manifest and catalog inside and opens from disk."""
    import shutil
    import tempfile

    from orchestration.project import DBT_PROJECT_DIR
    from orchestration.recovery import writer_lock

    paths = data_paths()
    out = Path(args.output) if args.output else paths.root / "docs"
    dbt = Path(sys.executable).parent / "dbt"
    command = [str(dbt), "docs", "generate", "--static", "--quiet"]
    command += ["--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]
    if not paths.warehouse.exists():
        # Before the first refresh there are no tables to read types from; lineage and
        # descriptions come from the project alone.
        command.append("--empty-catalog")
    # dbt opens the warehouse to read its catalog: it waits its turn like any writer.
    with (
        tempfile.TemporaryDirectory(prefix="infratrack-docs-") as target,
        writer_lock(
            paths.writer_lock, "docs", args.wait_seconds, say=lambda m: print(m, file=sys.stderr)
        ),
    ):
        result = subprocess.run(
            [*command, "--target-path", target],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "INFRATRACK_DATA_DIR": str(paths.root)},
        )
        if result.returncode != 0:
            raise CliError(f"dbt docs generate failed: {(result.stdout + result.stderr)[-500:]}")
        out.mkdir(parents=True, exist_ok=True)
        for name in DOCS_FILES:
            shutil.copyfile(Path(target) / name, out / name)
    print(f"dbt docs written to {out}: open {out / 'static_index.html'} in a browser")
    return 0


FACT_TABLES = tuple(FACT_MARTS)


def _find_fact(fact_id: str) -> dict | None:
    import duckdb

    with _published() as con:
        for table in FACT_TABLES:
            try:
                cursor = con.execute(f"select * from {table} where fact_id = ?", [fact_id])
            except duckdb.Error:
                continue
            rows = cursor.fetchall()
            if rows:
                return {
                    "table": table,
                    **dict(zip([d[0] for d in cursor.description], rows[0], strict=True)),
                }
    return None


def cmd_review(args: argparse.Namespace) -> int:
    from ingest.review.log import ReviewError, parse_assignments, record_review

    if args.action == "list":
        query = (
            " union all ".join(
                f"select fact_id, entity, '{metric}' as metric, cast({value} as double) as value, "
                f"{unit} as unit, period_label, kind, bound, confidence, review_state, evidence "
                f"from {table} where review_state = $state"
                for table, (metric, value, unit) in FACT_MARTS.items()
            )
            + " order by confidence, fact_id limit $limit"
        )
        with _published() as con:
            cursor = con.execute(query, {"state": args.state, "limit": args.limit})
            columns = [d[0] for d in cursor.description]
            rows = [
                [str(v)[:80] if isinstance(v, str) else v for v in row] for row in cursor.fetchall()
            ]
        _print_table(columns, rows)
        return 0
    if args.action == "merge":
        return _merge_entities(args)
    if args.action == "entities":
        return cmd_review_entities(args)
    fact = _find_fact(args.fact_id)
    if fact is None:
        raise CliError(
            f"no fact {args.fact_id} in the published warehouse (see `infratrack review list`)"
        )
    if fact.get("source_type") == "filing":
        raise CliError(
            "filing facts come from XBRL as reported; only extracted news facts are reviewed"
        )
    reviewer = args.by or os.environ.get("INFRATRACK_REVIEWER", "")
    try:
        review = record_review(
            args.fact_id,
            args.action,
            reviewer,
            args.why or "",
            parse_assignments(args.assignments) if args.action == "correct" else None,
        )
    except ReviewError as exc:
        raise CliError(str(exc)) from exc
    print(
        f"{review.action} {review.fact_id} ({fact['entity']}, {fact['table']}) by {review.reviewer} at "
        f"{review.reviewed_at:%Y-%m-%d %H:%M} UTC; recorded as review {review.sequence} in "
        f"{review.recorded_in}. It applies from the next refresh (make run)."
    )
    return 0


def cmd_review_entities(args: argparse.Namespace) -> int:
    with _published() as con:
        cursor = con.execute(
            "select entity, entity_type, first_seen_on, first_seen_url from dim_company "
            "where origin = 'discovered' order by first_seen_on desc, entity"
        )
        _print_table([d[0] for d in cursor.description], [list(r) for r in cursor.fetchall()])
    return 0


def _merge_entities(args: argparse.Namespace) -> int:
    from ingest.review.log import ReviewError, record_merge

    with _published() as con:
        known = dict(con.execute("select entity, origin from dim_company").fetchall())
    for name in (args.from_entity, args.into_entity):
        if name not in known:
            raise CliError(f"no entity {name!r} in dim_company (see `infratrack review entities`)")
    reviewer = args.by or os.environ.get("INFRATRACK_REVIEWER", "")
    try:
        merge = record_merge(args.from_entity, args.into_entity, reviewer, args.why or "")
    except ReviewError as exc:
        raise CliError(str(exc)) from exc
    print(
        f"merged {args.from_entity!r} into {args.into_entity!r}; recorded as merge "
        f"{merge.sequence} in {merge.recorded_in}. It applies from the next refresh (make run)."
    )
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from ingest.evaluate.scoring import evaluate, format_report
    from ingest.evaluate.sets import BASELINE_FILE, evaluation_sets, real_sets

    sets = evaluation_sets()
    real = real_sets() if args.set in {"all", "real"} else {}
    chosen = {"all": [*sets, *real], "real": list(real)}.get(args.set, [args.set])
    summaries = {}
    for name in chosen:
        if name in real:
            passages, missing = real[name].passages, real[name].missing
        elif name in sets:
            passages, missing = sets[name], []
        else:
            raise CliError(f"no {name} set in this checkout")
        facts = sum(len(p.facts) for p in passages)
        print(f"== {name}: {len(passages)} passages, {facts} labelled facts")
        if missing:
            print(
                f"   {len(missing)} pages not cached on this machine (see ingest/evaluate/data/real/README.md)"
            )
        if not passages:
            print()
            continue
        result = evaluate(passages)
        if name not in real:
            summaries[name] = result.summary()
        # Misses of a held-out set are never shown: its scores are looked at, not its errors.
        show = args.show and not name.endswith("holdout")
        print(
            format_report(
                result,
                show=show,
                passages={p.id: p for p in passages},
                calibration=name in real,
            )
        )
        print()
    _print_relevance(real)
    if args.fit_confidence:
        _fit_confidence(real)
    if args.write_baseline:
        BASELINE_FILE.write_text(
            json.dumps(summaries, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(f"baseline written to {BASELINE_FILE}")
    return 0


def _print_relevance(real: dict) -> None:
    """The relevance gates on the labelled headlines and pages; the real pages count when their
    texts are cached here (`--set real` or `all`), else the pages figure is the off-topic ones.
    The real headlines count when their titles are cached here."""
    from ingest.relevance.measure import format_figures, real_titles, relevance_figures

    texts = [(p.lang, p.text) for split in real.values() for p in split.passages]
    headlines = real_titles()
    print("== relevance")
    print(format_figures(relevance_figures(texts, headlines.items)))
    if headlines.missing:
        listed = len(headlines.items) + len(headlines.missing)
        print(
            f"   {len(headlines.missing)} of {listed} real headlines not cached on this machine"
            " (see ingest/relevance/measure.py)"
        )
    print()


def _fit_confidence(real: dict) -> None:
    from ingest.evaluate.scoring import evaluate, fit_confidence
    from ingest.extract import EXTRACTOR_VERSION
    from ingest.extract.assemble import DATA_DIR, confidence_model

    dev = real.get("real")
    passages = dev.passages if dev is not None else []
    if not passages:
        raise CliError("--fit-confidence needs the real pages cached on this machine (--set real)")
    samples = evaluate(passages).signals
    model = fit_confidence(samples)
    model["fitted_on"] = (
        f"real-page dev split: {len(passages)} pages, {len(samples)} extracted facts, "
        f"extractor {EXTRACTOR_VERSION}"
    )
    target = DATA_DIR / "confidence.json"
    target.write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    confidence_model.cache_clear()
    print(f"confidence model written to {target.relative_to(REPO_ROOT)}: {model['fitted_on']}")


def cmd_ui(args: argparse.Namespace) -> int:
    os.environ.setdefault("INFRATRACK_DATA_DIR", str(data_paths().root))
    prepare_dagster_home()
    _prepare_dbt_manifest()
    bin_dir = Path(sys.executable).parent
    # dagster dev re-parses the dbt project with the `dbt` it finds on PATH: make it this one.
    os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"
    dagster = bin_dir / "dagster"
    command = [
        str(dagster),
        "dev",
        "-m",
        "orchestration.definitions",
        "--host",
        args.host,
        "--port",
        str(args.port),
    ]
    return subprocess.call(command, cwd=REPO_ROOT)


def _positive_int(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError("must be between 1 and 64")
    return value


def _run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--processes",
        type=_positive_int,
        default=1,
        help="worker processes for extraction (and, in a backfill, for day partitions)",
    )
    parser.add_argument(
        "--wait-seconds",
        type=float,
        default=3600.0,
        help="how long to wait for a refresh already running before giving up",
    )
    parser.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild the incremental dbt models from the whole raw layer (after a change to "
        "their SQL or columns), not only from what is new",
    )
    parser.add_argument("--quiet", action="store_true", help="no summary at the end")
    parser.add_argument("--verbose", action="store_true", help="print Dagster's step log")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="infratrack", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    refresh = sub.add_parser("refresh", help="fetch sources, extract facts, rebuild the warehouse")
    refresh.add_argument(
        "--sources",
        default=_default_sources(),
    )
    refresh.add_argument(
        "--job",
        default="refresh_all",
        choices=["refresh_all", "refresh_news", "refresh_filings_and_fx"],
    )
    refresh.add_argument(
        "--land-only",
        action="store_true",
        help="fetch and land the job's sources in the raw layer; extract and build later",
    )
    _run_options(refresh)
    refresh.set_defaults(func=cmd_refresh)

    backfill = sub.add_parser(
        "backfill",
        help="land the day partitions of a date range from the news archives, then rebuild",
        description=(
            "Each day from --from to --to is one run of the news_backfill job (that day's "
            "news-crawl archives in the sources file), several at once in worker processes; "
            "then one run extracts every unread document and rebuilds the warehouse. "
            "Re-running a day adds nothing."
        ),
    )
    backfill.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    backfill.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    backfill.add_argument(
        "--sources",
        default=_default_sources(),
    )
    backfill.add_argument(
        "--executor",
        choices=["in_process", "celery"],
        default=os.environ.get("INFRATRACK_EXECUTOR", "in_process"),
        help="where each day's run executes its step: in its worker process, or on celery "
        "workers (deploy/)",
    )
    backfill.add_argument(
        "--land-only", action="store_true", help="land the partitions; extract and build later"
    )
    _run_options(backfill)
    backfill.set_defaults(func=cmd_backfill)

    status = sub.add_parser(
        "status",
        help="health: last runs, rows, recent failures, stale sources, review queue "
        "(exit 1 when a source is stale or a job's last run failed)",
    )
    status.add_argument(
        "--sources", default=_default_sources(), help="the sources file freshness is judged for"
    )
    status.add_argument("--format", default="table", choices=["table", "json"])
    status.set_defaults(func=cmd_status)

    summary = sub.add_parser("summary", help="rows per mart and example facts")
    summary.set_defaults(func=cmd_summary)

    extract = sub.add_parser("extract", help="print the facts in a text or HTML file")
    extract.add_argument("file")
    extract.add_argument(
        "--published",
        required=True,
        help="publication date, YYYY-MM-DD (resolves 今年, next year...)",
    )
    extract.add_argument("--lang", default="auto", choices=["auto", "zh", "en"])
    extract.add_argument("--format", default="jsonl", choices=["jsonl", "table"])
    extract.set_defaults(func=cmd_extract)

    sql = sub.add_parser("sql", help="run a read-only query on the published warehouse")
    sql.add_argument("query", nargs="?", help="the SQL (or --file)")
    sql.add_argument("--file", help="read the SQL from this file")
    sql.add_argument("--format", default="table", choices=list(SQL_FORMATS))
    sql.add_argument("--output", "-o", help="write to this file instead of the terminal")
    sql.add_argument("--warehouse", help="a DuckDB file other than the published warehouse")
    sql.add_argument(
        "--timeout", type=float, default=300.0, help="stop the query after this many seconds"
    )
    sql.set_defaults(func=cmd_sql)

    export = sub.add_parser(
        "export", help="write every mart as Parquet (and CSV) with a data dictionary"
    )
    export.add_argument("directory", help="the folder to write (replaced if an earlier export)")
    export.add_argument("--csv", action="store_true", help="CSV files beside the Parquet ones")
    export.add_argument("--warehouse", help="a DuckDB file other than the published warehouse")
    export.set_defaults(func=cmd_export)

    report = sub.add_parser(
        "report", help="write one self-contained HTML page of charts and tables"
    )
    report.add_argument("output", metavar="OUT.html")
    report.add_argument(
        "--screenshot", metavar="OUT.png", help="also render it in headless Chromium"
    )
    report.add_argument("--warehouse", help="a DuckDB file other than the published warehouse")
    report.set_defaults(func=cmd_report)

    publish = sub.add_parser("publish", help="copy the marts into a PostgreSQL schema for BI tools")
    publish.add_argument(
        "--postgres",
        metavar="URL",
        help=f"postgresql://user@host:port/database (default: ${POSTGRES_URL_ENV}); "
        "keep the password in PGPASSWORD or ~/.pgpass",
    )
    publish.add_argument("--schema", default="infratrack", help="replaced whole on each publish")
    publish.add_argument("--readonly-role", help="a role to grant read access to the schema")
    publish.add_argument("--warehouse", help="a DuckDB file other than the published warehouse")
    publish.set_defaults(func=cmd_publish)

    docs = sub.add_parser("docs", help="build the dbt docs site (lineage, column docs) as files")
    docs.add_argument("--output", help="the folder to write (default: data/docs)")
    docs.add_argument("--wait-seconds", type=float, default=600.0, help="wait for a refresh")
    docs.set_defaults(func=cmd_docs)

    review = sub.add_parser("review", help="list facts to review; accept, correct or reject one")
    review_sub = review.add_subparsers(dest="action", required=True)
    listing = review_sub.add_parser("list", help="facts by review state, least confident first")
    listing.add_argument(
        "--state",
        default="needs_review",
        choices=["needs_review", "auto_accepted", "accepted", "corrected"],
    )
    listing.add_argument("--limit", type=int, default=50)
    review_sub.add_parser(
        "entities", help="entities found in the text that no seed lists, newest first"
    )
    merge = review_sub.add_parser(
        "merge", help="merge a discovered entity into a tracked one or another discovered one"
    )
    merge.add_argument("from_entity", metavar="FROM")
    merge.add_argument("into_entity", metavar="INTO")
    merge.add_argument("--by", help="reviewer (default: $INFRATRACK_REVIEWER)")
    merge.add_argument("--why", required=True, help="the reason, kept with the merge")
    for action, text in (
        ("accept", "confirm a fact"),
        ("reject", "remove a fact from the marts"),
        ("correct", "replace fields of a fact"),
    ):
        parser_ = review_sub.add_parser(action, help=text)
        parser_.add_argument("fact_id")
        if action == "correct":
            parser_.add_argument(
                "assignments",
                nargs="+",
                metavar="FIELD=VALUE",
                help="e.g. value=380000000000 period=2025-2027",
            )
        parser_.add_argument("--by", help="reviewer (default: $INFRATRACK_REVIEWER)")
        parser_.add_argument("--why", required=True, help="the reason, kept with the review")
    review.set_defaults(func=cmd_review)

    evaluation = sub.add_parser(
        "eval", help="precision, recall and F1 of the extractor on labelled passages"
    )
    evaluation.add_argument(
        "--set",
        default="all",
        choices=["all", "dev", "sample", "holdout", "real"],
        help="real: the real pages cached on this machine (dev and held-out splits)",
    )
    evaluation.add_argument(
        "--show", action="store_true", help="list misses, false alarms and disagreements"
    )
    evaluation.add_argument(
        "--fit-confidence",
        action="store_true",
        help="fit the confidence model on the real pages' dev split (with --set real)",
    )
    evaluation.add_argument(
        "--write-baseline",
        action="store_true",
        help="store these figures as the baseline tests guard",
    )
    evaluation.set_defaults(func=cmd_eval)

    ui = sub.add_parser("ui", help="open the Dagster UI with the whole asset graph")
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(func=cmd_ui)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"infratrack: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
