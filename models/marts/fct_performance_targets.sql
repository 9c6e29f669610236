with

targets as (

    select * from {{ ref('stg_disclosures__performance_targets') }}

),

documents as (

    select * from {{ ref('dim_documents') }}

),

final as (

    select
        targets.document_id,
        targets.source_line,
        {{ printed_place('targets.source_place', 'targets.source_line') }} as source_place,
        documents.region_code,
        documents.scope,
        targets.fiscal_year,
        targets.level_1_indicator,
        targets.level_2_indicator,
        targets.level_3_indicator,
        targets.target_text,
        targets.target_operator,
        targets.target_low,
        targets.target_high,
        targets.target_unit,
        {{ build_id() }} as build_id
    from targets
    inner join documents
        on targets.document_id = documents.document_id

)

select * from final
