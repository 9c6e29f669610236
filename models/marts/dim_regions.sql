with

regions as (

    select * from {{ ref('regions') }}

),

final as (

    select
        region_code,
        region_name_zh,
        region_short_name_zh,
        region_name_en,
        region_level,
        parent_region_code,
        {{ build_id() }} as build_id
    from regions

)

select * from final
