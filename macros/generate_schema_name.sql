{#- Use the configured schema name as it is (staging, intermediate, marts, reference,
    test_failures) instead of dbt's default <target_schema>_<custom_schema>, so that BI reads
    `marts.fund_surplus` on every target. On Spark, after SIBUDGET_SPARK_SCHEMA_PREFIX (none by
    default), which keeps two builds on one shared cluster apart (the tests, CI beside a
    developer); the release's DuckDB file has the plain names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ spark_schema_prefix() }}{{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

{% macro spark_schema_prefix() -%}
    {{- env_var('SIBUDGET_SPARK_SCHEMA_PREFIX', '') if target.type == 'spark' else '' -}}
{%- endmacro %}
