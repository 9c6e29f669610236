{#- balance_agrees_across_periods: in a report of periods (execution), a balance is a balance at
    the end of a month, whichever period prints it: the close of a quarter (当期) and of the year
    to date (累计) through the same month, and the opening balance of the period that starts the
    month after (a quarter's 期初余额 is the previous quarter's close; the year to date's is the
    year's opening balance, as every report of the year prints it). Per place, fund, year and
    month, each printing against the first: the year to date's close, else the earliest
    period's; whichever documents print them (the facts the marts take). Within half the
    rounding unit of each; a blank counts as 0 and is flagged; two blanks are no result. -#}
with

figures as (

    select * from {{ ref('int_fund_figures') }}
    where restatement_rank = 1

),

phases as (

    select * from {{ ref('phases') }}

),

dated as (

    select
        figures.*,
        phases.phase_kind,
        phases.period_start_month,
        phases.display_order,
        case
            when figures.line_code = 'closing_balance' then phases.period_end_month
            else phases.period_start_month - 1
        end as balance_month
    from figures
    inner join phases
        on figures.phase_code = phases.phase_code
    where
        figures.line_code in ('opening_balance', 'closing_balance')
        -- the kinds whose phases are periods (seed phases: execution)
        and phases.phase_kind <> phases.phase_code

),

balances as (

    select
        *,
        row_number() over (
            partition by region_code, scope, fiscal_year, fund_code, phase_kind, balance_month
            order by
                line_code = 'closing_balance' desc,
                period_start_month asc,
                display_order asc,
                document_id asc
        ) as balance_rank
    from dated

),

pairs as (

    select
        again.document_id,
        again.region_code,
        again.scope,
        again.fiscal_year,
        again.phase_code,
        again.table_code,
        again.fund_code,
        again.line_code,
        taken.document_id as compared_document_id,
        taken.phase_code as compared_phase_code,
        coalesce(taken.amount_wan_yuan, 0) as taken_wan_yuan,
        coalesce(again.amount_wan_yuan, 0) as again_wan_yuan,
        {{ rounding_tolerance(
            'taken.rounding_unit_wan_yuan + again.rounding_unit_wan_yuan'
        ) }} as tolerance_wan_yuan,
        taken.is_blank or again.is_blank as has_blank_terms,
        {{ as_text('again.source_line') }} as source_lines,
        {{ as_text('taken.source_line') }} as compared_source_lines
    from balances as again
    inner join balances as taken
        on
            again.region_code = taken.region_code
            and again.scope = taken.scope
            and again.fiscal_year = taken.fiscal_year
            and again.fund_code = taken.fund_code
            and again.phase_kind = taken.phase_kind
            and again.balance_month = taken.balance_month
            and taken.balance_rank = 1
    where again.balance_rank > 1 and not (taken.is_blank and again.is_blank)

),

final as (

    {{ rule_findings(
        'pairs',
        rule_id='balance_agrees_across_periods',
        compared_document_id='compared_document_id',
        compared_fiscal_year='fiscal_year',
        compared_phase_code='compared_phase_code',
        expected='taken_wan_yuan',
        actual='again_wan_yuan',
        tolerance='tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='source_lines',
        compared_source_lines='compared_source_lines',
    ) }}

)

select * from final
