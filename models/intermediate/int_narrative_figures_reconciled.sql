{#- Maps each stated figure to fund (by its section heading, or its own label for the summary
    paragraph; the same fund names as the tables) and line (seed lines, narrative_label_pattern;
    a check such as 比上年增长5.2% takes the line of the figure it checks; the words between a
    line's name and its amount are read past, seed narrative_connectives: 收入预算为, 本年收入为,
    基金收入共计; a label that names a
    part and its total is the part; where a document states a fund's grand total, 收入总量, its
    bare 收入 is the subtotal: seed narrative_grand_totals), and sets each amount
    beside the table figure of the same document, fund, line, year and phase: read in its stated
    unit and in the table's, with the tolerance between them. -#}
with

figures as (

    select * from {{ ref('stg_disclosures__narrative_figures') }}

),

fund_aliases as (

    select * from {{ ref('int_fund_aliases') }}

),

lines as (

    select * from {{ ref('lines') }}

),

narrative_grand_totals as (

    select * from {{ ref('narrative_grand_totals') }}

),

narrative_connectives as (

    select * from {{ ref('narrative_connectives') }}

),

table_cells as (

    select * from {{ ref('int_table_cells_mapped') }}
    where mapping_status = 'mapped' and printing_rank = 1

),

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

connective_pattern as (

    -- one pattern: any of the connectives, repeated, at the end of a figure's words
    select
        '(' || {{ text_agg('pattern', "'|'", order_by=['-length(pattern)', 'pattern']) }} || ')+$'
            as connectives_at_end
    from narrative_connectives

),

labelled as (

    select
        figures.*,
        {{ regex_replace_all(
            'coalesce(figures.section_label, figures.figure_label)', regex_literal('\\s'), "''"
        ) }} as fund_label_core,
        regexp_replace(
            coalesce(figures.checked_label, figures.figure_label),
            connective_pattern.connectives_at_end,
            ''
        ) as line_label
    from figures
    cross join connective_pattern

),

fund_candidates as (

    {{ fund_alias_candidates('labelled', ['figure_id'], 'fund_label_core') }}

),

line_candidates as (

    -- a label that names a part and its total (…中央调剂基金收入: 中央调剂基金收入 and
    -- 基金收入) is the part
    select
        labelled.figure_id,
        min(lines.line_code) as line_code,
        count(*) as matching_lines,
        min(case when lines.line_role = 'part' then lines.line_code end) as part_line_code,
        count(case when lines.line_role = 'part' then 1 end) as matching_parts
    from labelled
    inner join lines
        on {{ regex_matches('labelled.line_label', 'lines.narrative_label_pattern') }}
    group by labelled.figure_id

),

fund_mapped as (

    select
        labelled.*,
        documents.region_code,
        documents.scope,
        case
            when not fund_candidates.is_ambiguous then fund_candidates.fund_code
        end as fund_code,
        case
            when line_candidates.matching_lines = 1 then line_candidates.line_code
            when line_candidates.matching_parts = 1 then line_candidates.part_line_code
        end as catalogue_line_code
    from labelled
    left join fund_candidates
        on
            labelled.figure_id = fund_candidates.figure_id
            and fund_candidates.alias_rank = 1
    left join line_candidates
        on labelled.figure_id = line_candidates.figure_id
    left join documents
        on labelled.document_id = documents.document_id

),

grand_totals_stated as (

    -- the funds of a document that state a grand total (收入总量: with the central adjustment
    -- fund), whose bare 收入 is then the subtotal (seed narrative_grand_totals)
    select distinct
        fund_mapped.document_id,
        fund_mapped.fund_code,
        narrative_grand_totals.total_line_code,
        narrative_grand_totals.subtotal_line_code
    from fund_mapped
    inner join narrative_grand_totals
        on
            {{ regex_matches('fund_mapped.figure_label', 'narrative_grand_totals.label_pattern') }}
            and fund_mapped.catalogue_line_code = narrative_grand_totals.total_line_code
    where fund_mapped.figure_kind = 'amount'

),

mapped as (

    select
        fund_mapped.*,
        case
            when
                grand_totals_stated.subtotal_line_code is not null
                and not exists (
                    select 1
                    from narrative_grand_totals
                    where
                        {{ regex_matches(
                            'fund_mapped.line_label', 'narrative_grand_totals.label_pattern'
                        ) }}
                )
                then grand_totals_stated.subtotal_line_code
            else fund_mapped.catalogue_line_code
        end as line_code
    from fund_mapped
    left join grand_totals_stated
        on
            fund_mapped.document_id = grand_totals_stated.document_id
            and fund_mapped.fund_code = grand_totals_stated.fund_code
            and fund_mapped.catalogue_line_code = grand_totals_stated.total_line_code

),

beside_tables as (

    select
        mapped.*,
        table_cells.amount_wan_yuan as table_amount_wan_yuan,
        table_cells.is_blank as table_is_blank,
        table_cells.unit_text as table_unit_text,
        table_cells.source_line as table_source_line,
        table_cells.source_place as table_source_place,
        table_cells.rounding_unit_wan_yuan as table_rounding_unit_wan_yuan,
        cast(
            mapped.amount_printed_unit * table_cells.wan_yuan_per_unit as decimal(24, 6)
        ) as amount_in_table_unit_wan_yuan
    from mapped
    left join table_cells
        on
            mapped.figure_kind = 'amount'
            and mapped.document_id = table_cells.document_id
            and mapped.fund_code = table_cells.fund_code
            and mapped.line_code = table_cells.line_code
            and mapped.fiscal_year = table_cells.fiscal_year
            and mapped.phase_code = table_cells.phase_code

),

with_tolerance as (

    select
        *,
        case
            when table_source_line is null then null
            when rounding_unit_wan_yuan = table_rounding_unit_wan_yuan
                then cast(0 as decimal(24, 6))
            else {{ rounding_tolerance('rounding_unit_wan_yuan + table_rounding_unit_wan_yuan') }}
        end as tolerance_wan_yuan
    from beside_tables

),

flagged as (

    select
        *,
        abs(coalesce(amount_wan_yuan, 0) - coalesce(table_amount_wan_yuan, 0))
        <= tolerance_wan_yuan as matches_in_stated_unit,
        coalesce(amount_in_table_unit_wan_yuan, 0) = coalesce(table_amount_wan_yuan, 0)
            as matches_in_table_unit
    from with_tolerance

),

final as (

    select
        figure_id,
        document_id,
        statement_source,
        source_line,
        source_place,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        fund_code,
        line_code,
        section_label,
        figure_label,
        figure_kind,
        checked_label,
        amount_text,
        unit_text,
        amount_status,
        amount_printed_unit,
        rounding_unit_printed_unit,
        wan_yuan_per_unit,
        amount_wan_yuan,
        amount_in_table_unit_wan_yuan,
        rounding_unit_wan_yuan,
        table_amount_wan_yuan,
        table_is_blank,
        table_unit_text,
        table_source_line,
        table_source_place,
        tolerance_wan_yuan,
        matches_in_stated_unit,
        matches_in_table_unit,
        case
            when figure_kind = 'percentage' then 'not_compared'
            when figure_kind <> 'amount' then 'check'
            when table_source_line is null then 'narrative_only'
            when matches_in_stated_unit and table_is_blank then 'zero_for_blank'
            when matches_in_stated_unit then 'matches'
            when matches_in_table_unit then 'unit_differs'
            else 'differs'
        end as reconciliation
    from flagged

)

select * from final
