with

funds as (

    select * from {{ ref('funds') }}

),

total_labels as (

    select * from {{ ref('total_labels') }}

),

fund_members as (

    select
        fund_code,
        fund_name_zh,
        fund_aliases_zh,
        fund_name_en,
        fund_group,
        cast(display_order as integer) as display_order,
        false as is_total
    from funds

),

total_member as (

    select
        'total' as fund_code,
        '社会保险基金合计' as fund_name_zh,
        string_agg(total_labels.label_zh, '|' order by total_labels.label_zh) as fund_aliases_zh,
        'All social insurance funds (total)' as fund_name_en,
        'total' as fund_group,
        0 as display_order,
        true as is_total
    from total_labels

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
