{#- A printed label without its white space and without the prefixes it opens with (seed
    label_prefixes: 其中 and the ordinals 一、 (一) 1.), stripped repeatedly: the text that is
    mapped to a fund and a line. The pattern is the seed's, combined by label_prefix_pattern. -#}
{% macro strip_label_prefixes(label) -%}
    regexp_replace(
        {{ regex_replace_all(label, regex_literal('\\s'), "''") }}, {{ label_prefix_pattern() }}, ''
    )
{%- endmacro %}
