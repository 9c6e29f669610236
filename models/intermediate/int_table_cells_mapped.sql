{#- Maps every printed cell to (fund, line) by its label text within its fund block: the fund
    from the column's header where the funds are columns, else from the block's header label
    (the row itself for a header, the header above it for an "of which" row), by the longest
    fund name or alias the label contains; the line by the
    line catalogue's label pattern, matched against what follows the fund name (headers) or
    against the whole label (parts). The prefixes of seed label_prefixes (其中 and the ordinals
    一、 (一) 1.) are stripped first; positions are never used. Each distinct label (table, year,
    fund column, block header, row label) is mapped once and its mapping joined back to its
    cells: a national build prints a few hundred labels on millions of cells. -#}
with

cells as (

    select * from {{ ref('stg_disclosures__table_cells') }}

),

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

fund_aliases as (

    select * from {{ ref('int_fund_aliases') }}

),

lines as (

    select * from {{ ref('lines') }}

),

label_keys as (

    select distinct
        table_code,
        fiscal_year,
        fund_column_label,
        fund_header_label,
        row_label
    from cells

),

labelled as (

    select
        *,
        {{ strip_label_prefixes(
            'coalesce(fund_column_label, fund_header_label, row_label)'
        ) }} as fund_label_core,
        {{ strip_label_prefixes('row_label') }} as row_label_core,
        fund_header_label is not null as is_part_row
    from label_keys

),

fund_candidates as (

    {{ fund_alias_candidates(
        'labelled',
        ['table_code', 'fiscal_year', 'fund_column_label', 'fund_header_label', 'row_label'],
        'fund_label_core'
    ) }}

),

fund_matched as (

    select
        labelled.*,
        fund_candidates.fund_code,
        coalesce(fund_candidates.is_ambiguous, false) as is_fund_ambiguous,
        case
            when labelled.is_part_row then labelled.row_label_core
            -- funds as columns: the fund is the column's, the row label is the line
            when labelled.fund_column_label is not null then labelled.row_label_core
            else substr(
                    labelled.fund_label_core,
                    position(fund_candidates.alias_zh in labelled.fund_label_core)
                    + length(fund_candidates.alias_zh)
                )
        end as line_label
    from labelled
    left join fund_candidates
        on
            labelled.table_code is not distinct from fund_candidates.table_code
            and labelled.fiscal_year is not distinct from fund_candidates.fiscal_year
            and labelled.fund_column_label is not distinct from fund_candidates.fund_column_label
            and labelled.fund_header_label is not distinct from fund_candidates.fund_header_label
            and labelled.row_label is not distinct from fund_candidates.row_label
            and fund_candidates.alias_rank = 1

),

line_matches as (

    select
        fund_matched.table_code,
        fund_matched.fiscal_year,
        fund_matched.fund_column_label,
        fund_matched.fund_header_label,
        fund_matched.row_label,
        min(lines.line_code) as line_code,
        count(*) as matching_lines
    from fund_matched
    inner join lines
        on
            fund_matched.table_code = lines.table_code
            and lines.line_role = case when fund_matched.is_part_row then 'part' else 'total' end
            and {{ matches_whole('fund_matched.line_label', 'lines.label_pattern') }}
    group by
        fund_matched.table_code,
        fund_matched.fiscal_year,
        fund_matched.fund_column_label,
        fund_matched.fund_header_label,
        fund_matched.row_label

),

label_mappings as (

    select
        fund_matched.table_code,
        fund_matched.fiscal_year,
        fund_matched.fund_column_label,
        fund_matched.fund_header_label,
        fund_matched.row_label,
        fund_matched.is_part_row,
        fund_matched.fund_code,
        line_matches.line_code,
        case
            when fund_matched.fund_code is null then 'no fund or total name in the label'
            when fund_matched.is_fund_ambiguous then 'label names two funds'
            when line_matches.line_code is null then 'no line pattern matches the label'
            when line_matches.matching_lines > 1 then 'label matches several lines'
            else 'mapped'
        end as mapping_status
    from fund_matched
    left join line_matches
        on
            fund_matched.table_code is not distinct from line_matches.table_code
            and fund_matched.fiscal_year is not distinct from line_matches.fiscal_year
            and fund_matched.fund_column_label is not distinct from line_matches.fund_column_label
            and fund_matched.fund_header_label is not distinct from line_matches.fund_header_label
            and fund_matched.row_label is not distinct from line_matches.row_label

),

final as (

    select
        cells.document_id,
        documents.region_code,
        documents.scope,
        cells.fiscal_year,
        cells.phase_code,
        cells.table_code,
        label_mappings.fund_code,
        label_mappings.line_code,
        cells.attachment_label,
        cells.table_title,
        cells.source_file,
        cells.source_line,
        cells.source_place,
        cells.row_label,
        cells.fund_header_label,
        cells.fund_header_line,
        cells.fund_column_label,
        label_mappings.is_part_row,
        cells.value_header,
        cells.unit_text,
        cells.unit_code,
        cells.wan_yuan_per_unit,
        cells.amount_text,
        cells.amount_status,
        cells.is_blank,
        cells.amount_wan_yuan,
        cells.rounding_unit_wan_yuan,
        label_mappings.mapping_status,
        row_number() over (
            partition by
                cells.document_id,
                cells.fiscal_year,
                cells.phase_code,
                label_mappings.fund_code,
                label_mappings.line_code
            order by
                cells.value_header is not distinct from cells.fund_column_label,
                cells.source_line,
                cells.source_place,
                cells.value_header
        ) as printing_rank
    from cells
    inner join label_mappings
        on
            cells.table_code is not distinct from label_mappings.table_code
            and cells.fiscal_year is not distinct from label_mappings.fiscal_year
            and cells.fund_column_label is not distinct from label_mappings.fund_column_label
            and cells.fund_header_label is not distinct from label_mappings.fund_header_label
            and cells.row_label is not distinct from label_mappings.row_label
    left join documents
        on cells.document_id = documents.document_id

)

select * from final
