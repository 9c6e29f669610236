{#- line_stated_for_every_fund: in a document of prose alone, a line is stated for every fund
    required of it and for the total (int_stated_line_coverage); where it is not, the funds are
    not summed for it (funds_sum_to_total skips it) and each fund that does not state it is
    reported as information: a partial statement, not a missing fund or a broken total. Beside
    tables, a line only the prose gives (the individual-account balance of the funds that have
    individual accounts) is no subject. -#}
with

coverage as (

    select * from {{ ref('int_stated_line_coverage') }}

),

prose_documents as (

    select * from {{ ref('int_prose_documents') }}

),

prose_coverage as (

    select coverage.*
    from coverage
    inner join prose_documents
        on coverage.document_id = prose_documents.document_id

),

final as (

    {{ rule_findings(
        'prose_coverage',
        rule_id='line_stated_for_every_fund',
        is_satisfied='is_stated',
        source_lines=as_text('source_line'),
    ) }}

)

select * from final
