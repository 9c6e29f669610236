with

source as (

    select * from {{ source('disclosures', 'documents') }}

),

final as (

    select
        document_id,
        region_code,
        scope,
        {{ text_to("fiscal_year", 'integer') }} as fiscal_year,
        document_kind,
        title,
        publisher,
        nullif(trim(source_url), '') as source_url,
        {{ text_to("nullif(trim(published_on), '')", 'date') }} as published_on,
        source_file_name,
        source_sha256,
        source_file
    from source

)

select * from final
