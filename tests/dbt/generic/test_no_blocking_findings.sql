{#- Asserts: no result of rule `rule_id` blocks publication, i.e. none failed beyond its
    tolerance with severity error without being acknowledged in known_publisher_errors. This
    is the quality gate; it reads fct_quality_findings and recomputes nothing. -#}
{% test no_blocking_findings(model, rule_id) %}

select *
from {{ model }}
where
    rule_id = '{{ rule_id }}'
    and blocks_publication

{% endtest %}
