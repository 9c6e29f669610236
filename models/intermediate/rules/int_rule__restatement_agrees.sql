{#- restatement_agrees: a figure that a document restates from another year or phase (the budget
    that a final account prints beside its outturn, last year's outturn in a budget) equals the
    figure the marts take for it, its own document's (int_fund_figures, restatement_rank 1). A
    warning: a final account may print the adjusted budget as its 预算数. Tolerance: half the
    rounding unit of each printing. -#}
with

figures as (

    select * from {{ ref('int_fund_figures') }}

),

taken as (

    select * from figures
    where restatement_rank = 1

),

restated as (

    select * from figures
    where restatement_rank > 1

),

paired as (

    select
        restated.document_id,
        restated.region_code,
        restated.scope,
        restated.fiscal_year,
        restated.phase_code,
        restated.table_code,
        restated.fund_code,
        restated.line_code,
        taken.document_id as compared_document_id,
        taken.fiscal_year as compared_fiscal_year,
        taken.phase_code as compared_phase_code,
        coalesce(taken.amount_wan_yuan, 0) as taken_wan_yuan,
        coalesce(restated.amount_wan_yuan, 0) as restated_wan_yuan,
        {{ rounding_tolerance(
            'coalesce(taken.rounding_unit_wan_yuan, 0)'
            ~ ' + coalesce(restated.rounding_unit_wan_yuan, 0)'
        ) }} as tolerance_wan_yuan,
        restated.is_blank or taken.is_blank as has_blank_terms,
        {{ as_text('restated.source_line') }} as source_lines,
        {{ as_text('taken.source_line') }} as compared_source_lines
    from restated
    inner join taken
        on
            restated.region_code = taken.region_code
            and restated.scope = taken.scope
            and restated.fiscal_year = taken.fiscal_year
            and restated.phase_code = taken.phase_code
            and restated.fund_code = taken.fund_code
            and restated.line_code = taken.line_code

),

final as (

    {{ rule_findings(
        'paired',
        rule_id='restatement_agrees',
        compared_document_id='compared_document_id',
        compared_fiscal_year='compared_fiscal_year',
        compared_phase_code='compared_phase_code',
        expected='taken_wan_yuan',
        actual='restated_wan_yuan',
        tolerance='tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='source_lines',
        compared_source_lines='compared_source_lines',
    ) }}

)

select * from final
