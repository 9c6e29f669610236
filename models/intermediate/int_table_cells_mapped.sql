{#- Maps every printed cell to (fund, line) by its label text within its fund block: the fund
    from the column's header where the funds are columns, else from the block's header label
    (the row itself for a header, the header above it for an "of which" row), by the longest
    fund name or alias the label contains; the line by the
    line catalogue's label pattern, matched against what follows the fund name (headers) or
    against the whole label (parts). The prefixes of seed label_prefixes (其中 and the ordinals
    一、 (一) 1.) are stripped first; positions are never used. -#}
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

labelled as (

    select
        *,
        {{ strip_label_prefixes(
            'coalesce(fund_column_label, fund_header_label, row_label)'
        ) }} as fund_label_core,
        {{ strip_label_prefixes('row_label') }} as row_label_core,
        fund_header_label is not null as is_part_row
    from cells

),

fund_candidates as (

    {{ fund_alias_candidates(
        'labelled', ['document_id', 'source_line', 'value_header'], 'fund_label_core'
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
                    strpos(labelled.fund_label_core, fund_candidates.alias_zh)
                    + length(fund_candidates.alias_zh)
                )
        end as line_label
    from labelled
    left join fund_candidates
        on
            labelled.document_id = fund_candidates.document_id
            and labelled.source_line = fund_candidates.source_line
            and labelled.value_header = fund_candidates.value_header
            and fund_candidates.alias_rank = 1

),

line_candidates as (

    select
        fund_matched.document_id,
        fund_matched.source_line,
        fund_matched.value_header,
        min(lines.line_code) as line_code,
        count(*) as matching_lines
    from fund_matched
    inner join lines
        on
            fund_matched.table_code = lines.table_code
            and lines.line_role = case when fund_matched.is_part_row then 'part' else 'total' end
            and {{ matches_whole('fund_matched.line_label', 'lines.label_pattern') }}
    group by fund_matched.document_id, fund_matched.source_line, fund_matched.value_header

),

final as (

    select
        fund_matched.document_id,
        documents.region_code,
        documents.scope,
        fund_matched.fiscal_year,
        fund_matched.phase_code,
        fund_matched.table_code,
        fund_matched.fund_code,
        line_candidates.line_code,
        fund_matched.attachment_label,
        fund_matched.table_title,
        fund_matched.source_file,
        fund_matched.source_line,
        fund_matched.source_place,
        fund_matched.row_label,
        fund_matched.fund_header_label,
        fund_matched.fund_header_line,
        fund_matched.fund_column_label,
        fund_matched.is_part_row,
        fund_matched.value_header,
        fund_matched.unit_text,
        fund_matched.unit_code,
        fund_matched.wan_yuan_per_unit,
        fund_matched.amount_text,
        fund_matched.amount_status,
        fund_matched.is_blank,
        fund_matched.amount_wan_yuan,
        fund_matched.rounding_unit_wan_yuan,
        case
            when fund_matched.fund_code is null then 'no fund or total name in the label'
            when fund_matched.is_fund_ambiguous then 'label names two funds'
            when line_candidates.line_code is null then 'no line pattern matches the label'
            when line_candidates.matching_lines > 1 then 'label matches several lines'
            else 'mapped'
        end as mapping_status
    from fund_matched
    left join line_candidates
        on
            fund_matched.document_id = line_candidates.document_id
            and fund_matched.source_line = line_candidates.source_line
            and fund_matched.value_header = line_candidates.value_header
    left join documents
        on fund_matched.document_id = documents.document_id

)

select * from final
