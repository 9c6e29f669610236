{#- One row per document of prose alone: a document that prints no table row (the national
    说明, many local notes), whose narrative is its statement. -#}
with

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

cells as (

    select * from {{ ref('stg_disclosures__table_cells') }}

),

documents_with_tables as (

    select distinct document_id from cells

),

final as (

    select
        documents.document_id,
        documents.region_code,
        documents.scope,
        documents.fiscal_year
    from documents
    left join documents_with_tables
        on documents.document_id = documents_with_tables.document_id
    where documents_with_tables.document_id is null

)

select * from final
