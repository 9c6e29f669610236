{#- opening_plus_surplus_is_closing: within one document, the opening balance printed beside the
    year's figures plus the year's surplus is the year-end balance (期初余额 + 本年收支结余 =
    年末滚存结余; the official forms print all three), per fund and in total, for every value column
    that has them. The surplus as printed, else as computed (income − expenditure); within half
    the rounding unit of each term. -#}
with

fund_years as (

    select * from {{ ref('int_fund_years_pivoted') }}

),

balances as (

    select
        *,
        case
            when surplus_is_printed then coalesce(surplus_wan_yuan, 0)
            else surplus_computed_wan_yuan
        end as surplus_used_wan_yuan,
        case
            when surplus_is_printed then surplus_rounding_unit_wan_yuan
            else income_total_rounding_unit_wan_yuan + expenditure_total_rounding_unit_wan_yuan
        end as surplus_used_rounding_unit_wan_yuan,
        concat_ws(
            ', ',
            {{ as_text('opening_balance_source_line') }},
            {{ as_text('surplus_source_line') }},
            {{ as_text('closing_balance_source_line') }}
        ) as source_lines
    from fund_years
    where opening_balance_is_printed and closing_balance_is_printed

),

final as (

    {{ rule_findings(
        'balances',
        rule_id='opening_plus_surplus_is_closing',
        table_code="'balance'",
        line_code="'closing_balance'",
        expected='coalesce(closing_balance_wan_yuan, 0)',
        actual='coalesce(opening_balance_wan_yuan, 0) + surplus_used_wan_yuan',
        tolerance=rounding_tolerance(
            'opening_balance_rounding_unit_wan_yuan + surplus_used_rounding_unit_wan_yuan'
            ~ ' + closing_balance_rounding_unit_wan_yuan'
        ),
        has_blank_terms='opening_balance_is_blank or closing_balance_is_blank or surplus_is_blank',
        source_lines='source_lines',
    ) }}

)

select * from final
