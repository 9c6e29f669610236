{#- One row per part of `text` split at `separator` (a literal without regular-expression
    characters), in a select list: unnest(string_to_array()) on DuckDB and PostgreSQL,
    explode(split()) on Spark. -#}
{% macro split_to_rows(text, separator) -%}
    {{ return(adapter.dispatch('split_to_rows', 'sibudget')(text, separator)) }}
{%- endmacro %}

{% macro default__split_to_rows(text, separator) -%}
    unnest(string_to_array({{ text }}, {{ separator }}))
{%- endmacro %}

{% macro spark__split_to_rows(text, separator) -%}
    explode(split({{ text }}, {{ separator }}))
{%- endmacro %}
