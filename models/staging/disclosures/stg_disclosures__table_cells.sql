with

source as (

    select * from {{ ref('base_disclosures__table_cells') }}
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
        {{ printed_amount_columns('amount_text') }},
        nullif(trim(source_place), '') as source_place,
        source_file
    from source

),

converted as (

    select
        typed.*,
        {{ amount_in_wan_yuan_columns('typed', 'units') }}
    from typed
    left join units
        on typed.unit_text = units.unit_text

),

final as (

    select
        *,
        {{ statement_rounding_unit(['document_id', 'table_code']) }} as rounding_unit_wan_yuan
    from converted

)

select * from final
