with

source as (

    select * from {{ source('disclosures', 'table_cells') }}
    where value_kind = 'amount'

),

units as (

    select * from {{ ref('units') }}

),

typed as (

    select
        document_id,
        attachment_label,
        table_code,
        table_title,
        unit_text,
        {{ text_to("source_line", 'integer') }} as source_line,
        row_label,
        nullif(trim(fund_header_label), '') as fund_header_label,
        {{ text_to("nullif(trim(fund_header_line), '')", 'integer') }} as fund_header_line,
        nullif(trim(fund_column_label), '') as fund_column_label,
        value_header,
        {{ text_to("fiscal_year", 'integer') }} as fiscal_year,
        phase as phase_code,
        amount_text,
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
