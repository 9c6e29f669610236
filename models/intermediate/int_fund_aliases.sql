{#- One row per name a fund goes by in disclosures, with the fiscal years it is used in (seed
    fund_names: a fund renamed by a reform keeps its old names for the years they were used),
    plus the label texts of the all-funds total (seed total_labels, every year). What labels are
    matched against. -#}
with

fund_names as (

    select * from {{ ref('fund_names') }}

),

total_labels as (

    select * from {{ ref('total_labels') }}

),

final as (

    select
        fund_code,
        name_zh as alias_zh,
        cast(first_fiscal_year as integer) as first_fiscal_year,
        cast(last_fiscal_year as integer) as last_fiscal_year
    from fund_names

    union all

    select
        'total' as fund_code,
        label_zh as alias_zh,
        0 as first_fiscal_year,
        9999 as last_fiscal_year
    from total_labels

)

select * from final
