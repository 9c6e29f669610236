{#- A regular expression written in the SQL as a string literal: quotes doubled, and on Spark the
    backslashes doubled too, since Spark reads escapes in every string literal and would take
    '\s' for 's' without a word (the singular test engine_regex_literal_keeps_escapes fails if
    that returns). -#}
{% macro regex_literal(pattern) -%}
    {{ return(adapter.dispatch('regex_literal', 'sibudget')(pattern)) }}
{%- endmacro %}

{% macro default__regex_literal(pattern) -%}
    '{{ pattern | replace("'", "''") }}'
{%- endmacro %}

{% macro spark__regex_literal(pattern) -%}
    '{{ pattern | replace("\\", "\\\\") | replace("'", "''") }}'
{%- endmacro %}
