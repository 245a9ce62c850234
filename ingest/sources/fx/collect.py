"""The FX collect step: the ECB rate files, every rate not stored yet landed in raw_fx_rates."""

from __future__ import annotations

from ingest.http.fetcher import Fetcher, FetchError
from ingest.land.batches import ErrorLog, StepReport, utc_today
from ingest.land.keys import sha256, stable_id
from ingest.land.rawstore import RAW_FX_RATES, RawStore
from ingest.sources.config import SourcesConfig
from ingest.sources.fx.rates import FxParseError, parse_ecb_rates


def collect_fx(config: SourcesConfig, fetcher: Fetcher, store: RawStore) -> StepReport:
    """Fetch the ECB rate files and land rates not stored yet."""
    report = StepReport()
    errors = ErrorLog(store, config.name, "fx", report)
    rows: list[dict] = []
    for url in config.fx_files:
        report.attempted += 1
        try:
            result = fetcher.fetch(url, trusted=True)
            rates = parse_ecb_rates(result.content)
        except FetchError as exc:
            errors.record(url, "fetch", exc.reason, exc.status)
            continue
        except FxParseError as exc:
            errors.record(url, "parse", str(exc))
            continue
        content_hash = sha256(result.content)
        rows.extend(
            {
                "rate_id": stable_id(r.rate_date, r.currency),
                "rate_date": r.rate_date,
                "currency": r.currency,
                "units_per_eur": r.units_per_eur,
                "source_url": url,
                "fetched_at": result.fetched_at,
                "content_sha256": content_hash,
                "fetch_date": result.fetched_at.date(),
            }
            for r in rates
        )
    report.landed = store.append(RAW_FX_RATES, rows, config.name, utc_today())
    errors.flush()
    return report
