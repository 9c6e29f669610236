{#- funds_sum_to_total: for every line of a statement, the sum over the funds equals the stated
    all-funds total (DOMAIN identity 1), within half the rounding unit of each fund figure and of
    the total. A line stated in prose for some funds only (int_stated_line_coverage) is not
    summed: line_stated_for_every_fund reports it. -#}
with

figures as (

    select * from {{ ref('int_fund_figures') }}

),

coverage as (

    select * from {{ ref('int_stated_line_coverage') }}

),

partial_lines as (

    select distinct
        document_id,
        fiscal_year,
        phase_code,
        line_code
    from coverage
    where not is_stated

),

line_sums as (

    select
        figures.document_id,
        figures.region_code,
        figures.scope,
        figures.fiscal_year,
        figures.phase_code,
        figures.table_code,
        figures.line_code,
        coalesce(sum(case when figures.fund_code = 'total' then figures.amount_wan_yuan end), 0)
            as printed_total_wan_yuan,
        coalesce(sum(case when figures.fund_code <> 'total' then figures.amount_wan_yuan end), 0)
            as sum_of_funds_wan_yuan,
        {{ rounding_tolerance('coalesce(sum(figures.rounding_unit_wan_yuan), 0)') }}
            as tolerance_wan_yuan,
        bool_or(figures.is_blank) as has_blank_terms,
        {{ text_agg(
            as_text('figures.source_line'), "', '", order_by=['figures.source_line']
        ) }} as source_lines
    from figures
    left join partial_lines
        on
            figures.document_id = partial_lines.document_id
            and figures.fiscal_year = partial_lines.fiscal_year
            and figures.phase_code = partial_lines.phase_code
            and figures.line_code = partial_lines.line_code
    where partial_lines.document_id is null
    group by
        figures.document_id,
        figures.region_code,
        figures.scope,
        figures.fiscal_year,
        figures.phase_code,
        figures.table_code,
        figures.line_code
    having bool_or(figures.fund_code = 'total')

),

final as (

    {{ rule_findings(
        'line_sums',
        rule_id='funds_sum_to_total',
        fund_code="'total'",
        expected='printed_total_wan_yuan',
        actual='sum_of_funds_wan_yuan',
        tolerance='tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='source_lines',
    ) }}

)

select * from final
