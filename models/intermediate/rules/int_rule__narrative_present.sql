{#- narrative_present: a document states its figures in prose too (the 说明), which the narrative
    rules reconcile with the tables; one without (a workbook of tables) is reported as
    information, so that the narrative rules' silence is not read as agreement. -#}
with

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

narrative as (

    select * from {{ ref('int_narrative_figures_reconciled') }}
    where statement_source = 'narrative'

),

narrated as (

    select
        documents.document_id,
        documents.region_code,
        documents.scope,
        documents.fiscal_year,
        count(narrative.source_line) > 0 as has_narrative,
        min(narrative.source_line) as first_line
    from documents
    left join narrative
        on documents.document_id = narrative.document_id
    group by documents.document_id, documents.region_code, documents.scope, documents.fiscal_year

),

final as (

    {{ rule_findings(
        'narrated',
        rule_id='narrative_present',
        phase_code='null',
        table_code="'narrative'",
        fund_code="'total'",
        line_code='null',
        is_satisfied='has_narrative',
        source_lines=as_text('first_line'),
    ) }}

)

select * from final
