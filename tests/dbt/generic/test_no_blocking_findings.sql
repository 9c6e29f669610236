{#- Asserts: no rule result blocks publication, i.e. none failed beyond its tolerance with
    severity error without being acknowledged in known_publisher_errors. This is the quality
    gate (tag gate); it reads the model's blocks_publication column, defined once in
    fct_quality_findings, and recomputes nothing. Fails with every blocking result. -#}
{% test no_blocking_findings(model) %}

select *
from {{ model }}
where blocks_publication

{% endtest %}
