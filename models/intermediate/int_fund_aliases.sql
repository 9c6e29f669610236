{#- One row per name a fund goes by in disclosures (name and aliases from seed funds), plus the
    label texts of the all-funds total (seed total_labels). -#}
with

funds as (

    select * from {{ ref('funds') }}

),

total_labels as (

    select * from {{ ref('total_labels') }}

),

fund_names as (

    select
        funds.fund_code,
        unnest(
            string_to_array(
                funds.fund_name_zh || '|' || coalesce(funds.fund_aliases_zh, ''), '|'
            )
        ) as alias_zh
    from funds

),

total_names as (

    select
        'total' as fund_code,
        total_labels.label_zh as alias_zh
    from total_labels

),

final as (

    select * from fund_names
    where alias_zh <> ''
    union all
    select * from total_names

)

select * from final
