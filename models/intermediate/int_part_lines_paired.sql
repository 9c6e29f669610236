{#- One row per printed "of which" figure (a part line of seed lines) beside the printed figure of
    its nearest printed ancestor line for the same document, year, phase and fund: its parent
    (保险费收入 under 收入小计), or its parent's parent where the parent is not printed (保险费收入
    under 收入合计 in a table without a subtotal). What the parts rules compare. -#}
with

cells as (

    select * from {{ ref('int_fund_figures') }}

),

lines as (

    select * from {{ ref('lines') }}

),

lineage as (

    select
        lines.line_code,
        lines.parent_line_code,
        parents.parent_line_code as grandparent_line_code
    from lines
    left join lines as parents
        on lines.parent_line_code = parents.line_code
    where lines.line_role = 'part'

),

paired as (

    select
        parts.document_id,
        parts.region_code,
        parts.scope,
        parts.fiscal_year,
        parts.phase_code,
        parts.table_code,
        parts.fund_code,
        parts.line_code,
        parts.amount_wan_yuan,
        parts.is_blank,
        parts.rounding_unit_wan_yuan,
        parts.source_line,
        coalesce(parents.line_code, grandparents.line_code) as parent_line_code,
        coalesce(parents.amount_wan_yuan, grandparents.amount_wan_yuan) as total_wan_yuan,
        coalesce(parents.is_blank, grandparents.is_blank) as total_is_blank,
        coalesce(parents.source_line, grandparents.source_line) as total_source_line,
        coalesce(parents.rounding_unit_wan_yuan, grandparents.rounding_unit_wan_yuan)
            as total_rounding_unit_wan_yuan
    from cells as parts
    inner join lineage
        on parts.line_code = lineage.line_code
    left join cells as parents
        on
            parts.document_id = parents.document_id
            and parts.fiscal_year = parents.fiscal_year
            and parts.phase_code = parents.phase_code
            and parts.fund_code = parents.fund_code
            and lineage.parent_line_code = parents.line_code
    left join cells as grandparents
        on
            parts.document_id = grandparents.document_id
            and parts.fiscal_year = grandparents.fiscal_year
            and parts.phase_code = grandparents.phase_code
            and parts.fund_code = grandparents.fund_code
            and lineage.grandparent_line_code = grandparents.line_code

),

final as (

    select * from paired
    where parent_line_code is not null

)

select * from final
