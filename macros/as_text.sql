{#- The type of text and a cast to it: varchar on DuckDB and PostgreSQL, string on Spark (where
    varchar needs a length). Property files cannot call macros: a contract's text column says
    "{{ 'string' if target.type == 'spark' else 'varchar' }}", the same choice. -#}
{% macro text_type() -%}
    {{ return(adapter.dispatch('text_type', 'sibudget')()) }}
{%- endmacro %}

{% macro default__text_type() -%}
    {{ return('varchar') }}
{%- endmacro %}

{% macro spark__text_type() -%}
    {{ return('string') }}
{%- endmacro %}

{% macro as_text(expression) -%}
    cast({{ expression }} as {{ text_type() }})
{%- endmacro %}
