{#- Asserts: every value of `column_name` is one of `vocabulary`'s `vocabulary_column` (a seed:
    every vocabulary is read from its seed). Fails with each offending row, whole (its file and
    line among its columns), and the id of the catalogue rule it breaks: an unknown region,
    scope, phase or value kind in a disclosure file is a pipeline failure that names where it
    is, not a dbt test id. -#}
{% test in_vocabulary(model, column_name, vocabulary, vocabulary_column, rule_id) %}

select
    '{{ rule_id }}' as rule_id,
    '{{ column_name }} '
    || coalesce('''' || offending_rows.{{ column_name }} || '''', 'null')
    || ' is not a {{ vocabulary_column }} of the seed' as unknown_value,
    offending_rows.*
from {{ model }} as offending_rows
where
    offending_rows.{{ column_name }} is null
    or offending_rows.{{ column_name }} not in (
        select known.{{ vocabulary_column }}
        from {{ vocabulary }} as known
        where known.{{ vocabulary_column }} is not null
    )

{% endtest %}
