with

source as (

    select * from {{ source('disclosures', 'performance_targets') }}

),

final as (

    select
        document_id,
        {{ text_to("source_line", 'integer') }} as source_line,
        level_1_indicator,
        level_2_indicator,
        level_3_indicator,
        target_text,
        target_operator,
        {{ text_to("nullif(target_low, '')", 'decimal(24, 6)') }} as target_low,
        {{ text_to("nullif(target_high, '')", 'decimal(24, 6)') }} as target_high,
        nullif(target_unit, '') as target_unit,
        {{ text_to("fiscal_year", 'integer') }} as fiscal_year,
        nullif(trim(source_place), '') as source_place,
        source_file
    from source

)

select * from final
