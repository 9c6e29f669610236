{#- Asserts: no two rows share the values of `columns` (the model's grain). Fails with one row
    per duplicated key: the key, how many rows share it, and where they come from
    (`provenance`, an expression such as "document_id || ' line ' || source_line"). -#}
{% test unique_grain(model, columns, provenance="'(no provenance)'", rule_id='unique_grain') %}

select
    '{{ rule_id }}' as rule_id,
    {{ columns | join(', ') }},
    count(*) as rows_sharing_the_key,
    {{ text_agg(provenance, "'; '") }} as printed_at
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
