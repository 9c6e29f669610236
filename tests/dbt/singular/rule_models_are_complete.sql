{#- Asserts: every disclosure rule of the catalogue (seed rules) has its model
    int_rule__<rule_id> (models/intermediate/rules/), every such model is a disclosure rule of
    the catalogue, and int_rule_evaluations unions each of them. dbt cannot discover models at
    parse time, so int_rule_evaluations lists them: this test catches a rule added without its
    model or without its line in that list. Fails with one row per rule and what it misses. -#}
{%- set rule_models = [] -%}
{%- if execute -%}
    {%- set unioned = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
        {%- if node.name == 'int_rule_evaluations' -%}
            {%- do unioned.extend(node.depends_on.nodes) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' -%}
        {%- if node.name.startswith('int_rule__') -%}
            {%- do rule_models.append((node.name[10:], node.unique_id in unioned)) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif %}

with

catalogue as (

    select rule_id from {{ ref('rules') }}
    where failure_kind = 'disclosure'

),

rule_models as (

    {%- for rule_id, is_unioned in rule_models %}
    select
        '{{ rule_id }}' as rule_id,
        {{ 'true' if is_unioned else 'false' }} as is_unioned
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        {{ as_text('null') }} as rule_id,
        false as is_unioned
    where false
    {%- endfor %}

),

final as (

    select
        coalesce(catalogue.rule_id, rule_models.rule_id) as rule_id,
        case
            when rule_models.rule_id is null
                then 'seeds/rules.csv has the rule, but models/intermediate/rules/ has no model '
                || 'int_rule__' || catalogue.rule_id
            when catalogue.rule_id is null
                then 'model int_rule__' || rule_models.rule_id
                || ' is not a disclosure rule of seeds/rules.csv'
            else 'int_rule_evaluations does not list ref(''int_rule__' || rule_models.rule_id
                || ''') among the rule models it unions'
        end as problem
    from catalogue
    full outer join rule_models
        on catalogue.rule_id = rule_models.rule_id
    where
        rule_models.rule_id is null
        or catalogue.rule_id is null
        or not rule_models.is_unioned

)

select * from final
