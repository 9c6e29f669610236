with

scopes as (

    select * from {{ ref('scopes') }}

),

final as (

    select
        scope_code,
        scope_name_zh,
        scope_name_en,
        cast(display_order as integer) as display_order,
        {{ build_id() }} as build_id
    from scopes

)

select * from final
