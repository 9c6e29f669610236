{#- One row per document × fiscal year × phase × line that the document states in prose only (no
    table row of it prints the line: every line of a document of prose alone, the
    individual-account balance beside tables) × fund required of the document (and the all-funds
    total, int_document_expected_funds): whether the fund's figure for the line is stated, and
    where. A prose statement may give a line for some funds only (a budget that states the income
    of five funds): such a line is not summed over the funds. -#}
with

figures as (

    select * from {{ ref('int_fund_figures') }}

),

required_funds as (

    select * from {{ ref('int_document_expected_funds') }}
    where requirement = 'required'

),

stated_lines as (

    select
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        table_code,
        line_code
    from figures
    group by document_id, region_code, scope, fiscal_year, phase_code, table_code, line_code
    having bool_and(statement_source = 'narrative')

),

subjects as (

    select
        stated_lines.*,
        required_funds.fund_code
    from stated_lines
    inner join required_funds
        on stated_lines.document_id = required_funds.document_id

),

final as (

    select
        subjects.document_id,
        subjects.region_code,
        subjects.scope,
        subjects.fiscal_year,
        subjects.phase_code,
        subjects.table_code,
        subjects.line_code,
        subjects.fund_code,
        figures.source_line,
        figures.source_line is not null as is_stated
    from subjects
    left join figures
        on
            subjects.document_id = figures.document_id
            and subjects.fiscal_year = figures.fiscal_year
            and subjects.phase_code = figures.phase_code
            and subjects.line_code = figures.line_code
            and subjects.fund_code = figures.fund_code

)

select * from final
