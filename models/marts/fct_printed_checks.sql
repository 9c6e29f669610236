with

checks as (

    select * from {{ ref('stg_disclosures__printed_checks') }}

),

stated_checks as (

    select * from {{ ref('int_stated_checks_recomputed') }}

),

documents as (

    select * from {{ ref('dim_documents') }}

),

table_checks as (

    select
        checks.document_id,
        checks.table_code,
        checks.source_line,
        {{ printed_place('checks.source_place', 'checks.source_line') }} as source_place,
        checks.value_header,
        documents.region_code,
        documents.scope,
        documents.fiscal_year,
        checks.row_label,
        checks.fund_column_label,
        checks.value_kind,
        checks.printed_text,
        'table' as statement_source,
        cast(null as varchar) as fund_code,
        cast(null as varchar) as line_code,
        cast(null as varchar) as compared_document_id,
        cast(null as integer) as compared_fiscal_year,
        cast(null as varchar) as compared_phase_code,
        cast(null as decimal(18, 4)) as recomputed_value
    from checks
    inner join documents
        on checks.document_id = documents.document_id

),

prose_checks as (

    select
        document_id,
        'narrative' as table_code,
        source_line,
        {{ printed_place('source_place', 'source_line') }} as source_place,
        cast(null as varchar) as value_header,
        region_code,
        scope,
        fiscal_year,
        checked_label as row_label,
        cast(null as varchar) as fund_column_label,
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
