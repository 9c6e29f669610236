with

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

cells as (

    select * from {{ ref('stg_disclosures__table_cells') }}

),

printed as (

    select
        document_id,
        count(*) as printed_figure_count,
        count(distinct source_line) as printed_row_count
    from cells
    group by document_id

),

final as (

    select
        documents.document_id,
        documents.region_code,
        documents.scope,
        documents.fiscal_year,
        documents.document_kind,
        documents.title,
        documents.publisher,
        documents.source_url,
        documents.published_on,
        documents.source_file_name,
        documents.source_sha256,
        coalesce(printed.printed_figure_count, 0) as printed_figure_count,
        coalesce(printed.printed_row_count, 0) as printed_row_count,
        {{ build_id() }} as build_id
    from documents
    left join printed
        on documents.document_id = printed.document_id

)

select * from final
