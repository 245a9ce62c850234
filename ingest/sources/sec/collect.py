"""The SEC collect step: companyfacts of each filer through the polite SEC client, every new
vintage of the tracked tags landed in raw_sec_facts.
"""

from __future__ import annotations

from ingest import progress
from ingest.http.fetcher import FetchError
from ingest.land.batches import ErrorLog, StepReport, utc_today
from ingest.land.keys import sha256, stable_id
from ingest.land.rawstore import RAW_SEC_FACTS, RawStore
from ingest.sources.config import SecFiler, SourcesConfig
from ingest.sources.sec.client import SecClient, SecForbiddenError, SecUserAgentError
from ingest.sources.sec.companyfacts import SecParseError, parse_companyfacts


def open_sec_client(
    config: SourcesConfig,
    filers: list[SecFiler],
    errors: ErrorLog,
    client: SecClient | None = None,
) -> SecClient | None:
    """The SEC client for `filers`, or None when the SEC would refuse it: a live refresh without
    a User-Agent records each filer as failed with the reason, and news and FX go on."""
    try:
        return client or SecClient.from_sources(config)
    except SecUserAgentError as exc:
        for filer in filers:
            errors.report.attempted += 1
            errors.record(filer.url, "fetch", str(exc))
        errors.flush()
        return None


def collect_sec(
    config: SourcesConfig, store: RawStore, client: SecClient | None = None
) -> StepReport:
    """Fetch companyfacts of each filer through the polite SEC client (User-Agent, 10 requests a
    second, retries, conditional requests) and land every new vintage of the tracked tags."""
    report = StepReport()
    errors = ErrorLog(store, config.name, "sec", report)
    rows: list[dict] = []
    sec = open_sec_client(config, config.sec_filers, errors, client)
    if sec is None:
        return report
    with sec:
        for filer in config.sec_filers:
            progress.report("filings read", report.attempted, len(config.sec_filers))
            report.attempted += 1
            try:
                response = sec.get(filer.url, ("cik", "facts"))
                vintages = parse_companyfacts(response.content)
            except SecForbiddenError as exc:
                # Every other filer would be refused the same way: stop asking.
                errors.record(filer.url, "fetch", exc.reason, exc.status)
                break
            except FetchError as exc:
                errors.record(filer.url, "fetch", exc.reason, exc.status)
                continue
            except SecParseError as exc:
                errors.record(filer.url, "parse", str(exc), getattr(exc, "status", None))
                continue
            content_hash = sha256(response.content)
            for v in vintages:
                rows.append(
                    {
                        # frame moves to the newest filing over time; it is not part of a vintage's identity.
                        "vintage_id": stable_id(
                            v.cik,
                            v.taxonomy,
                            v.tag,
                            v.unit,
                            v.period_start,
                            v.period_end,
                            v.value,
                            v.accn,
                            v.fy,
                            v.fp,
                            v.form,
                            v.filed,
                        ),
                        "cik": v.cik,
                        "entity_name": v.entity_name,
                        "taxonomy": v.taxonomy,
                        "tag": v.tag,
                        "unit": v.unit,
                        "period_start": v.period_start,
                        "period_end": v.period_end,
                        "value": v.value,
                        "accn": v.accn,
                        "fy": v.fy,
                        "fp": v.fp,
                        "form": v.form,
                        "filed": v.filed,
                        "frame": v.frame,
                        "source_url": filer.url,
                        "fetched_at": response.fetched_at,
                        "content_sha256": content_hash,
                        "fetch_date": response.fetched_at.date(),
                    }
                )
    progress.report("filings read", report.attempted, len(config.sec_filers))
    report.landed = store.append(RAW_SEC_FACTS, rows, config.name, utc_today())
    errors.flush()
    return report
