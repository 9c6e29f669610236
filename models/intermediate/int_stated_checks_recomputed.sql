{#- One row per check stated beside a figure (比上年增长5.2%, 比上年增加120亿元, 完成预算的101.3%;
    int_narrative_figures_reconciled, figure kinds other than amount) or printed in a table's
    check column (比上年增长%, 完成预算%: int_table_checks_mapped) with the figure it checks
    and, where the warehouse holds it, the figure it is over (seed check_bases: the previous
    final account, the budget of the year …, the most preferred one held; printed in the
    check's own document first, as a table row prints it beside its check): the value the check
    recomputes to, in the check's printed unit, and the amount the printed check implies for the
    checked figure, in 万元, with the rounding tolerance of that implied amount (half the
    printed unit of the check, of the basis and of the checked figure, carried through). -#}
with

stated_columns as (

    {%- set stated_columns = [
        'figure_id', 'document_id', 'statement_source', 'region_code', 'scope', 'fiscal_year',
        'phase_code', 'fund_code', 'line_code', 'figure_kind', 'figure_label', 'checked_label',
        'amount_text', 'unit_text', 'source_line', 'source_place', 'amount_printed_unit',
        'rounding_unit_printed_unit', 'wan_yuan_per_unit',
    ] %}

    select {{ stated_columns | join(', ') }}
    from {{ ref('int_narrative_figures_reconciled') }}

    union all

    select {{ stated_columns | join(', ') }}
    from {{ ref('int_table_checks_mapped') }}

),

stated as (

    select * from stated_columns
    where figure_kind in ('growth_rate', 'growth_amount', 'completion_rate')

),

figures as (

    select * from {{ ref('int_fund_figures') }}

),

check_words as (

    select * from {{ ref('check_words') }}

),

check_bases as (

    select * from {{ ref('check_bases') }}

),

phases as (

    select * from {{ ref('phases') }}

),

directions as (

    select
        stated.figure_id,
        coalesce(max(check_words.direction), 1) as direction
    from stated
    left join check_words
        on
            stated.figure_kind = check_words.figure_kind
            and {{ regex_matches('stated.figure_label', 'check_words.label_pattern') }}
    group by stated.figure_id

),

directed as (

    select
        stated.*,
        directions.direction
    from stated
    inner join directions
        on stated.figure_id = directions.figure_id

),

checked as (

    select
        directed.*,
        figures.amount_wan_yuan as checked_wan_yuan,
        figures.rounding_unit_wan_yuan as checked_rounding_unit_wan_yuan,
        figures.source_line as checked_source_line
    from directed
    left join figures
        on
            directed.document_id = figures.document_id
            and directed.fiscal_year = figures.fiscal_year
            and directed.phase_code = figures.phase_code
            and directed.fund_code = figures.fund_code
            and directed.line_code = figures.line_code

),

basis_candidates as (

    select
        checked.figure_id,
        bases.document_id as compared_document_id,
        bases.fiscal_year as compared_fiscal_year,
        bases.phase_code as compared_phase_code,
        bases.amount_wan_yuan as basis_wan_yuan,
        bases.rounding_unit_wan_yuan as basis_rounding_unit_wan_yuan,
        bases.source_line as compared_source_line,
        check_bases.severity,
        row_number() over (
            partition by checked.figure_id
            order by
                check_bases.preference asc,
                bases.document_id = checked.document_id desc,
                bases.restatement_rank asc
        ) as basis_rank
    from checked
    inner join phases
        on checked.phase_code = phases.phase_code
    inner join check_bases
        on
            checked.figure_kind = check_bases.figure_kind
            and check_bases.phase_code in (phases.phase_code, phases.phase_kind)
            and (
                coalesce(check_bases.label_pattern, '') = ''
                or {{ regex_matches('checked.figure_label', 'check_bases.label_pattern') }}
            )
    inner join figures as bases
        on
            checked.region_code = bases.region_code
            and checked.scope = bases.scope
            and checked.fund_code = bases.fund_code
            and checked.line_code = bases.line_code
            and checked.fiscal_year + check_bases.compared_fiscal_year_offset = bases.fiscal_year
            and coalesce(nullif(check_bases.compared_phase_code, ''), checked.phase_code)
            = bases.phase_code
    where not bases.is_blank

),

based as (

    select
        checked.*,
        basis_candidates.compared_document_id,
        basis_candidates.compared_fiscal_year,
        basis_candidates.compared_phase_code,
        basis_candidates.basis_wan_yuan,
        basis_candidates.basis_rounding_unit_wan_yuan,
        basis_candidates.compared_source_line,
        basis_candidates.severity,
        cast(checked.direction * checked.amount_printed_unit as decimal(24, 6)) as signed_check,
        checked.checked_wan_yuan - basis_candidates.basis_wan_yuan as growth_wan_yuan
    from checked
    left join basis_candidates
        on
            checked.figure_id = basis_candidates.figure_id
            and basis_candidates.basis_rank = 1

),

final as (

    select
        figure_id,
        document_id,
        statement_source,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        fund_code,
        line_code,
        figure_kind,
        figure_label,
        checked_label,
        amount_text,
        unit_text,
        source_line,
        source_place,
        severity,
        checked_wan_yuan,
        checked_source_line,
        compared_document_id,
        compared_fiscal_year,
        compared_phase_code,
        basis_wan_yuan,
        compared_source_line,
        case
            when basis_wan_yuan is null or checked_wan_yuan is null then null
            when figure_kind = 'growth_amount'
                then {{ exact_ratio('growth_wan_yuan', 'wan_yuan_per_unit', 4) }}
            when figure_kind = 'growth_rate'
                then {{ exact_ratio('growth_wan_yuan * 100', 'basis_wan_yuan', 4) }}
            else {{ exact_ratio('checked_wan_yuan * 100', 'basis_wan_yuan', 4) }}
        end as recomputed_value,
        cast(
            case
                when figure_kind = 'growth_amount'
                    then basis_wan_yuan + signed_check * wan_yuan_per_unit
                when figure_kind = 'growth_rate'
                    then basis_wan_yuan + basis_wan_yuan * signed_check * 0.01
                else basis_wan_yuan * signed_check * 0.01
            end as decimal(24, 6)
        ) as implied_wan_yuan,
        cast(
            0.5 * checked_rounding_unit_wan_yuan
            + case
                when figure_kind = 'growth_amount'
                    then 0.5 * (
                            rounding_unit_printed_unit * wan_yuan_per_unit
                            + basis_rounding_unit_wan_yuan
                        )
                when figure_kind = 'growth_rate'
                    then 0.5 * abs(basis_wan_yuan) * rounding_unit_printed_unit * 0.01
                        + 0.5 * basis_rounding_unit_wan_yuan * abs(1 + signed_check * 0.01)
                else 0.5 * abs(basis_wan_yuan) * rounding_unit_printed_unit * 0.01
                    + 0.5 * basis_rounding_unit_wan_yuan * abs(signed_check) * 0.01
            end as decimal(24, 6)
        ) as tolerance_wan_yuan
    from based

)

select * from final
