-- Capital expenditure: company plans and guidance from news, reported actuals from news and
-- filings, third-party forecasts. One row per distinct figure.
{{ money_fact_mart('capex') }}
