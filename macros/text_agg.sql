{#- The texts of a group joined by `separator` (a SQL literal), null when the group has none:
    string_agg on DuckDB and PostgreSQL; on Spark the texts are collected, sorted and joined,
    since dbt's own listagg drops the ordering there (the singular test
    engine_text_agg_keeps_order fails if that returns). `order_by`: a list of SQL expressions,
    ascending (negate a number for descending), else the texts in no set order; `distinct`: each
    text once, sorted by itself (`order_by` is not used then). -#}
{% macro text_agg(expression, separator, order_by=none, distinct=false) -%}
    {{ return(adapter.dispatch('text_agg', 'sibudget')(expression, separator, order_by, distinct)) }}
{%- endmacro %}

{% macro default__text_agg(expression, separator, order_by, distinct) -%}
    {%- if distinct -%}
    string_agg(distinct {{ expression }}, {{ separator }} order by {{ expression }})
    {%- elif order_by -%}
    string_agg({{ expression }}, {{ separator }} order by {{ order_by | join(', ') }})
    {%- else -%}
    string_agg({{ expression }}, {{ separator }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__text_agg(expression, separator, order_by, distinct) -%}
    {%- if distinct -%}
        {%- set joined = 'array_join(array_sort(collect_set(' ~ expression ~ ')), ' ~ separator ~ ')' -%}
    {%- elif order_by -%}
        {%- set keys = [] -%}
        {%- for key in order_by -%}
            {%- do keys.append(key ~ ' as k' ~ loop.index) -%}
        {%- endfor -%}
        {%- set joined = 'array_join(transform(array_sort(collect_list(struct('
            ~ keys | join(', ') ~ ', ' ~ expression ~ ' as text_value))), '
            ~ 'entry -> entry.text_value), ' ~ separator ~ ')' -%}
    {%- else -%}
        {%- set joined = 'array_join(collect_list(' ~ expression ~ '), ' ~ separator ~ ')' -%}
    {%- endif -%}
    case when count({{ expression }}) > 0 then {{ joined }} end
{%- endmacro %}
