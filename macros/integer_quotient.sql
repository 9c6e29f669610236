{#- The quotient of two exact integers, truncated toward zero: div() on PostgreSQL, // on
    DuckDB (where div() does not exist); on Spark, whose div gives a BIGINT (too small for
    amounts scaled by 10^10), the remainder is taken off and the exact quotient divided. -#}
{% macro integer_quotient(dividend, divisor) -%}
    {{ return(adapter.dispatch('integer_quotient', 'sibudget')(dividend, divisor)) }}
{%- endmacro %}

{% macro default__integer_quotient(dividend, divisor) -%}
    div({{ dividend }}, {{ divisor }})
{%- endmacro %}

{% macro duckdb__integer_quotient(dividend, divisor) -%}
    ({{ dividend }} // {{ divisor }})
{%- endmacro %}

{% macro spark__integer_quotient(dividend, divisor) -%}
    cast((({{ dividend }}) - ({{ dividend }}) % ({{ divisor }})) / ({{ divisor }}) as decimal(38, 0))
{%- endmacro %}
