-- Revenue of cloud, AI and data-centre businesses from news, and company-wide revenue from
-- filings. One row per distinct figure.
{{ money_fact_mart('revenue') }}
