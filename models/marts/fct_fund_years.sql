with

fund_years as (

    select * from {{ ref('int_fund_years_pivoted') }}
    where fund_year_rank = 1

),

final as (

    select
        region_code,
        scope,
        fiscal_year,
        phase_code,
        fund_code,
        fund_code = 'total' as is_total,
        document_id,
        opening_balance_wan_yuan,
        income_total_wan_yuan as income_wan_yuan,
        income_subtotal_wan_yuan,
        income_premium_wan_yuan,
        income_interest_wan_yuan,
        income_subsidy_wan_yuan,
        income_other_wan_yuan,
        income_from_higher_level_wan_yuan,
        income_from_lower_level_wan_yuan,
        income_central_adjustment_wan_yuan,
        expenditure_total_wan_yuan as expenditure_wan_yuan,
        expenditure_subtotal_wan_yuan,
        expenditure_benefit_wan_yuan,
        expenditure_other_wan_yuan,
        expenditure_to_lower_level_wan_yuan,
        expenditure_to_higher_level_wan_yuan,
        expenditure_central_adjustment_wan_yuan,
        surplus_wan_yuan as surplus_printed_wan_yuan,
        surplus_computed_wan_yuan,
        cast(
            surplus_computed_wan_yuan - coalesce(surplus_wan_yuan, 0) as decimal(24, 6)
        ) as surplus_difference_wan_yuan,
        closing_balance_wan_yuan,
        implied_opening_balance_wan_yuan,
        {{ exact_ratio(
            '12 * coalesce(closing_balance_wan_yuan, 0)', 'expenditure_total_wan_yuan', 2
        ) }} as months_of_payment,
        {{ exact_ratio('coalesce(income_subsidy_wan_yuan, 0)', 'income_total_wan_yuan', 4) }}
            as subsidy_dependence,
        {{ exact_ratio(
            'coalesce(income_premium_wan_yuan, 0)', 'expenditure_total_wan_yuan', 4
        ) }} as contribution_coverage,
        {{ exact_ratio(
            'coalesce(expenditure_benefit_wan_yuan, 0)', 'expenditure_total_wan_yuan', 4
        ) }} as benefit_share,
        {{ build_id() }} as build_id
    from fund_years

)

select * from final
