{#- Joins each row to the integers from `first` to `last` (inclusive), as `alias`.`column`: the
    last join of a from clause. A lateral generate_series on DuckDB and PostgreSQL, a lateral
    view of sequence() on Spark. -#}
{% macro join_integer_series(first, last, alias, column) -%}
    {{ return(adapter.dispatch('join_integer_series', 'sibudget')(first, last, alias, column)) }}
{%- endmacro %}

{% macro default__join_integer_series(first, last, alias, column) -%}
    cross join lateral generate_series({{ first }}, {{ last }}) as {{ alias }} ({{ column }})
{%- endmacro %}

{% macro spark__join_integer_series(first, last, alias, column) -%}
    lateral view explode(sequence({{ first }}, {{ last }})) {{ alias }} as {{ column }}
{%- endmacro %}
