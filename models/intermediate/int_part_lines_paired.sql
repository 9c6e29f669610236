{#- One row per printed "of which" figure (a part line, seed lines) beside the printed figure of
    its total line for the same document, year, phase and fund: what the parts rules compare. -#}
with

cells as (

    select * from {{ ref('int_table_cells_mapped') }}
    where mapping_status = 'mapped'

),

lines as (

    select * from {{ ref('lines') }}

),

final as (

    select
        parts.document_id,
        parts.region_code,
        parts.scope,
        parts.fiscal_year,
        parts.phase_code,
        parts.table_code,
        parts.fund_code,
        parts.line_code,
        lines.parent_line_code,
        parts.amount_wan_yuan,
        parts.is_blank,
        parts.rounding_unit_wan_yuan,
        parts.source_line,
        totals.amount_wan_yuan as total_wan_yuan,
        totals.is_blank as total_is_blank,
        totals.source_line as total_source_line
    from cells as parts
    inner join lines
        on parts.line_code = lines.line_code and lines.line_role = 'part'
    inner join cells as totals
        on
            parts.document_id = totals.document_id
            and parts.fiscal_year = totals.fiscal_year
            and parts.phase_code = totals.phase_code
            and parts.fund_code = totals.fund_code
            and lines.parent_line_code = totals.line_code

)

select * from final
