{#- The prefixes of seed label_prefixes (其中 and the ordinals) as one regular expression anchored
    at the start of a label and repeated (其中：一、 and 一、其中： both go), for the macro
    strip_label_prefixes. When the model is built, the seed's rows are read once and the pattern
    is written into the SQL as a literal: DuckDB compiles a pattern that is not a literal anew
    for every row (70 times slower per million rows). Where the seed is not built yet (dbt
    compile on an empty warehouse, sqlfluff's templater) or its rows are fixtures (a unit test),
    the pattern is read by a scalar subquery instead: the same result, per row. -#}
{% macro label_prefix_pattern() -%}
    {%- set seed = ref('label_prefixes') -%}
    {%- if execute and model.resource_type == 'model' -%}
        {%- set relation = adapter.get_relation(seed.database, seed.schema, seed.identifier) -%}
        {%- if relation is not none -%}
            {%- set patterns = run_query(
                'select pattern from ' ~ relation ~ ' order by prefix_code'
            ).columns[0].values() -%}
            {%- set alternatives = [] -%}
            {%- for pattern in patterns -%}
                {%- do alternatives.append('(?:' ~ pattern ~ ')') -%}
            {%- endfor -%}
            {{- return(regex_literal('^(?:' ~ (alternatives | join('|')) ~ ')*')) -}}
        {%- endif -%}
    {%- endif -%}
    {{- return(
        "(select '^(?:' || " ~ text_agg("'(?:' || pattern || ')'", "'|'", order_by=['prefix_code'])
        ~ " || ')*'"
        ~ " from " ~ seed ~ ")"
    ) -}}
{%- endmacro %}
