with

figures as (

    select * from {{ ref('int_fund_figures') }}
    where restatement_rank = 1

),

final as (

    select
        region_code,
        scope,
        fiscal_year,
        phase_code,
        fund_code,
        line_code,
        table_code,
        statement_source,
        amount_wan_yuan,
        is_blank,
        amount_text,
        unit_text,
        document_id,
        attachment_label,
        source_line,
        {{ printed_place('source_place', 'source_line') }} as source_place,
        printed_label as row_label,
        value_header,
        {{ build_id() }} as build_id
    from figures

)

select * from final
