{#- True when the regular expression `pattern` (a SQL expression: a literal from regex_literal or
    a column) matches somewhere in `text`: `~` on DuckDB and PostgreSQL, rlike on Spark. -#}
{% macro regex_matches(text, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'sibudget')(text, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(text, pattern) -%}
    ({{ text }} ~ {{ pattern }})
{%- endmacro %}

{% macro spark__regex_matches(text, pattern) -%}
    ({{ text }} rlike {{ pattern }})
{%- endmacro %}
