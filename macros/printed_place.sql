{#- Where a figure was printed, in words: the place its file records (the sheet and cell, page and
    row, or table and row of a container other than plain text), else its line ("line 14"). -#}
{% macro printed_place(place, line) -%}
    coalesce({{ place }}, 'line ' || {{ as_text(line) }})
{%- endmacro %}
