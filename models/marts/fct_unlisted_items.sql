with

unlisted_items as (

    select * from {{ ref('int_unlisted_items_placed') }}
    where placement_status = 'unlisted item' and item_printing_rank = 1

),

final as (

    select
        region_code,
        scope,
        fiscal_year,
        phase_code,
        fund_code,
        table_code,
        parent_line_code,
        parent_row_label,
        item_label,
        amount_wan_yuan,
        is_blank,
        amount_text,
        unit_text,
        document_id,
        attachment_label,
        source_line,
        {{ printed_place('source_place', 'source_line') }} as source_place,
        row_label,
        value_header,
        {{ build_id() }} as build_id
    from unlisted_items

)

select * from final
