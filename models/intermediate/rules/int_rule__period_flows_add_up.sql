{#- period_flows_add_up: in a report of periods (execution), the year to date through month n is
    the year to date through month m plus the period from m+1 to n (累计 through June = 累计
    through March + the second quarter's 当期), for every flow line (income, expenditure and
    their parts, the surplus), per fund, whichever documents print the three figures (the facts
    the marts take). Within half the rounding unit of each of the three; a blank counts as 0
    and is flagged; three blanks are no result. -#}
with

figures as (

    select * from {{ ref('int_fund_figures') }}
    where restatement_rank = 1

),

phases as (

    select * from {{ ref('phases') }}

),

lines as (

    select * from {{ ref('lines') }}

),

flows as (

    select
        figures.*,
        phases.phase_kind,
        phases.period_start_month,
        phases.period_end_month
    from figures
    inner join phases
        on figures.phase_code = phases.phase_code
    inner join lines
        on figures.line_code = lines.line_code
    where lines.table_code in ('income', 'expenditure') or lines.line_code = 'surplus'

),

additions as (

    select
        whole.document_id,
        whole.region_code,
        whole.scope,
        whole.fiscal_year,
        whole.phase_code,
        whole.table_code,
        whole.fund_code,
        whole.line_code,
        earlier.document_id as compared_document_id,
        earlier.phase_code as compared_phase_code,
        coalesce(whole.amount_wan_yuan, 0) as whole_wan_yuan,
        coalesce(earlier.amount_wan_yuan, 0) + coalesce(later.amount_wan_yuan, 0)
            as added_wan_yuan,
        {{ rounding_tolerance(
            'whole.rounding_unit_wan_yuan + earlier.rounding_unit_wan_yuan'
            ~ ' + later.rounding_unit_wan_yuan'
        ) }} as tolerance_wan_yuan,
        whole.is_blank or earlier.is_blank or later.is_blank as has_blank_terms,
        concat_ws(
            ', ',
            {{ as_text('whole.source_line') }},
            case
                when
                    later.document_id = whole.document_id
                    and later.source_line <> whole.source_line
                    then {{ as_text('later.source_line') }}
            end
        ) as source_lines,
        {{ as_text('earlier.source_line') }} as compared_source_lines
    from flows as whole
    inner join flows as earlier
        on
            whole.region_code = earlier.region_code
            and whole.scope = earlier.scope
            and whole.fiscal_year = earlier.fiscal_year
            and whole.fund_code = earlier.fund_code
            and whole.line_code = earlier.line_code
            and whole.phase_kind = earlier.phase_kind
            and whole.period_start_month = earlier.period_start_month
            and whole.period_end_month > earlier.period_end_month
    inner join flows as later
        on
            whole.region_code = later.region_code
            and whole.scope = later.scope
            and whole.fiscal_year = later.fiscal_year
            and whole.fund_code = later.fund_code
            and whole.line_code = later.line_code
            and whole.phase_kind = later.phase_kind
            and earlier.period_end_month + 1 = later.period_start_month
            and whole.period_end_month = later.period_end_month
    where not (whole.is_blank and earlier.is_blank and later.is_blank)

),

final as (

    {{ rule_findings(
        'additions',
        rule_id='period_flows_add_up',
        compared_document_id='compared_document_id',
        compared_fiscal_year='fiscal_year',
        compared_phase_code='compared_phase_code',
        expected='whole_wan_yuan',
        actual='added_wan_yuan',
        tolerance='tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='source_lines',
        compared_source_lines='compared_source_lines',
    ) }}

)

select * from final
