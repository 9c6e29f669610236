{#- One row per printed "of which" figure (a part line of seed lines) beside the printed figure of
    its nearest printed ancestor line for the same document, year, phase and fund: its parent
    (保险费收入 under 收入小计), or its parent's parent where the parent is not printed (保险费收入
    under 收入合计 in a table without a subtotal); and one per unlisted item (an item the
    catalogue does not list, int_unlisted_items_placed: item_label set, line_code null) beside
    the line its numbering puts it under. What the parts rules compare. -#}
with

cells as (

    select * from {{ ref('int_fund_figures') }}

),

unlisted_items as (

    select * from {{ ref('int_unlisted_items_placed') }}
    where
        placement_status = 'unlisted item'
        and item_printing_rank = 1
        and parent_line_code is not null

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
        {{ as_text('null') }} as item_label,
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

items_paired as (

    select
        items.document_id,
        items.region_code,
        items.scope,
        items.fiscal_year,
        items.phase_code,
        items.table_code,
        items.fund_code,
        {{ as_text('null') }} as line_code,
        items.item_label,
        items.amount_wan_yuan,
        items.is_blank,
        items.rounding_unit_wan_yuan,
        items.source_line,
        items.parent_line_code,
        parents.amount_wan_yuan as total_wan_yuan,
        parents.is_blank as total_is_blank,
        parents.source_line as total_source_line,
        parents.rounding_unit_wan_yuan as total_rounding_unit_wan_yuan
    from unlisted_items as items
    inner join cells as parents
        on
            items.document_id = parents.document_id
            and items.fiscal_year = parents.fiscal_year
            and items.phase_code = parents.phase_code
            and items.fund_code = parents.fund_code
            and items.parent_line_code = parents.line_code

),

final as (

    select * from paired
    where parent_line_code is not null
    union all
    select * from items_paired

)

select * from final
