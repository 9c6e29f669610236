with

source as (

    select * from {{ source('disclosures', 'narrative_figures') }}

),

units as (

    select * from {{ ref('units') }}

),

typed as (

    select
        document_id,
        statement_source,
        {{ text_to("source_line", 'integer') }} as source_line,
        nullif(trim(section_label), '') as section_label,
        figure_label,
        amount_text,
        unit_text,
        {{ text_to("fiscal_year", 'integer') }} as fiscal_year,
        phase as phase_code,
        {{ printed_amount_status('amount_text') }} as amount_status,
        {{ parse_printed_amount('amount_text') }} as amount_printed_unit,
        {{ printed_rounding_unit('amount_text') }} as rounding_unit_printed_unit,
        source_file
    from source

),

final as (

    select
        typed.*,
        units.unit_code,
        units.wan_yuan_per_unit,
        typed.amount_status in ('blank', 'dash') as is_blank,
        cast(
            typed.amount_printed_unit * units.wan_yuan_per_unit as decimal(24, 6)
        ) as amount_wan_yuan,
        cast(
            typed.rounding_unit_printed_unit * units.wan_yuan_per_unit as decimal(24, 6)
        ) as rounding_unit_wan_yuan
    from typed
    left join units
        on typed.unit_text = units.unit_text

)

select * from final
