{#- One row per document of prose alone: a document that prints no table row (the national
    说明, many local notes), whose narrative is its statement. -#}
with

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

cells as (

    select * from {{ ref('stg_disclosures__table_cells') }}

),

final as (

    select
        documents.document_id,
        documents.region_code,
        documents.scope,
        documents.fiscal_year
    from documents
    where not exists (
        select 1
        from cells
        where cells.document_id = documents.document_id
    )

)

select * from final
