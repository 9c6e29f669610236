with

checks as (

    select * from {{ ref('int_table_checks_mapped') }}

),

stated_checks as (

    select * from {{ ref('int_stated_checks_recomputed') }}

),

table_checks as (

    select
        checks.document_id,
        checks.table_code,
        checks.source_line,
        {{ printed_place('checks.source_place', 'checks.source_line') }} as source_place,
        checks.value_header,
        checks.region_code,
        checks.scope,
        checks.fiscal_year,
        checks.checked_label as row_label,
        checks.fund_column_label,
        checks.value_kind,
        checks.amount_text as printed_text,
        checks.statement_source,
        checks.fund_code,
        checks.line_code,
        recomputed.compared_document_id,
        recomputed.compared_fiscal_year,
        recomputed.compared_phase_code,
        recomputed.recomputed_value
    from checks
    left join stated_checks as recomputed
        on checks.figure_id = recomputed.figure_id

),

prose_checks as (

    select
        document_id,
        'narrative' as table_code,
        source_line,
        {{ printed_place('source_place', 'source_line') }} as source_place,
        {{ as_text('null') }} as value_header,
        region_code,
        scope,
        fiscal_year,
        checked_label as row_label,
        {{ as_text('null') }} as fund_column_label,
        figure_kind as value_kind,
        amount_text || unit_text as printed_text,
        statement_source,
        fund_code,
        line_code,
        compared_document_id,
        compared_fiscal_year,
        compared_phase_code,
        recomputed_value
    from stated_checks
    where statement_source <> 'table'

),

final as (

    select
        *,
        {{ build_id() }} as build_id
    from table_checks

    union all

    select
        *,
        {{ build_id() }} as build_id
    from prose_checks

)

select * from final
