"""The reference data, one home for the extractor and the warehouse: the tracked companies
(`companies.csv`), their English and Chinese names (`company_aliases.csv`), the SEC XBRL tags read
as capex or revenue (`sec_tag_map.csv`), the vocabularies of the fact contract
(`fact_vocabulary.csv`, read by `vocabulary`), and the period labels of the fact contract with their
calendar bounds (`periods`, which dbt's models call as DuckDB functions). dbt reads the files as
its seeds (`seed-paths` in dbt_project.yml); the extractor, the relevance gate, the SEC parser and
the filings step read them from here, so an installed package needs no repository.

It imports only the standard library: every stage may import it.
"""

from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent
