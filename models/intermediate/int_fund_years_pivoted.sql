{#- One row per document × fiscal year × phase × fund (and the all-funds total): the
    printed lines side by side, each with its blank flag, rounding unit and source line, and
    the arithmetic that the marts and the rules share, written once: computed surplus (on the
    totals, which include the transfers between levels and the central adjustment flows),
    residual ("other") parts of the subtotals (the transfers are not "other": the subtotal as
    printed, else the total less the transfers), implied opening balance. Blank counts as 0 in
    the arithmetic. fund_year_rank orders the documents that give a fund-year (its own document
    first, as restatement_rank in int_fund_figures): the marts and the rules across years take
    rank 1; the identities within a document are checked on every one. -#}
{%- set lines = [
    'income_total', 'income_subtotal', 'income_premium', 'income_interest', 'income_subsidy',
    'income_from_higher_level', 'income_from_lower_level', 'income_central_adjustment',
    'expenditure_total', 'expenditure_subtotal', 'expenditure_benefit',
    'expenditure_to_lower_level', 'expenditure_to_higher_level', 'expenditure_central_adjustment',
    'opening_balance', 'surplus', 'closing_balance',
] -%}
with

fund_lines as (

    select * from {{ ref('int_fund_figures') }}

),

pivoted as (

    select
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        fund_code,
        bool_or(is_own_document) as is_own_document,
        {%- for line in lines %}
            max(case when line_code = '{{ line }}' then amount_wan_yuan end) as {{ line }}_wan_yuan,
            coalesce(
                bool_or(line_code = '{{ line }}' and is_blank), false
            ) as {{ line }}_is_blank,
            coalesce(bool_or(line_code = '{{ line }}'), false) as {{ line }}_is_printed,
            coalesce(
                max(case when line_code = '{{ line }}' then rounding_unit_wan_yuan end), 0
            ) as {{ line }}_rounding_unit_wan_yuan,
            min(case when line_code = '{{ line }}' then source_line end) as {{ line }}_source_line
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from fund_lines
    group by document_id, region_code, scope, fiscal_year, phase_code, fund_code

),

final as (

    select
        pivoted.*,
        cast(
            coalesce(pivoted.income_total_wan_yuan, 0)
            - coalesce(pivoted.expenditure_total_wan_yuan, 0)
            as decimal(24, 6)
        ) as surplus_computed_wan_yuan,
        {{ rounding_tolerance(
            'income_total_rounding_unit_wan_yuan + expenditure_total_rounding_unit_wan_yuan'
        ) }} as surplus_tolerance_wan_yuan,
        cast(
            case
                when pivoted.income_subtotal_is_printed
                    then coalesce(pivoted.income_subtotal_wan_yuan, 0)
                        - coalesce(pivoted.income_premium_wan_yuan, 0)
                        - coalesce(pivoted.income_interest_wan_yuan, 0)
                        - coalesce(pivoted.income_subsidy_wan_yuan, 0)
                when pivoted.income_total_is_printed
                    then coalesce(pivoted.income_total_wan_yuan, 0)
                        - coalesce(pivoted.income_from_higher_level_wan_yuan, 0)
                        - coalesce(pivoted.income_from_lower_level_wan_yuan, 0)
                        - coalesce(pivoted.income_central_adjustment_wan_yuan, 0)
                        - coalesce(pivoted.income_premium_wan_yuan, 0)
                        - coalesce(pivoted.income_interest_wan_yuan, 0)
                        - coalesce(pivoted.income_subsidy_wan_yuan, 0)
            end as decimal(24, 6)
        ) as income_other_wan_yuan,
        cast(
            case
                when pivoted.expenditure_subtotal_is_printed
                    then coalesce(pivoted.expenditure_subtotal_wan_yuan, 0)
                        - coalesce(pivoted.expenditure_benefit_wan_yuan, 0)
                when pivoted.expenditure_total_is_printed
                    then coalesce(pivoted.expenditure_total_wan_yuan, 0)
                        - coalesce(pivoted.expenditure_to_lower_level_wan_yuan, 0)
                        - coalesce(pivoted.expenditure_to_higher_level_wan_yuan, 0)
                        - coalesce(pivoted.expenditure_central_adjustment_wan_yuan, 0)
                        - coalesce(pivoted.expenditure_benefit_wan_yuan, 0)
            end as decimal(24, 6)
        ) as expenditure_other_wan_yuan,
        cast(
            case
                when pivoted.closing_balance_is_printed
                    then coalesce(pivoted.closing_balance_wan_yuan, 0)
                        - coalesce(pivoted.surplus_wan_yuan, 0)
            end as decimal(24, 6)
        ) as implied_opening_balance_wan_yuan,
        row_number() over (
            partition by
                pivoted.region_code,
                pivoted.scope,
                pivoted.fiscal_year,
                pivoted.phase_code,
                pivoted.fund_code
            order by pivoted.is_own_document desc, pivoted.document_id asc
        ) as fund_year_rank
    from pivoted

)

select * from final
