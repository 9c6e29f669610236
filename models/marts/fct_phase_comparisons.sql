with

fund_lines as (

    select * from {{ ref('fct_fund_lines') }}

),

phases as (

    select * from {{ ref('dim_phases') }}

),

budget as (

    -- the phase the others are compared with (dim_phases: comparison_role baseline)
    select fund_lines.*
    from fund_lines
    inner join phases
        on fund_lines.phase_code = phases.phase_code
    where phases.comparison_role = 'baseline'

),

other_phases as (

    select fund_lines.*
    from fund_lines
    inner join phases
        on fund_lines.phase_code = phases.phase_code
    where phases.comparison_role = 'compared'

),

final as (

    select
        budget.region_code,
        budget.scope,
        budget.fiscal_year,
        budget.fund_code,
        budget.line_code,
        other_phases.phase_code as compared_phase_code,
        budget.amount_wan_yuan as budget_wan_yuan,
        other_phases.amount_wan_yuan as compared_wan_yuan,
        cast(
            coalesce(other_phases.amount_wan_yuan, 0) - coalesce(budget.amount_wan_yuan, 0)
            as decimal(24, 6)
        ) as difference_wan_yuan,
        {{ exact_ratio('coalesce(other_phases.amount_wan_yuan, 0)', 'budget.amount_wan_yuan', 4) }}
            as execution_rate,
        budget.document_id as budget_document_id,
        other_phases.document_id as compared_document_id,
        budget.source_line as budget_source_line,
        other_phases.source_line as compared_source_line,
        {{ build_id() }} as build_id
    from budget
    inner join other_phases
        on
            budget.region_code = other_phases.region_code
            and budget.scope = other_phases.scope
            and budget.fiscal_year = other_phases.fiscal_year
            and budget.fund_code = other_phases.fund_code
            and budget.line_code = other_phases.line_code

)

select * from final
