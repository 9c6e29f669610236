with

lines as (

    select * from {{ ref('lines') }}

),

final as (

    select
        line_code,
        table_code,
        line_role,
        parent_line_code,
        line_name_zh,
        line_name_en,
        sign_rule,
        cast(display_order as integer) as display_order,
        {{ build_id() }} as build_id
    from lines

)

select * from final
