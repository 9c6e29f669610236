{#- True when the regular expression `pattern` (a SQL expression: a literal or a column) matches
    the whole of `text`, on every engine (regex_matches searches). -#}
{% macro matches_whole(text, pattern) -%}
    {{ regex_matches(text, "('^(?:' || " ~ pattern ~ " || ')$')") }}
{%- endmacro %}
