{#- An amount expression made an exact integer type: HUGEINT on DuckDB, NUMERIC(38, 0) else. -#}
{% macro exact_integer(expression) -%}
    {{ return(adapter.dispatch('exact_integer', 'sibudget')(expression)) }}
{%- endmacro %}

{% macro default__exact_integer(expression) -%}
    cast({{ expression }} as numeric(38, 0))
{%- endmacro %}

{% macro duckdb__exact_integer(expression) -%}
    cast({{ expression }} as hugeint)
{%- endmacro %}
