{#- surplus_identity: the printed current-year surplus equals income minus expenditure (DOMAIN
    identity 2), per fund and in total, within half the rounding unit of each of the two. The
    arithmetic is int_fund_years_pivoted's, written once. -#}
with

fund_years as (

    select * from {{ ref('int_fund_years_pivoted') }}

),

printed_surpluses as (

    select
        *,
        concat_ws(
            ', ',
            {{ as_text('income_total_source_line') }},
            {{ as_text('expenditure_total_source_line') }},
            {{ as_text('surplus_source_line') }}
        ) as source_lines
    from fund_years
    where surplus_is_printed and (income_total_is_printed or expenditure_total_is_printed)

),

final as (

    {{ rule_findings(
        'printed_surpluses',
        rule_id='surplus_identity',
        table_code="'balance'",
        line_code="'surplus'",
        expected='coalesce(surplus_wan_yuan, 0)',
        actual='surplus_computed_wan_yuan',
        tolerance='surplus_tolerance_wan_yuan',
        has_blank_terms='income_total_is_blank or expenditure_total_is_blank or surplus_is_blank',
        source_lines='source_lines',
    ) }}

)

select * from final
