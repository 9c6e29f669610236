{#- A printed label without its white space and without the prefixes it opens with (seed
    label_prefixes: 其中 and the ordinals 一、 (一) 1.), stripped repeatedly: the text that is
    mapped to a fund and a line. `pattern` is the seed's patterns combined (macro
    label_prefix_pattern). The pattern is a column, not a literal, so that the seed is its only
    copy: DuckDB compiles such a pattern per row (70 times slower per million rows than a
    literal), so apply this to the distinct labels and join back, never to every printed cell. -#}
{% macro strip_label_prefixes(label, pattern) -%}
    regexp_replace(regexp_replace({{ label }}, '\s', '', 'g'), {{ pattern }}, '')
{%- endmacro %}
