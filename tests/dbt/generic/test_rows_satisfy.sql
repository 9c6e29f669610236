{#- Asserts: every row of the model satisfies `expression` (null counts as not satisfied).
    Fails with each offending row, whole, and the id of the catalogue rule it breaks, so that a
    pipeline failure names the document, file and line (used for amount_parses, unit_known,
    label_mapped). -#}
{% test rows_satisfy(model, expression, rule_id) %}

select
    '{{ rule_id }}' as rule_id,
    offending_rows.*
from {{ model }} as offending_rows
where not coalesce(({{ expression }}), false)

{% endtest %}
