{#- The quotient of two exact integers, truncated toward zero: div() on PostgreSQL, // on
    DuckDB (where div() does not exist). -#}
{% macro integer_quotient(dividend, divisor) -%}
    {{ return(adapter.dispatch('integer_quotient', 'sibudget')(dividend, divisor)) }}
{%- endmacro %}

{% macro default__integer_quotient(dividend, divisor) -%}
    div({{ dividend }}, {{ divisor }})
{%- endmacro %}

{% macro duckdb__integer_quotient(dividend, divisor) -%}
    ({{ dividend }} // {{ divisor }})
{%- endmacro %}
