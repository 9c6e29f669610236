{#- Every result of every disclosure rule: the union, by column name, of the rule models in
    models/intermediate/rules/ (one per rule of seed `rules`), with the rule's name, kind and
    severity from the catalogue. dbt cannot discover models at parse time, so the rule models are
    listed here; the data test rule_models_are_complete fails, naming the rule, when a rule of
    the catalogue has no model or a rule model is missing from this list. -#}
{%- set rule_models = [
    ref('int_rule__funds_sum_to_total'),
    ref('int_rule__surplus_identity'),
    ref('int_rule__part_within_total'),
    ref('int_rule__parts_sum_within_total'),
    ref('int_rule__amount_non_negative'),
    ref('int_rule__balance_non_negative'),
    ref('int_rule__expected_fund_present'),
    ref('int_rule__unexpected_fund'),
    ref('int_rule__roll_forward'),
    ref('int_rule__narrative_matches_table'),
    ref('int_rule__narrative_unit_matches_table'),
    ref('int_rule__narrative_zero_for_blank'),
    ref('int_rule__narrative_figure_on_a_line'),
    ref('int_rule__narrative_fund_present'),
    ref('int_rule__narrative_present'),
    ref('int_rule__line_stated_for_every_fund'),
    ref('int_rule__stated_check_recomputes'),
    ref('int_rule__printings_agree'),
    ref('int_rule__parts_sum_to_total'),
    ref('int_rule__opening_plus_surplus_is_closing'),
    ref('int_rule__item_listed'),
    ref('int_rule__restatement_agrees'),
    ref('int_rule__period_flows_add_up'),
    ref('int_rule__balance_agrees_across_periods'),
] -%}
with

findings as (

    {{ union_rule_findings(rule_models) }}

),

rules as (

    select * from {{ ref('rules') }}

),

final as (

    select
        findings.finding_id,
        findings.rule_id,
        rules.rule_name,
        rules.failure_kind,
        findings.document_id,
        findings.region_code,
        findings.scope,
        findings.fiscal_year,
        findings.phase_code,
        findings.table_code,
        findings.fund_code,
        findings.line_code,
        findings.compared_document_id,
        findings.compared_fiscal_year,
        findings.compared_phase_code,
        findings.expected_wan_yuan,
        findings.actual_wan_yuan,
        findings.difference_wan_yuan,
        findings.tolerance_wan_yuan,
        findings.is_satisfied,
        findings.has_blank_terms,
        findings.source_lines,
        findings.compared_source_lines,
        findings.status,
        coalesce(findings.severity_override, rules.severity) as severity_if_failed
    from findings
    left join rules
        on findings.rule_id = rules.rule_id

)

select * from final
