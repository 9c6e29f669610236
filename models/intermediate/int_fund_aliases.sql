{#- One row per name a fund goes by in disclosures (name and aliases from seed funds), plus the
    label text of the all-funds total (variable total_label_aliases_zh). -#}
with

funds as (

    select * from {{ ref('funds') }}

),

fund_names as (

    select
        funds.fund_code,
        unnest(
            string_split(funds.fund_name_zh || '|' || coalesce(funds.fund_aliases_zh, ''), '|')
        ) as alias_zh
    from funds

),

total_names as (

    select
        'total' as fund_code,
        unnest(string_split('{{ var("total_label_aliases_zh") }}', '|')) as alias_zh

),

final as (

    select * from fund_names
    where alias_zh <> ''
    union all
    select * from total_names

)

select * from final
