-- Data-centre power capacity in megawatts.
{{ capacity_fact_mart('power', 'reported_value as power_mw') }}
