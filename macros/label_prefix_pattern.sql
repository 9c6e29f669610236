{#- A one-row select of `pattern`: the prefixes of seed label_prefixes as one regular expression
    anchored at the start of a label and repeated (其中：一、 and 一、其中： both go), for the
    macro strip_label_prefixes. -#}
{% macro label_prefix_pattern() -%}
    select
        '^(?:' || string_agg('(?:' || pattern || ')', '|' order by prefix_code) || ')*' as pattern
    from {{ ref('label_prefixes') }}
{%- endmacro %}
