{#- One row per printed cell that int_table_cells_mapped does not map to a line, placed where
    the printed numbering puts it. The official forms print items of their own (2.医疗补助金,
    3.丧葬补助金和抚恤金 under （一）支出小计): a cell whose label names its fund (or the total)
    but no line of the catalogue, and whose row is numbered (seed label_prefixes: 一、 level 1 >
    （一） 2 > 1. 3 > （1） 4) or opens with 其中, is an unlisted item of the row it sits under:
    the nearest row above it in the same table at a shallower level (a row without a numbering
    is level 0; an of-which row sits under the nearest row above it that is not one). Its
    parent line is that row's line (null when that row is an unlisted item too). Every other
    cell here keeps the status int_table_cells_mapped gave it and fails rule label_mapped: a
    label is never placed by its position alone. -#}
with

cells as (

    select * from {{ ref('int_table_cells_mapped') }}

),

label_prefixes as (

    select * from {{ ref('label_prefixes') }}

),

unmapped as (

    select * from cells
    where mapping_status != 'mapped'

),

printed_tables as (

    -- the table printings with an unmapped cell: a few, where every other row is mapped
    select distinct
        document_id,
        attachment_label,
        table_title
    from unmapped

),

printed_rows as (

    select distinct
        cells.document_id,
        cells.attachment_label,
        cells.table_title,
        cells.source_line,
        {{ regex_replace_all('cells.row_label', regex_literal('\\s'), "''") }} as compact_label
    from cells
    inner join printed_tables
        on
            cells.document_id = printed_tables.document_id
            and cells.attachment_label is not distinct from printed_tables.attachment_label
            and cells.table_title is not distinct from printed_tables.table_title

),

row_prefixes as (

    select
        printed_rows.document_id,
        printed_rows.attachment_label,
        printed_rows.table_title,
        printed_rows.source_line,
        coalesce(
            bool_or(
                label_prefixes.numbering_level is null
                and label_prefixes.prefix_code is not null
            ),
            false
        ) as is_of_which,
        coalesce(max(label_prefixes.numbering_level), 0) as numbering_level
    from printed_rows
    left join label_prefixes
        on {{ regex_matches(
            'printed_rows.compact_label', "('^(?:' || label_prefixes.pattern || ')')"
        ) }}
    group by
        printed_rows.document_id,
        printed_rows.attachment_label,
        printed_rows.table_title,
        printed_rows.source_line

),

parent_rows as (

    select
        items.document_id,
        items.attachment_label,
        items.table_title,
        items.source_line,
        max(above.source_line) as parent_source_line
    from row_prefixes as items
    inner join row_prefixes as above
        on
            items.document_id = above.document_id
            and items.attachment_label is not distinct from above.attachment_label
            and items.table_title is not distinct from above.table_title
            and items.source_line > above.source_line
            and not above.is_of_which
            and (items.is_of_which or items.numbering_level > above.numbering_level)
    where items.is_of_which or items.numbering_level > 0
    group by
        items.document_id,
        items.attachment_label,
        items.table_title,
        items.source_line

),

placed as (

    select
        unmapped.document_id,
        unmapped.region_code,
        unmapped.scope,
        unmapped.fiscal_year,
        unmapped.phase_code,
        unmapped.table_code,
        unmapped.fund_code,
        unmapped.attachment_label,
        unmapped.table_title,
        unmapped.source_file,
        unmapped.source_line,
        unmapped.source_place,
        unmapped.row_label,
        unmapped.fund_column_label,
        unmapped.value_header,
        unmapped.unit_text,
        unmapped.amount_text,
        unmapped.is_blank,
        unmapped.amount_wan_yuan,
        unmapped.rounding_unit_wan_yuan,
        unmapped.mapping_status,
        parent_rows.parent_source_line,
        parents.row_label as parent_row_label,
        parents.line_code as parent_line_code,
        case
            when
                unmapped.mapping_status = 'no line pattern matches the label'
                and parents.mapping_status in ('mapped', 'no line pattern matches the label')
                then 'unlisted item'
            when unmapped.mapping_status = 'no line pattern matches the label'
                then 'no line pattern matches the label, and no numbering places it under a row'
            else unmapped.mapping_status
        end as placement_status,
        {{ strip_label_prefixes('unmapped.row_label') }} as item_label
    from unmapped
    left join parent_rows
        on
            unmapped.document_id = parent_rows.document_id
            and unmapped.attachment_label is not distinct from parent_rows.attachment_label
            and unmapped.table_title is not distinct from parent_rows.table_title
            and unmapped.source_line = parent_rows.source_line
    left join cells as parents
        on
            unmapped.document_id = parents.document_id
            and unmapped.attachment_label is not distinct from parents.attachment_label
            and unmapped.table_title is not distinct from parents.table_title
            and unmapped.value_header is not distinct from parents.value_header
            and unmapped.fund_code is not distinct from parents.fund_code
            and parent_rows.parent_source_line = parents.source_line

),

final as (

    select
        *,
        row_number() over (
            partition by
                document_id,
                fiscal_year,
                phase_code,
                fund_code,
                parent_line_code,
                case when parent_line_code is null then parent_row_label end,
                item_label
            order by
                value_header is not distinct from fund_column_label,
                source_line,
                source_place,
                value_header
        ) as item_printing_rank
    from placed

)

select * from final
