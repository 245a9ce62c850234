-- Accelerator (GPU, AI chip, card) counts of clusters, sites and fleets.
{{ capacity_fact_mart('accelerators', 'cast(reported_value as bigint) as accelerator_count') }}
