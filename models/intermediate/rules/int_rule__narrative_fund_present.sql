{#- narrative_fund_present: when a document has a narrative, every fund with a non-blank figure
    in its tables has at least one figure in the narrative. -#}
with

cells as (

    select * from {{ ref('int_table_cells_mapped') }}
    where mapping_status = 'mapped'

),

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

narrative as (

    select * from {{ ref('int_narrative_figures_reconciled') }}
    where statement_source = 'narrative'

),

narrated_documents as (

    select distinct document_id from narrative

),

funds_in_tables as (

    select distinct
        cells.document_id,
        cells.region_code,
        cells.scope,
        cells.fund_code
    from cells
    inner join narrated_documents
        on cells.document_id = narrated_documents.document_id
    where cells.fund_code <> 'total' and not cells.is_blank

),

narrated_funds as (

    select
        funds_in_tables.document_id,
        funds_in_tables.region_code,
        funds_in_tables.scope,
        documents.fiscal_year,
        funds_in_tables.fund_code,
        count(narrative.fund_code) > 0 as is_narrated,
        {{ text_agg(
            as_text('narrative.source_line'), "', '", order_by=['narrative.source_line']
        ) }} as source_lines
    from funds_in_tables
    inner join documents
        on funds_in_tables.document_id = documents.document_id
    left join narrative
        on
            funds_in_tables.document_id = narrative.document_id
            and funds_in_tables.fund_code = narrative.fund_code
    group by
        funds_in_tables.document_id,
        funds_in_tables.region_code,
        funds_in_tables.scope,
        documents.fiscal_year,
        funds_in_tables.fund_code

),

final as (

    {{ rule_findings(
        'narrated_funds',
        rule_id='narrative_fund_present',
        phase_code='null',
        table_code="'narrative'",
        line_code='null',
        is_satisfied='is_narrated',
        source_lines='source_lines',
    ) }}

)

select * from final
