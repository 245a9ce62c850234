-- Every figure of the fact contract is a finite amount above zero: NaN, infinities, zero and
-- negative values are errors (a review could once set value=nan and publish it with tests green).
{% test finite_positive(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
    and (
        isnan(cast({{ column_name }} as double))
        or isinf(cast({{ column_name }} as double))
        or {{ column_name }} <= 0
    )
{% endtest %}
