with

source as (

    select * from {{ source('disclosures', 'performance_targets') }}

),

final as (

    select
        document_id,
        try_cast(source_line as integer) as source_line,
        level_1_indicator,
        level_2_indicator,
        level_3_indicator,
        target_text,
        target_operator,
        try_cast(nullif(target_low, '') as decimal(24, 6)) as target_low,
        try_cast(nullif(target_high, '') as decimal(24, 6)) as target_high,
        nullif(target_unit, '') as target_unit,
        try_cast(fiscal_year as integer) as fiscal_year,
        source_file
    from source

)

select * from final
