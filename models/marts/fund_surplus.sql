{{ config(materialized='view') }}

with

fund_years as (

    select * from {{ ref('fct_fund_years') }}

),

funds as (

    select * from {{ ref('dim_funds') }}

),

final as (

    select
        fund_years.region_code,
        fund_years.scope,
        fund_years.fiscal_year,
        fund_years.phase_code,
        fund_years.fund_code,
        funds.fund_name_zh,
        funds.fund_name_en,
        fund_years.is_total,
        funds.display_order,
        fund_years.income_wan_yuan,
        fund_years.expenditure_wan_yuan,
        fund_years.surplus_printed_wan_yuan,
        fund_years.surplus_computed_wan_yuan,
        fund_years.surplus_difference_wan_yuan,
        fund_years.closing_balance_wan_yuan,
        fund_years.document_id,
        fund_years.build_id
    from fund_years
    inner join funds
        on fund_years.fund_code = funds.fund_code

)

select * from final
