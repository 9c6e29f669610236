{#- Every disclosure rule of the catalogue (seed `rules`), evaluated for every subject it applies
    to, every result kept whether it passed or not. One CTE per rule, each written once; the
    shared arithmetic (computed surplus) comes from int_fund_years_pivoted. Equalities report
    actual - expected; bounds (parts within total, signs) report the excess beyond the bound.
    Presence rules set is_satisfied instead of amounts. subject_key tells apart subjects that
    the other columns do not (the narrative line of a stated figure). -#}
{#- The columns every narrative rule shares: the stated figure is the subject (its narrative
    line is the subject key), the table figure it restates is the expected value. -#}
{%- set statement_subject -%}
        cast(null as varchar) as severity_override,
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        statement_source as table_code,
        fund_code,
        line_code,
        document_id as compared_document_id,
        fiscal_year as compared_fiscal_year,
        phase_code as compared_phase_code,
        cast(source_line as varchar) as subject_key,
        coalesce(table_amount_wan_yuan, 0) as expected_wan_yuan
{%- endset -%}
{#- The comparison columns of a rule that compares nothing across documents or statements. -#}
{%- set no_comparison -%}
        cast(null as varchar) as compared_document_id,
        cast(null as integer) as compared_fiscal_year,
        cast(null as varchar) as compared_phase_code,
        cast(null as varchar) as subject_key
{%- endset -%}
{%- set statement_provenance -%}
        table_is_blank as has_blank_terms,
        cast(source_line as varchar) as source_lines,
        cast(table_source_line as varchar) as compared_source_lines
{%- endset %}
with

cells as (

    select * from {{ ref('int_table_cells_mapped') }}
    where mapping_status = 'mapped'

),

fund_years as (

    select * from {{ ref('int_fund_years_pivoted') }}

),

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

lines as (

    select * from {{ ref('lines') }}

),

rules as (

    select * from {{ ref('rules') }}

),

expected_funds as (

    select * from {{ ref('expected_funds') }}

),

fund_mergers as (

    select * from {{ ref('fund_mergers') }}

),

roll_forward_phase_pairs as (

    select * from {{ ref('roll_forward_phase_pairs') }}

),

narrative as (

    select * from {{ ref('int_narrative_figures_reconciled') }}

),

funds_sum_to_total as (

    select
        'funds_sum_to_total' as rule_id,
        cast(null as varchar) as severity_override,
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        table_code,
        'total' as fund_code,
        line_code,
        {{ no_comparison }},
        coalesce(sum(case when fund_code = 'total' then amount_wan_yuan end), 0)
            as expected_wan_yuan,
        coalesce(sum(case when fund_code <> 'total' then amount_wan_yuan end), 0)
            as actual_wan_yuan,
        coalesce(sum(case when fund_code <> 'total' then amount_wan_yuan end), 0)
        - coalesce(sum(case when fund_code = 'total' then amount_wan_yuan end), 0)
            as difference_wan_yuan,
        {{ rounding_tolerance(
            'coalesce(sum(case when fund_code <> \'total\' then rounding_unit_wan_yuan end), 0)'
        ) }} as tolerance_wan_yuan,
        cast(null as boolean) as is_satisfied,
        bool_or(is_blank) as has_blank_terms,
        string_agg(cast(source_line as varchar), ', ' order by source_line) as source_lines,
        cast(null as varchar) as compared_source_lines
    from cells
    group by document_id, region_code, scope, fiscal_year, phase_code, table_code, line_code
    having bool_or(fund_code = 'total')

),

surplus_identity as (

    select
        'surplus_identity' as rule_id,
        cast(null as varchar) as severity_override,
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        'balance' as table_code,
        fund_code,
        'surplus' as line_code,
        {{ no_comparison }},
        coalesce(surplus_wan_yuan, 0) as expected_wan_yuan,
        surplus_computed_wan_yuan as actual_wan_yuan,
        surplus_computed_wan_yuan - coalesce(surplus_wan_yuan, 0) as difference_wan_yuan,
        surplus_tolerance_wan_yuan as tolerance_wan_yuan,
        cast(null as boolean) as is_satisfied,
        income_total_is_blank or expenditure_total_is_blank or surplus_is_blank as has_blank_terms,
        concat_ws(
            ', ',
            cast(income_total_source_line as varchar),
            cast(expenditure_total_source_line as varchar),
            cast(surplus_source_line as varchar)
        ) as source_lines,
        cast(null as varchar) as compared_source_lines
    from fund_years
    where surplus_is_printed and (income_total_is_printed or expenditure_total_is_printed)

),

part_lines as (

    select
        parts.*,
        lines.parent_line_code,
        totals.amount_wan_yuan as total_wan_yuan,
        totals.is_blank as total_is_blank,
        totals.source_line as total_source_line
    from cells as parts
    inner join lines
        on parts.line_code = lines.line_code and lines.line_role = 'part'
    inner join cells as totals
        on
            parts.document_id = totals.document_id
            and parts.fiscal_year = totals.fiscal_year
            and parts.phase_code = totals.phase_code
            and parts.fund_code = totals.fund_code
            and lines.parent_line_code = totals.line_code

),

part_within_total as (

    select
        'part_within_total' as rule_id,
        cast(null as varchar) as severity_override,
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        table_code,
        fund_code,
        line_code,
        {{ no_comparison }},
        coalesce(total_wan_yuan, 0) as expected_wan_yuan,
        coalesce(amount_wan_yuan, 0) as actual_wan_yuan,
        greatest(coalesce(amount_wan_yuan, 0) - coalesce(total_wan_yuan, 0), 0)
            as difference_wan_yuan,
        cast(0 as decimal(24, 6)) as tolerance_wan_yuan,
        cast(null as boolean) as is_satisfied,
        is_blank or total_is_blank as has_blank_terms,
        concat_ws(', ', cast(total_source_line as varchar), cast(source_line as varchar))
            as source_lines,
        cast(null as varchar) as compared_source_lines
    from part_lines

),

parts_sum_within_total as (

    select
        'parts_sum_within_total' as rule_id,
        cast(null as varchar) as severity_override,
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        table_code,
        fund_code,
        parent_line_code as line_code,
        {{ no_comparison }},
        coalesce(max(total_wan_yuan), 0) as expected_wan_yuan,
        coalesce(sum(amount_wan_yuan), 0) as actual_wan_yuan,
        greatest(coalesce(sum(amount_wan_yuan), 0) - coalesce(max(total_wan_yuan), 0), 0)
            as difference_wan_yuan,
        {{ rounding_tolerance('sum(rounding_unit_wan_yuan)') }} as tolerance_wan_yuan,
        cast(null as boolean) as is_satisfied,
        bool_or(is_blank) or bool_or(total_is_blank) as has_blank_terms,
        cast(min(total_source_line) as varchar) || ', '
        || string_agg(cast(source_line as varchar), ', ' order by source_line) as source_lines,
        cast(null as varchar) as compared_source_lines
    from part_lines
    group by
        document_id, region_code, scope, fiscal_year, phase_code, table_code, fund_code,
        parent_line_code

),

signs as (

    select
        case lines.sign_rule
            when 'non_negative' then 'amount_non_negative'
            when 'warn_if_negative' then 'balance_non_negative'
        end as rule_id,
        cast(null as varchar) as severity_override,
        cells.document_id,
        cells.region_code,
        cells.scope,
        cells.fiscal_year,
        cells.phase_code,
        cells.table_code,
        cells.fund_code,
        cells.line_code,
        {{ no_comparison }},
        cast(0 as decimal(24, 6)) as expected_wan_yuan,
        coalesce(cells.amount_wan_yuan, 0) as actual_wan_yuan,
        greatest(-coalesce(cells.amount_wan_yuan, 0), 0) as difference_wan_yuan,
        cast(0 as decimal(24, 6)) as tolerance_wan_yuan,
        cast(null as boolean) as is_satisfied,
        cells.is_blank as has_blank_terms,
        cast(cells.source_line as varchar) as source_lines,
        cast(null as varchar) as compared_source_lines
    from cells
    inner join lines
        on cells.line_code = lines.line_code
    where lines.sign_rule in ('non_negative', 'warn_if_negative')

),

funds_expected_by_document as (

    select
        documents.document_id,
        expected_funds.fund_code,
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

disclosure_tables as (

    select distinct table_code from lines

),

expected_fund_codes as (

    select
        document_id,
        fund_code
    from funds_expected_by_document
    where specificity_rank = 1

    union all

    select
        document_id,
        'total' as fund_code
    from documents

),

expected_subjects as (

    select
        documents.document_id,
        documents.region_code,
        documents.scope,
        documents.fiscal_year,
        disclosure_tables.table_code,
        expected_fund_codes.fund_code
    from documents
    cross join disclosure_tables
    inner join expected_fund_codes
        on documents.document_id = expected_fund_codes.document_id

),

printed_funds as (

    select
        printed_rows.document_id,
        printed_rows.region_code,
        printed_rows.scope,
        documents.fiscal_year,
        printed_rows.table_code,
        printed_rows.fund_code,
        string_agg(
            cast(printed_rows.source_line as varchar), ', ' order by printed_rows.source_line
        ) as source_lines
    from (
        select distinct
            document_id,
            region_code,
            scope,
            table_code,
            fund_code,
            source_line
        from cells
    ) as printed_rows
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

fund_presence as (

    select
        case
            when expected_subjects.fund_code is null then 'unexpected_fund'
            else 'expected_fund_present'
        end as rule_id,
        cast(null as varchar) as severity_override,
        coalesce(expected_subjects.document_id, printed_funds.document_id) as document_id,
        coalesce(expected_subjects.region_code, printed_funds.region_code) as region_code,
        coalesce(expected_subjects.scope, printed_funds.scope) as scope,
        coalesce(expected_subjects.fiscal_year, printed_funds.fiscal_year) as fiscal_year,
        cast(null as varchar) as phase_code,
        coalesce(expected_subjects.table_code, printed_funds.table_code) as table_code,
        coalesce(expected_subjects.fund_code, printed_funds.fund_code) as fund_code,
        cast(null as varchar) as line_code,
        {{ no_comparison }},
        cast(null as decimal(24, 6)) as expected_wan_yuan,
        cast(null as decimal(24, 6)) as actual_wan_yuan,
        cast(null as decimal(24, 6)) as difference_wan_yuan,
        cast(null as decimal(24, 6)) as tolerance_wan_yuan,
        expected_subjects.fund_code is not null and printed_funds.fund_code is not null
            as is_satisfied,
        false as has_blank_terms,
        printed_funds.source_lines,
        cast(null as varchar) as compared_source_lines
    from expected_subjects
    full outer join printed_funds
        on
            expected_subjects.document_id = printed_funds.document_id
            and expected_subjects.table_code = printed_funds.table_code
            and expected_subjects.fund_code = printed_funds.fund_code

),

prior_balances as (

    -- each fund-year's year-end balance under the fund it rolls into the next year: the last
    -- balance of a merged fund (seed fund_mergers) rolls into its successor, summed with the
    -- successor's own
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
        string_agg(
            cast(fund_years.closing_balance_source_line as varchar),
            ', '
            order by fund_years.closing_balance_source_line
        ) as closing_balance_source_lines
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

roll_forward as (

    select
        'roll_forward' as rule_id,
        coalesce(roll_forward_phase_pairs.severity, 'warning') as severity_override,
        current_year.document_id,
        current_year.region_code,
        current_year.scope,
        current_year.fiscal_year,
        current_year.phase_code,
        'balance' as table_code,
        current_year.fund_code,
        'closing_balance' as line_code,
        prior_year.document_id as compared_document_id,
        prior_year.fiscal_year as compared_fiscal_year,
        prior_year.phase_code as compared_phase_code,
        cast(null as varchar) as subject_key,
        coalesce(current_year.closing_balance_wan_yuan, 0) as expected_wan_yuan,
        coalesce(prior_year.closing_balance_wan_yuan, 0)
        + coalesce(current_year.surplus_wan_yuan, 0) as actual_wan_yuan,
        coalesce(prior_year.closing_balance_wan_yuan, 0)
        + coalesce(current_year.surplus_wan_yuan, 0)
        - coalesce(current_year.closing_balance_wan_yuan, 0) as difference_wan_yuan,
        {{ rounding_tolerance(
            'prior_year.closing_balance_rounding_unit_wan_yuan'
            ~ ' + current_year.surplus_rounding_unit_wan_yuan'
        ) }} as tolerance_wan_yuan,
        cast(null as boolean) as is_satisfied,
        current_year.closing_balance_is_blank
        or current_year.surplus_is_blank
        or prior_year.closing_balance_is_blank as has_blank_terms,
        concat_ws(
            ', ',
            cast(current_year.surplus_source_line as varchar),
            cast(current_year.closing_balance_source_line as varchar)
        ) as source_lines,
        prior_year.closing_balance_source_lines as compared_source_lines
    from fund_years as current_year
    inner join prior_balances as prior_year
        on
            current_year.region_code = prior_year.region_code
            and current_year.scope = prior_year.scope
            and current_year.fund_code = prior_year.fund_code
            and current_year.fiscal_year = prior_year.fiscal_year + 1
    left join roll_forward_phase_pairs
        on
            prior_year.phase_code = roll_forward_phase_pairs.prior_phase_code
            and current_year.phase_code = roll_forward_phase_pairs.phase_code
    where
        current_year.closing_balance_is_printed
        and current_year.surplus_is_printed
        and prior_year.closing_balance_is_printed

),

narrative_matches_table as (

    select
        'narrative_matches_table' as rule_id,
        {{ statement_subject }},
        -- read in its stated unit, or in the table's when only that matches (the unit rule
        -- reports the unit): a figure matching in neither is a value that differs
        case
            when not matches_in_stated_unit and matches_in_table_unit
                then coalesce(amount_in_table_unit_wan_yuan, 0)
            else coalesce(amount_wan_yuan, 0)
        end as actual_wan_yuan,
        case
            when not matches_in_stated_unit and matches_in_table_unit
                then coalesce(amount_in_table_unit_wan_yuan, 0)
            else coalesce(amount_wan_yuan, 0)
        end - coalesce(table_amount_wan_yuan, 0) as difference_wan_yuan,
        tolerance_wan_yuan,
        cast(null as boolean) as is_satisfied,
        {{ statement_provenance }}
    from narrative
    where table_source_line is not null

),

narrative_unit_matches_table as (

    select
        'narrative_unit_matches_table' as rule_id,
        {{ statement_subject }},
        coalesce(amount_wan_yuan, 0) as actual_wan_yuan,
        coalesce(amount_wan_yuan, 0) - coalesce(table_amount_wan_yuan, 0) as difference_wan_yuan,
        tolerance_wan_yuan,
        matches_in_stated_unit as is_satisfied,
        {{ statement_provenance }}
    from narrative
    where table_source_line is not null and (matches_in_stated_unit or matches_in_table_unit)

),

narrative_zero_for_blank as (

    select
        'narrative_zero_for_blank' as rule_id,
        {{ statement_subject }},
        coalesce(amount_wan_yuan, 0) as actual_wan_yuan,
        coalesce(amount_wan_yuan, 0) as difference_wan_yuan,
        tolerance_wan_yuan,
        coalesce(amount_wan_yuan, 0) <> 0 as is_satisfied,
        {{ statement_provenance }}
    from narrative
    where table_is_blank

),

narrated_documents as (

    select distinct document_id from narrative
    where statement_source = 'narrative'

),

funds_in_tables as (

    select distinct
        cells.document_id,
        cells.region_code,
        cells.scope,
        cells.fund_code
    from cells
    inner join narrated_documents
        on cells.document_id = narrated_documents.document_id
    where cells.fund_code <> 'total' and not cells.is_blank

),

narrative_fund_present as (

    select
        'narrative_fund_present' as rule_id,
        cast(null as varchar) as severity_override,
        funds_in_tables.document_id,
        funds_in_tables.region_code,
        funds_in_tables.scope,
        documents.fiscal_year,
        cast(null as varchar) as phase_code,
        'narrative' as table_code,
        funds_in_tables.fund_code,
        cast(null as varchar) as line_code,
        {{ no_comparison }},
        cast(null as decimal(24, 6)) as expected_wan_yuan,
        cast(null as decimal(24, 6)) as actual_wan_yuan,
        cast(null as decimal(24, 6)) as difference_wan_yuan,
        cast(null as decimal(24, 6)) as tolerance_wan_yuan,
        count(narrative.fund_code) > 0 as is_satisfied,
        false as has_blank_terms,
        string_agg(cast(narrative.source_line as varchar), ', ' order by narrative.source_line)
            as source_lines,
        cast(null as varchar) as compared_source_lines
    from funds_in_tables
    inner join documents
        on funds_in_tables.document_id = documents.document_id
    left join narrative
        on
            funds_in_tables.document_id = narrative.document_id
            and funds_in_tables.fund_code = narrative.fund_code
            and narrative.statement_source = 'narrative'
    group by
        funds_in_tables.document_id,
        funds_in_tables.region_code,
        funds_in_tables.scope,
        documents.fiscal_year,
        funds_in_tables.fund_code

),

evaluations as (

    select * from funds_sum_to_total
    union all
    select * from surplus_identity
    union all
    select * from part_within_total
    union all
    select * from parts_sum_within_total
    union all
    select * from signs
    union all
    select * from fund_presence
    union all
    select * from roll_forward
    union all
    select * from narrative_matches_table
    union all
    select * from narrative_unit_matches_table
    union all
    select * from narrative_zero_for_blank
    union all
    select * from narrative_fund_present

),

final as (

    select
        concat_ws(
            '|',
            evaluations.rule_id,
            evaluations.document_id,
            coalesce(cast(evaluations.fiscal_year as varchar), '-'),
            coalesce(evaluations.phase_code, '-'),
            coalesce(evaluations.table_code, '-'),
            evaluations.fund_code,
            coalesce(evaluations.line_code, '-'),
            coalesce(evaluations.compared_document_id, '-'),
            coalesce(evaluations.compared_phase_code, '-'),
            coalesce(evaluations.subject_key, '-')
        ) as finding_id,
        evaluations.rule_id,
        rules.failure_kind,
        evaluations.document_id,
        evaluations.region_code,
        evaluations.scope,
        evaluations.fiscal_year,
        evaluations.phase_code,
        evaluations.table_code,
        evaluations.fund_code,
        evaluations.line_code,
        evaluations.compared_document_id,
        evaluations.compared_fiscal_year,
        evaluations.compared_phase_code,
        cast(evaluations.expected_wan_yuan as decimal(24, 6)) as expected_wan_yuan,
        cast(evaluations.actual_wan_yuan as decimal(24, 6)) as actual_wan_yuan,
        cast(evaluations.difference_wan_yuan as decimal(24, 6)) as difference_wan_yuan,
        cast(evaluations.tolerance_wan_yuan as decimal(24, 6)) as tolerance_wan_yuan,
        evaluations.is_satisfied,
        coalesce(evaluations.has_blank_terms, false) as has_blank_terms,
        evaluations.source_lines,
        evaluations.compared_source_lines,
        case
            when evaluations.is_satisfied then 'passed'
            when not evaluations.is_satisfied then 'failed'
            else {{ finding_status(
                'evaluations.difference_wan_yuan', 'evaluations.tolerance_wan_yuan'
            ) }}
        end as status,
        coalesce(evaluations.severity_override, rules.severity) as severity_if_failed
    from evaluations
    left join rules
        on evaluations.rule_id = rules.rule_id

)

select * from final
