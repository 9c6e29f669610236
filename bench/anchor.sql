-- The sibudget anchor: the core of the warehouse written by hand as one plain DuckDB script
-- (issue 14), the reference for speed. bench/anchor.py runs it; placeholders @DATA_DIR@ (the
-- document folders) and @SEEDS_DIR@ (the project's seeds: every vocabulary is read from them).
--
-- It reads the table files, maps each distinct label to a fund and a line, and keeps every
-- result of the core rules (passed ones too): funds_sum_to_total, surplus_identity,
-- part_within_total, parts_sum_within_total, parts_sum_to_total, roll_forward and
-- expected_fund_present. Its three tables (core.fund_lines, core.fund_years,
-- core.rule_results) are compared with the project's marts by `bench/anchor.py compare`.
-- Out of its scope: narratives, performance targets, restatement and period rules, the
-- pipeline checks of malformed input; it is written for well-formed tables.

create schema if not exists core;

-- the vocabulary -------------------------------------------------------------------------------

create temp table lines as
select
    line_code,
    table_code,
    line_role,
    nullif(parent_line_code, '') as parent_line_code,
    label_pattern
from read_csv('@SEEDS_DIR@/lines.csv', header = true, all_varchar = true);

create temp table fund_aliases as
select
    fund_code,
    name_zh as alias_zh,
    cast(first_fiscal_year as integer) as first_fiscal_year,
    cast(last_fiscal_year as integer) as last_fiscal_year
from read_csv('@SEEDS_DIR@/fund_names.csv', header = true, all_varchar = true)
union all
select 'total', label_zh, 0, 9999
from read_csv('@SEEDS_DIR@/total_labels.csv', header = true, all_varchar = true);

create temp table units as
select
    unit_text,
    cast(nullif(wan_yuan_per_unit, '') as decimal(24, 6)) as wan_yuan_per_unit,
    unit_kind
from read_csv('@SEEDS_DIR@/units.csv', header = true, all_varchar = true);

create temp table money_units as
select
    units.unit_text,
    units.wan_yuan_per_unit,
    (
        select min(coarser.wan_yuan_per_unit) from units as coarser
        where coarser.unit_kind = 'money' and coarser.wan_yuan_per_unit > units.wan_yuan_per_unit
    ) as coarser_unit_wan_yuan
from units
where units.unit_kind = 'money';

create temp table label_prefix as
select '^(?:' || string_agg('(?:' || pattern || ')', '|' order by prefix_code) || ')*' as pattern
from read_csv('@SEEDS_DIR@/label_prefixes.csv', header = true, all_varchar = true);

create temp table phases as
select
    phase_code,
    cast(period_start_month as integer) as period_start_month,
    cast(period_end_month as integer) as period_end_month
from read_csv('@SEEDS_DIR@/phases.csv', header = true, all_varchar = true);

create temp table rules as
select rule_id, severity
from read_csv('@SEEDS_DIR@/rules.csv', header = true, all_varchar = true);

create temp table expected_funds as
select
    region_code,
    scope,
    fund_code,
    requirement,
    cast(first_fiscal_year as integer) as first_fiscal_year,
    cast(last_fiscal_year as integer) as last_fiscal_year
from read_csv('@SEEDS_DIR@/expected_funds.csv', header = true, all_varchar = true);

create temp table fund_mergers as
select merged_fund_code, into_fund_code, cast(first_fiscal_year as integer) as first_fiscal_year
from read_csv('@SEEDS_DIR@/fund_mergers.csv', header = true, all_varchar = true);

create temp table roll_forward_phase_pairs as
select prior_phase_code, phase_code, severity
from read_csv('@SEEDS_DIR@/roll_forward_phase_pairs.csv', header = true, all_varchar = true);

create temp table exhaustive_parts as
select total_line_code, marker_line_code
from read_csv('@SEEDS_DIR@/exhaustive_parts.csv', header = true, all_varchar = true);

-- the files --------------------------------------------------------------------------------------

create temp table documents as
select document_id, region_code, scope, cast(fiscal_year as integer) as fiscal_year, document_kind
from read_csv('@DATA_DIR@/*/document.csv', header = true, all_varchar = true);

create temp table cells as
select
    document_id,
    table_code,
    unit_text,
    cast(source_line as integer) as source_line,
    row_label,
    nullif(trim(fund_header_label), '') as fund_header_label,
    nullif(trim(fund_column_label), '') as fund_column_label,
    value_header,
    cast(fiscal_year as integer) as fiscal_year,
    phase as phase_code,
    amount_text,
    translate(
        regexp_replace(coalesce(amount_text, ''), '[,，\s　]', '', 'g'),
        '０１２３４５６７８９．－−（）△',
        '0123456789.--()-'
    ) as amount_digits
-- every column read as text and cast here: faster than declaring the types to the reader
from read_csv('@DATA_DIR@/*/table_cells.csv', header = true, all_varchar = true)
where value_kind = 'amount';

-- each distinct label mapped once: the fund by the longest name it contains (after the
-- prefixes 其中、一、…), the line by the one label pattern that matches the rest whole
create temp table label_mappings as
with

labels as (
    select distinct table_code, fiscal_year, fund_column_label, fund_header_label, row_label
    from cells
),

stripped as (
    select
        *,
        regexp_replace(
            regexp_replace(coalesce(fund_column_label, fund_header_label, row_label), '\s', '', 'g'),
            (select pattern from label_prefix),
            ''
        ) as fund_label,
        regexp_replace(
            regexp_replace(row_label, '\s', '', 'g'), (select pattern from label_prefix), ''
        ) as row_label_core,
        fund_header_label is not null as is_part_row
    from labels
),

funds as (
    select
        stripped.*,
        fund_aliases.fund_code,
        case
            when stripped.is_part_row or stripped.fund_column_label is not null
                then stripped.row_label_core
            else substr(
                stripped.fund_label,
                strpos(stripped.fund_label, fund_aliases.alias_zh) + length(fund_aliases.alias_zh)
            )
        end as line_label
    from stripped
    inner join fund_aliases
        on
            contains(stripped.fund_label, fund_aliases.alias_zh)
            and stripped.fiscal_year between fund_aliases.first_fiscal_year
            and fund_aliases.last_fiscal_year
    qualify row_number() over (
        partition by
            stripped.table_code, stripped.fiscal_year, stripped.fund_column_label,
            stripped.fund_header_label, stripped.row_label
        order by length(fund_aliases.alias_zh) desc, fund_aliases.fund_code
    ) = 1
)

select funds.*, lines.line_code
from funds
inner join lines
    on
        funds.table_code = lines.table_code
        and lines.line_role = case when funds.is_part_row then 'part' else 'total' end
        and regexp_full_match(funds.line_label, lines.label_pattern)
qualify count(*) over (
    partition by
        funds.table_code, funds.fiscal_year, funds.fund_column_label, funds.fund_header_label,
        funds.row_label
) = 1;

-- every printed figure in 万元, with the rounding unit of its table
create temp table figures as
with

parsed as (
    select
        cells.*,
        case
            when amount_digits = '' or regexp_full_match(amount_digits, '[-—–~]+') then 'blank'
            when regexp_full_match(amount_digits, '-?[0-9]+([.][0-9]+)?') then 'number'
            when regexp_full_match(amount_digits, '[(][0-9]+([.][0-9]+)?[)]') then 'number'
            else 'malformed'
        end as amount_status,
        replace(replace(amount_digits, '(', '-'), ')', '') as signed_digits
    from cells
),

converted as (
    select
        parsed.*,
        parsed.amount_status = 'blank' as is_blank,
        case when parsed.amount_status = 'number'
            then cast(parsed.signed_digits as decimal(24, 6)) * money_units.wan_yuan_per_unit
        end as amount_wan_yuan,
        case when parsed.amount_status = 'number'
            then money_units.wan_yuan_per_unit * case
                when strpos(parsed.signed_digits, '.') = 0 then 1
                else case length(parsed.signed_digits) - strpos(parsed.signed_digits, '.')
                    when 1 then 0.1
                    when 2 then 0.01
                    when 3 then 0.001
                    when 4 then 0.0001
                    when 5 then 0.00001
                    else 0.000001
                end
            end
        end as printed_unit_wan_yuan,
        money_units.coarser_unit_wan_yuan
    from parsed
    left join money_units
        on parsed.unit_text = money_units.unit_text
),

rounded as (
    select
        *,
        cast(case
            when amount_wan_yuan is null then 0
            when coarser_unit_wan_yuan is not null and bool_and(
                amount_wan_yuan is null or amount_wan_yuan % coarser_unit_wan_yuan = 0
            ) over (partition by document_id, table_code)
                then coarser_unit_wan_yuan
            else min(printed_unit_wan_yuan) over (partition by document_id, table_code)
        end as decimal(24, 6)) as rounding_unit_wan_yuan
    from converted
)

select
    rounded.document_id,
    documents.region_code,
    documents.scope,
    rounded.fiscal_year,
    rounded.phase_code,
    rounded.table_code,
    label_mappings.fund_code,
    label_mappings.line_code,
    rounded.amount_text,
    rounded.unit_text,
    rounded.is_blank,
    cast(rounded.amount_wan_yuan as decimal(24, 6)) as amount_wan_yuan,
    rounded.rounding_unit_wan_yuan,
    rounded.source_line,
    rounded.row_label,
    rounded.value_header,
    coalesce(
        rounded.fiscal_year = documents.fiscal_year
        and rounded.phase_code = documents.document_kind,
        false
    ) as is_own_document
from rounded
inner join label_mappings
    on
        rounded.table_code is not distinct from label_mappings.table_code
        and rounded.fiscal_year is not distinct from label_mappings.fiscal_year
        and rounded.fund_column_label is not distinct from label_mappings.fund_column_label
        and rounded.fund_header_label is not distinct from label_mappings.fund_header_label
        and rounded.row_label is not distinct from label_mappings.row_label
left join documents
    on rounded.document_id = documents.document_id
qualify row_number() over (
    partition by
        rounded.document_id, rounded.fiscal_year, rounded.phase_code, label_mappings.fund_code,
        label_mappings.line_code
    order by rounded.source_line, rounded.value_header
) = 1;

-- the facts: one figure per place, year, phase, fund and line (its own document's first)
create or replace table core.fund_lines as
select * exclude (restatement_rank)
from (
    select
        *,
        row_number() over (
            partition by region_code, scope, fiscal_year, phase_code, fund_code, line_code
            order by is_own_document desc, document_id
        ) as restatement_rank
    from figures
)
where restatement_rank = 1;

-- one row per document, year, phase and fund: the lines the identities need, side by side
create temp table fund_years_all as
select
    document_id,
    region_code,
    scope,
    fiscal_year,
    phase_code,
    fund_code,
    bool_or(is_own_document) as is_own_document,
    max(amount_wan_yuan) filter (line_code = 'income_total') as income_wan_yuan,
    bool_or(is_blank) filter (line_code = 'income_total') as income_is_blank,
    count(*) filter (line_code = 'income_total') > 0 as income_is_printed,
    coalesce(max(rounding_unit_wan_yuan) filter (line_code = 'income_total'), 0) as income_unit,
    max(amount_wan_yuan) filter (line_code = 'expenditure_total') as expenditure_wan_yuan,
    bool_or(is_blank) filter (line_code = 'expenditure_total') as expenditure_is_blank,
    count(*) filter (line_code = 'expenditure_total') > 0 as expenditure_is_printed,
    coalesce(max(rounding_unit_wan_yuan) filter (line_code = 'expenditure_total'), 0)
        as expenditure_unit,
    max(amount_wan_yuan) filter (line_code = 'surplus') as surplus_wan_yuan,
    bool_or(is_blank) filter (line_code = 'surplus') as surplus_is_blank,
    count(*) filter (line_code = 'surplus') > 0 as surplus_is_printed,
    coalesce(max(rounding_unit_wan_yuan) filter (line_code = 'surplus'), 0) as surplus_unit,
    max(amount_wan_yuan) filter (line_code = 'closing_balance') as closing_balance_wan_yuan,
    bool_or(is_blank) filter (line_code = 'closing_balance') as closing_balance_is_blank,
    count(*) filter (line_code = 'closing_balance') > 0 as closing_balance_is_printed,
    coalesce(max(rounding_unit_wan_yuan) filter (line_code = 'closing_balance'), 0)
        as closing_balance_unit,
    cast(
        coalesce(max(amount_wan_yuan) filter (line_code = 'income_total'), 0)
        - coalesce(max(amount_wan_yuan) filter (line_code = 'expenditure_total'), 0)
        as decimal(24, 6)
    ) as surplus_computed_wan_yuan
from figures
group by all;

create or replace table core.fund_years as
select
    region_code,
    scope,
    fiscal_year,
    phase_code,
    fund_code,
    income_wan_yuan,
    expenditure_wan_yuan,
    surplus_wan_yuan as surplus_printed_wan_yuan,
    surplus_computed_wan_yuan,
    cast(surplus_computed_wan_yuan - coalesce(surplus_wan_yuan, 0) as decimal(24, 6))
        as surplus_difference_wan_yuan,
    closing_balance_wan_yuan,
    document_id
from fund_years_all
qualify row_number() over (
    partition by region_code, scope, fiscal_year, phase_code, fund_code
    order by is_own_document desc, document_id
) = 1;

-- the rules: every result, passed or failed ------------------------------------------------------

-- each part line beside its nearest printed ancestor: its parent, else its parent's parent
create temp table part_lines as
select
    parts.document_id,
    parts.region_code,
    parts.scope,
    parts.fiscal_year,
    parts.phase_code,
    parts.table_code,
    parts.fund_code,
    parts.line_code,
    parts.amount_wan_yuan,
    parts.is_blank,
    parts.rounding_unit_wan_yuan,
    coalesce(parents.line_code, grandparents.line_code) as parent_line_code,
    coalesce(parents.amount_wan_yuan, grandparents.amount_wan_yuan) as total_wan_yuan,
    coalesce(parents.is_blank, grandparents.is_blank) as total_is_blank,
    coalesce(parents.rounding_unit_wan_yuan, grandparents.rounding_unit_wan_yuan)
        as total_rounding_unit_wan_yuan,
    exhaustive_parts.marker_line_code is not null as is_marker
from figures as parts
inner join lines
    on parts.line_code = lines.line_code and lines.line_role = 'part'
left join lines as parent_lines
    on lines.parent_line_code = parent_lines.line_code
left join figures as parents
    on
        parts.document_id = parents.document_id
        and parts.fiscal_year = parents.fiscal_year
        and parts.phase_code = parents.phase_code
        and parts.fund_code = parents.fund_code
        and lines.parent_line_code = parents.line_code
left join figures as grandparents
    on
        parts.document_id = grandparents.document_id
        and parts.fiscal_year = grandparents.fiscal_year
        and parts.phase_code = grandparents.phase_code
        and parts.fund_code = grandparents.fund_code
        and parent_lines.parent_line_code = grandparents.line_code
left join exhaustive_parts
    on
        coalesce(parents.line_code, grandparents.line_code) = exhaustive_parts.total_line_code
        and parts.line_code = exhaustive_parts.marker_line_code;

create temp table part_sums as
select
    document_id,
    region_code,
    scope,
    fiscal_year,
    phase_code,
    table_code,
    fund_code,
    parent_line_code,
    cast(coalesce(max(total_wan_yuan), 0) as decimal(24, 6)) as total_wan_yuan,
    cast(coalesce(sum(amount_wan_yuan), 0) as decimal(24, 6)) as sum_of_parts_wan_yuan,
    0.5 * sum(rounding_unit_wan_yuan) as parts_tolerance_wan_yuan,
    0.5 * (sum(rounding_unit_wan_yuan) + max(total_rounding_unit_wan_yuan))
        as parts_and_total_tolerance_wan_yuan,
    bool_or(is_marker) as is_exhaustive
from part_lines
group by all;

create temp table results as
-- funds_sum_to_total: per line, the funds add up to the printed total
select
    'funds_sum_to_total' as rule_id,
    cast(null as varchar) as severity_override,
    document_id,
    fiscal_year,
    phase_code,
    table_code,
    'total' as fund_code,
    line_code,
    cast(null as varchar) as compared_document_id,
    coalesce(sum(amount_wan_yuan) filter (fund_code = 'total'), 0) as expected_wan_yuan,
    coalesce(sum(amount_wan_yuan) filter (fund_code <> 'total'), 0) as actual_wan_yuan,
    cast(null as decimal(24, 6)) as difference_wan_yuan,
    0.5 * coalesce(sum(rounding_unit_wan_yuan), 0) as tolerance_wan_yuan,
    cast(null as boolean) as is_satisfied
from figures
group by document_id, fiscal_year, phase_code, table_code, line_code
having bool_or(fund_code = 'total')

union all
-- surplus_identity: the printed surplus is income less expenditure
select
    'surplus_identity', null, document_id, fiscal_year, phase_code, 'balance', fund_code,
    'surplus', null,
    coalesce(surplus_wan_yuan, 0),
    surplus_computed_wan_yuan,
    null,
    0.5 * (income_unit + expenditure_unit),
    null
from fund_years_all
where surplus_is_printed and (income_is_printed or expenditure_is_printed)

union all
-- part_within_total: an of-which line is at most its total
select
    'part_within_total', null, document_id, fiscal_year, phase_code, table_code, fund_code,
    line_code, null,
    coalesce(total_wan_yuan, 0),
    coalesce(amount_wan_yuan, 0),
    greatest(coalesce(amount_wan_yuan, 0) - coalesce(total_wan_yuan, 0), 0),
    0,
    null
from part_lines

union all
-- parts_sum_within_total: the of-which lines add up to at most their total
select
    'parts_sum_within_total', null, document_id, fiscal_year, phase_code, table_code, fund_code,
    parent_line_code, null,
    total_wan_yuan,
    sum_of_parts_wan_yuan,
    greatest(sum_of_parts_wan_yuan - total_wan_yuan, 0),
    parts_tolerance_wan_yuan,
    null
from part_sums

union all
-- parts_sum_to_total: exhaustive parts add up to their total
select
    'parts_sum_to_total', null, document_id, fiscal_year, phase_code, table_code, fund_code,
    parent_line_code, null,
    total_wan_yuan,
    sum_of_parts_wan_yuan,
    null,
    parts_and_total_tolerance_wan_yuan,
    null
from part_sums
where is_exhaustive

union all
-- roll_forward: year-end balance(Y-1) + surplus(Y) = year-end balance(Y)
select * from (
    with

    own as (
        select * from fund_years_all
        qualify row_number() over (
            partition by region_code, scope, fiscal_year, phase_code, fund_code
            order by is_own_document desc, document_id
        ) = 1
    ),

    prior_balances as (
        select
            own.document_id,
            own.region_code,
            own.scope,
            own.fiscal_year,
            own.phase_code,
            coalesce(fund_mergers.into_fund_code, own.fund_code) as fund_code,
            sum(own.closing_balance_wan_yuan) as closing_balance_wan_yuan,
            sum(own.closing_balance_unit) as closing_balance_unit,
            bool_or(own.closing_balance_is_printed) as closing_balance_is_printed
        from own
        left join fund_mergers
            on
                own.fund_code = fund_mergers.merged_fund_code
                and own.fiscal_year + 1 = fund_mergers.first_fiscal_year
        group by all
    )

    select
        'roll_forward',
        coalesce(roll_forward_phase_pairs.severity, 'warning'),
        current_year.document_id,
        current_year.fiscal_year,
        current_year.phase_code,
        'balance',
        current_year.fund_code,
        'closing_balance',
        prior_year.document_id,
        coalesce(current_year.closing_balance_wan_yuan, 0),
        coalesce(prior_year.closing_balance_wan_yuan, 0)
        + coalesce(current_year.surplus_wan_yuan, 0),
        null,
        0.5 * (prior_year.closing_balance_unit + current_year.surplus_unit),
        null
    from own as current_year
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
)

union all
-- expected_fund_present: every required fund and the total has its rows in each table
select * from (
    with

    expected as (
        select documents.document_id, documents.fiscal_year, expected_funds.fund_code,
            expected_funds.requirement
        from documents
        inner join expected_funds
            on
                expected_funds.region_code in (documents.region_code, '*')
                and expected_funds.scope in (documents.scope, '*')
                and documents.fiscal_year between expected_funds.first_fiscal_year
                and expected_funds.last_fiscal_year
        qualify dense_rank() over (
            partition by documents.document_id
            order by expected_funds.region_code = '*', expected_funds.scope = '*'
        ) = 1
        union all
        select document_id, fiscal_year, 'total', 'required' from documents
    ),

    printed as (
        select distinct document_id, table_code, fund_code from figures
    )

    select
        'expected_fund_present',
        null,
        expected.document_id,
        expected.fiscal_year,
        null,
        statements.table_code,
        expected.fund_code,
        null,
        null,
        null,
        null,
        null,
        null,
        printed.document_id is not null
    from expected
    cross join (select distinct table_code from lines) as statements
    left join printed
        on
            expected.document_id = printed.document_id
            and statements.table_code = printed.table_code
            and expected.fund_code = printed.fund_code
    where expected.requirement = 'required' or printed.document_id is not null
);

-- a result's severity: none when passed, info within the rounding tolerance, else the rule's
create or replace table core.rule_results as
with

judged as (
    select
        results.*,
        cast(coalesce(
            results.difference_wan_yuan, results.actual_wan_yuan - results.expected_wan_yuan
        ) as decimal(24, 6)) as difference,
        coalesce(results.severity_override, rules.severity) as severity_if_failed
    from results
    inner join rules
        on results.rule_id = rules.rule_id
),

statuses as (
    select
        *,
        case
            when is_satisfied then 'passed'
            when not is_satisfied then 'failed'
            when difference = 0 then 'passed'
            when abs(difference) <= tolerance_wan_yuan then 'within_tolerance'
            else 'failed'
        end as status
    from judged
)

select
    rule_id,
    case status
        when 'passed' then 'none'
        when 'within_tolerance' then 'info'
        else severity_if_failed
    end as severity,
    status,
    document_id,
    fiscal_year,
    phase_code,
    table_code,
    fund_code,
    line_code,
    compared_document_id,
    cast(expected_wan_yuan as decimal(24, 6)) as expected_wan_yuan,
    cast(actual_wan_yuan as decimal(24, 6)) as actual_wan_yuan,
    difference as difference_wan_yuan,
    cast(tolerance_wan_yuan as decimal(24, 6)) as tolerance_wan_yuan
from statuses;
