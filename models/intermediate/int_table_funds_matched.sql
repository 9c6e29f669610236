{#- One row per document × statement × fund (and the all-funds total) that is expected of the
    document's region and year (int_document_expected_funds: required, or optional such as
    新农合) or that the statement gives: each of the document's tables (income,
    expenditure, balance), or, for a document of prose alone, its narrative (statement
    `narrative`). Whether the fund is required, whether it is expected at all, whether the
    statement gives it, and where. -#}
with

cells as (

    select * from {{ ref('int_table_cells_mapped') }}
    where mapping_status = 'mapped'

),

figures as (

    select * from {{ ref('int_fund_figures') }}

),

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

lines as (

    select * from {{ ref('lines') }}

),

expected_fund_codes as (

    select * from {{ ref('int_document_expected_funds') }}

),

prose_documents as (

    select * from {{ ref('int_prose_documents') }}

),

table_codes as (

    select distinct table_code from lines

),

statements as (

    select
        documents.document_id,
        table_codes.table_code
    from documents
    cross join table_codes
    left join prose_documents
        on documents.document_id = prose_documents.document_id
    where prose_documents.document_id is null

    union all

    select
        document_id,
        'narrative' as table_code
    from prose_documents

),

expected_subjects as (

    select
        documents.document_id,
        documents.region_code,
        documents.scope,
        documents.fiscal_year,
        statements.table_code,
        expected_fund_codes.fund_code,
        expected_fund_codes.requirement
    from documents
    inner join statements
        on documents.document_id = statements.document_id
    inner join expected_fund_codes
        on documents.document_id = expected_fund_codes.document_id

),

printed_rows as (

    select distinct
        document_id,
        region_code,
        scope,
        table_code,
        fund_code,
        source_line
    from cells

    union

    select distinct
        figures.document_id,
        figures.region_code,
        figures.scope,
        'narrative' as table_code,
        figures.fund_code,
        figures.source_line
    from figures
    inner join prose_documents
        on figures.document_id = prose_documents.document_id

),

printed_funds as (

    select
        printed_rows.document_id,
        printed_rows.region_code,
        printed_rows.scope,
        documents.fiscal_year,
        printed_rows.table_code,
        printed_rows.fund_code,
        {{ text_agg(
            as_text('printed_rows.source_line'), "', '", order_by=['printed_rows.source_line']
        ) }} as source_lines
    from printed_rows
    inner join documents
        on printed_rows.document_id = documents.document_id
    group by
        printed_rows.document_id,
        printed_rows.region_code,
        printed_rows.scope,
        documents.fiscal_year,
        printed_rows.table_code,
        printed_rows.fund_code

),

final as (

    select
        printed_funds.source_lines,
        coalesce(expected_subjects.document_id, printed_funds.document_id) as document_id,
        coalesce(expected_subjects.region_code, printed_funds.region_code) as region_code,
        coalesce(expected_subjects.scope, printed_funds.scope) as scope,
        coalesce(expected_subjects.fiscal_year, printed_funds.fiscal_year) as fiscal_year,
        coalesce(expected_subjects.table_code, printed_funds.table_code) as table_code,
        coalesce(expected_subjects.fund_code, printed_funds.fund_code) as fund_code,
        coalesce(expected_subjects.requirement = 'required', false) as is_required,
        expected_subjects.fund_code is not null as is_expected,
        printed_funds.fund_code is not null as is_printed
    from expected_subjects
    full outer join printed_funds
        on
            expected_subjects.document_id = printed_funds.document_id
            and expected_subjects.table_code = printed_funds.table_code
            and expected_subjects.fund_code = printed_funds.fund_code

)

select * from final
