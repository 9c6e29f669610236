with

funds as (

    select * from {{ ref('funds') }}

),

fund_aliases as (

    select * from {{ ref('int_fund_aliases') }}

),

other_names as (

    -- every other name a fund goes by (seed fund_names), and the total's labels
    select
        fund_aliases.fund_code,
        {{ text_agg('fund_aliases.alias_zh', "'|'", distinct=true) }} as fund_aliases_zh
    from fund_aliases
    left join funds
        on fund_aliases.fund_code = funds.fund_code
    where fund_aliases.alias_zh <> coalesce(funds.fund_name_zh, '')
    group by fund_aliases.fund_code

),

fund_members as (

    select
        funds.fund_code,
        funds.fund_name_zh,
        other_names.fund_aliases_zh,
        funds.fund_name_en,
        funds.fund_group,
        cast(funds.display_order as integer) as display_order,
        false as is_total
    from funds
    left join other_names
        on funds.fund_code = other_names.fund_code

),

total_member as (

    select
        'total' as fund_code,
        '社会保险基金合计' as fund_name_zh,
        fund_aliases_zh,
        'All social insurance funds (total)' as fund_name_en,
        'total' as fund_group,
        0 as display_order,
        true as is_total
    from other_names
    where fund_code = 'total'

),

members as (

    select * from fund_members
    union all
    select * from total_member

),

final as (

    select
        *,
        {{ build_id() }} as build_id
    from members

)

select * from final
