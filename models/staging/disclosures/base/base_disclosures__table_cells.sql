-- Every row of every table_cells.csv, as text, read from the files once: the amount rows and
-- the printed-check rows are split from here (a second glob read cost 42 s at national scale).
with

source as (

    select * from {{ source('disclosures', 'table_cells') }}

),

final as (

    select
        document_id,
        attachment_label,
        table_code,
        table_title,
        unit_text,
        source_line,
        row_label,
        fund_header_label,
        fund_header_line,
        fund_column_label,
        value_header,
        value_kind,
        fiscal_year,
        phase,
        amount_text,
        source_place,
        source_file
    from source

)

select * from final
