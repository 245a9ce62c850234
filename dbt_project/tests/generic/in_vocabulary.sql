-- A column of the fact contract holds only the values its vocabulary lists: the rows of the seed
-- fact_vocabulary (ingest/reference/fact_vocabulary.csv, which the extractor and the review
-- command read too) whose field is `field`.
{% test in_vocabulary(model, column_name, field) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
    and {{ column_name }} not in (
        select vocabulary.value from {{ ref('fact_vocabulary') }} as vocabulary
        where vocabulary.field = '{{ field }}'
    )
{% endtest %}
