{#- Every result of the rule models in `relations` (refs), their columns selected by name in the
    order of the finding contract, so that each rule model may compute them in any order. -#}
{% macro union_rule_findings(relations) -%}
    {%- for relation in relations %}
    select
        {%- for name, data_type in rule_finding_columns() %}
        {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
