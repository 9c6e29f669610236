with

checks as (

    select * from {{ ref('stg_disclosures__printed_checks') }}

),

documents as (

    select * from {{ ref('dim_documents') }}

),

final as (

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
        {{ build_id() }} as build_id
    from checks
    inner join documents
        on checks.document_id = documents.document_id

)

select * from final
