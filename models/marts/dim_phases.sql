with

phases as (

    select * from {{ ref('phases') }}

),

final as (

    select
        phase_code,
        phase_name_zh,
        phase_name_en,
        cast(display_order as integer) as display_order,
        comparison_role,
        cast(expected_every_year as boolean) as expected_every_year,
        phase_kind,
        cast(period_start_month as integer) as period_start_month,
        cast(period_end_month as integer) as period_end_month,
        {{ build_id() }} as build_id
    from phases

)

select * from final
