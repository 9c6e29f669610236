{#- roll_forward: year-end balance(Y-1) + surplus(Y) = year-end balance(Y) (DOMAIN identity 3),
    for every phase of Y-1 beside every phase of Y of the same place and fund; an error for the
    phase pairs of seed roll_forward_phase_pairs, a warning for the others. Only balances at the
    turn of the year roll: the prior phase's period ends in December and the current phase's
    starts in January (a quarter's close rolls into the next quarter: rule
    balance_agrees_across_periods). A fund merged into
    another (seed fund_mergers) rolls its last balance into its successor. Tolerance: half the
    rounding unit of the prior balance and of the surplus. Across documents, each fund-year as
    its own document gives it (fund_year_rank 1). -#}
with

fund_years as (

    select * from {{ ref('int_fund_years_pivoted') }}
    where fund_year_rank = 1

),

fund_mergers as (

    select * from {{ ref('fund_mergers') }}

),

roll_forward_phase_pairs as (

    select * from {{ ref('roll_forward_phase_pairs') }}

),

phases as (

    select * from {{ ref('phases') }}

),

prior_balances as (

    -- each fund-year's year-end balance under the fund it rolls into the next year: the last
    -- balance of a merged fund rolls into its successor, summed with the successor's own
    select
        fund_years.document_id,
        fund_years.region_code,
        fund_years.scope,
        fund_years.fiscal_year,
        fund_years.phase_code,
        coalesce(fund_mergers.into_fund_code, fund_years.fund_code) as fund_code,
        sum(fund_years.closing_balance_wan_yuan) as closing_balance_wan_yuan,
        sum(fund_years.closing_balance_rounding_unit_wan_yuan)
            as closing_balance_rounding_unit_wan_yuan,
        bool_or(fund_years.closing_balance_is_blank) as closing_balance_is_blank,
        bool_or(fund_years.closing_balance_is_printed) as closing_balance_is_printed,
        {{ text_agg(
            as_text('fund_years.closing_balance_source_line'),
            "', '",
            order_by=['fund_years.closing_balance_source_line']
        ) }} as closing_balance_source_lines
    from fund_years
    left join fund_mergers
        on
            fund_years.fund_code = fund_mergers.merged_fund_code
            and fund_years.fiscal_year + 1 = fund_mergers.first_fiscal_year
    group by
        fund_years.document_id,
        fund_years.region_code,
        fund_years.scope,
        fund_years.fiscal_year,
        fund_years.phase_code,
        coalesce(fund_mergers.into_fund_code, fund_years.fund_code)

),

year_pairs as (

    select
        current_year.document_id,
        current_year.region_code,
        current_year.scope,
        current_year.fiscal_year,
        current_year.phase_code,
        current_year.fund_code,
        prior_year.document_id as prior_document_id,
        prior_year.fiscal_year as prior_fiscal_year,
        prior_year.phase_code as prior_phase_code,
        coalesce(roll_forward_phase_pairs.severity, 'warning') as severity,
        coalesce(current_year.closing_balance_wan_yuan, 0) as closing_balance_wan_yuan,
        coalesce(prior_year.closing_balance_wan_yuan, 0)
        + coalesce(current_year.surplus_wan_yuan, 0) as rolled_balance_wan_yuan,
        {{ rounding_tolerance(
            'prior_year.closing_balance_rounding_unit_wan_yuan'
            ~ ' + current_year.surplus_rounding_unit_wan_yuan'
        ) }} as tolerance_wan_yuan,
        current_year.closing_balance_is_blank
        or current_year.surplus_is_blank
        or prior_year.closing_balance_is_blank as has_blank_terms,
        concat_ws(
            ', ',
            {{ as_text('current_year.surplus_source_line') }},
            {{ as_text('current_year.closing_balance_source_line') }}
        ) as source_lines,
        prior_year.closing_balance_source_lines as prior_source_lines
    from fund_years as current_year
    inner join prior_balances as prior_year
        on
            current_year.region_code = prior_year.region_code
            and current_year.scope = prior_year.scope
            and current_year.fund_code = prior_year.fund_code
            and current_year.fiscal_year = prior_year.fiscal_year + 1
    inner join phases as prior_phase
        on prior_year.phase_code = prior_phase.phase_code
    inner join phases as current_phase
        on current_year.phase_code = current_phase.phase_code
    left join roll_forward_phase_pairs
        on
            prior_year.phase_code = roll_forward_phase_pairs.prior_phase_code
            and current_year.phase_code = roll_forward_phase_pairs.phase_code
    where
        prior_phase.period_end_month = 12
        and current_phase.period_start_month = 1
        and current_year.closing_balance_is_printed
        and current_year.surplus_is_printed
        and prior_year.closing_balance_is_printed

),

final as (

    {{ rule_findings(
        'year_pairs',
        rule_id='roll_forward',
        severity_override='severity',
        table_code="'balance'",
        line_code="'closing_balance'",
        compared_document_id='prior_document_id',
        compared_fiscal_year='prior_fiscal_year',
        compared_phase_code='prior_phase_code',
        expected='closing_balance_wan_yuan',
        actual='rolled_balance_wan_yuan',
        tolerance='tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='source_lines',
        compared_source_lines='prior_source_lines',
    ) }}

)

select * from final
