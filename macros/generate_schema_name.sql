{#- Use the configured schema name as it is (staging, intermediate, marts, reference,
    test_failures) instead of dbt's default <target_schema>_<custom_schema>, so that BI reads
    `marts.fund_surplus` on every target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
