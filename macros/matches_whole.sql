{#- True when the regular expression `pattern` (a SQL expression: a literal or a column) matches
    the whole of `text`; the same on DuckDB and PostgreSQL (`~` searches on both). -#}
{% macro matches_whole(text, pattern) -%}
    ({{ text }} ~ ('^(?:' || {{ pattern }} || ')$'))
{%- endmacro %}
