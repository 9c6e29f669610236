{#- One row per document × fund expected of its region, scope and year (seed expected_funds: the
    most specific entries, those of the region and scope before the '*' ones), with the fund's
    requirement (required, or optional such as 新农合 beside the residents' fund), plus the
    all-funds total, required of every document. -#}
with

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

expected_funds as (

    select * from {{ ref('expected_funds') }}

),

candidates as (

    select
        documents.document_id,
        expected_funds.fund_code,
        expected_funds.requirement,
        dense_rank() over (
            partition by documents.document_id
            order by expected_funds.region_code = '*', expected_funds.scope = '*'
        ) as specificity_rank
    from documents
    inner join expected_funds
        on
            expected_funds.region_code in (documents.region_code, '*')
            and expected_funds.scope in (documents.scope, '*')
            and documents.fiscal_year
            between cast(expected_funds.first_fiscal_year as integer)
            and cast(expected_funds.last_fiscal_year as integer)

),

final as (

    select
        document_id,
        fund_code,
        requirement
    from candidates
    where specificity_rank = 1

    union all

    select
        document_id,
        'total' as fund_code,
        'required' as requirement
    from documents

)

select * from final
