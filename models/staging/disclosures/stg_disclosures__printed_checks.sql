with

source as (

    select * from {{ ref('base_disclosures__table_cells') }}
    where value_kind <> 'amount'

),

final as (

    select
        document_id,
        table_code,
        {{ text_to("source_line", 'integer') }} as source_line,
        row_label,
        fund_header_label,
        nullif(trim(fund_column_label), '') as fund_column_label,
        value_header,
        value_kind,
        unit_text,
        amount_text as printed_text,
        nullif(trim(source_place), '') as source_place,
        source_file
    from source

)

select * from final
