{#- One row per check printed in a value column of a table (比上年增长%, 完成预算%, 预算执行进度%),
    in the form of a stated check (int_narrative_figures_reconciled), so that one rule,
    stated_check_recomputes, recomputes checks wherever they are printed: its kind and direction
    from seed check_words matched against the column's header without its percent sign (a rate
    where the header has one, an amount where it has none), its fund and line those of the
    row's figure for the document's own year and phase (the figure it checks), its value read
    as printed (without the percent sign a cell may print: 51.59%). A header that no check word names is kept (fct_printed_checks) but not a kind. -#}
with

checks as (

    select * from {{ ref('stg_disclosures__printed_checks') }}

),

cells as (

    select * from {{ ref('int_table_cells_mapped') }}
    where mapping_status = 'mapped'

),

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

units as (

    select * from {{ ref('units') }}

),

check_words as (

    select * from {{ ref('check_words') }}

),

headed as (

    select
        checks.*,
        documents.region_code,
        documents.scope,
        documents.fiscal_year,
        documents.document_kind as phase_code,
        {{ regex_replace_all(
            'checks.value_header', regex_literal('[\\s%％()（）]'), "''"
        ) }} as check_label,
        (
            position('%' in checks.value_header) > 0
            or position('％' in checks.value_header) > 0
        ) as is_rate
    from checks
    inner join documents
        on checks.document_id = documents.document_id

),

kinds as (

    select
        headed.document_id,
        headed.source_line,
        headed.value_header,
        headed.fund_column_label,
        min(check_words.figure_kind) as figure_kind,
        count(distinct check_words.figure_kind) as kinds
    from headed
    inner join check_words
        on
            {{ regex_matches('headed.check_label', 'check_words.label_pattern') }}
            and (check_words.figure_kind like '%rate') = headed.is_rate
    group by
        headed.document_id, headed.source_line, headed.value_header, headed.fund_column_label

),

checked_cells as (

    select distinct
        cells.document_id,
        cells.source_line,
        cells.fund_column_label,
        cells.fiscal_year,
        cells.phase_code,
        cells.fund_code,
        cells.line_code
    from cells

),

final as (

    select
        concat_ws(
            '|',
            headed.document_id,
            'table',
            {{ as_text('headed.source_line') }},
            headed.value_header,
            coalesce(headed.fund_column_label, '')
        ) as figure_id,
        headed.document_id,
        'table' as statement_source,
        headed.region_code,
        headed.scope,
        headed.fiscal_year,
        headed.phase_code,
        checked_cells.fund_code,
        checked_cells.line_code,
        case when kinds.kinds = 1 then kinds.figure_kind end as figure_kind,
        headed.check_label as figure_label,
        headed.row_label as checked_label,
        headed.printed_text as amount_text,
        case when headed.is_rate then '%' else headed.unit_text end as unit_text,
        headed.source_line,
        headed.source_place,
        headed.table_code,
        headed.value_header,
        headed.fund_column_label,
        headed.value_kind,
        {{ printed_amount_columns(
            "regexp_replace(headed.printed_text, " ~ regex_literal('[%％]\\s*$') ~ ", '')"
        ) }},
        units.wan_yuan_per_unit
    from headed
    left join kinds
        on
            headed.document_id = kinds.document_id
            and headed.source_line = kinds.source_line
            and headed.value_header = kinds.value_header
            and headed.fund_column_label is not distinct from kinds.fund_column_label
    left join checked_cells
        on
            headed.document_id = checked_cells.document_id
            and headed.source_line = checked_cells.source_line
            and headed.fund_column_label is not distinct from checked_cells.fund_column_label
            and headed.fiscal_year = checked_cells.fiscal_year
            and headed.phase_code = checked_cells.phase_code
    left join units
        on headed.unit_text = units.unit_text

)

select * from final
