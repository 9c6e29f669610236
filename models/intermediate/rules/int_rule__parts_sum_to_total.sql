{#- parts_sum_to_total: where a total's parts are exhaustive (seed exhaustive_parts: the total is
    printed with its marker part, 收入合计 with 收入小计, 收入小计 with 其他收入), the parts add up to
    the total: 收入合计 = 收入小计 + 上级补助收入 + 下级上解收入 (+ 中央调剂基金收入), the same for
    expenditure, and each subtotal = the sum of its items; within half the rounding unit of each
    term, the total's included. Where the parts are not exhaustive, parts_sum_within_total
    applies alone. -#}
with

part_lines as (

    select * from {{ ref('int_part_lines_paired') }}

),

exhaustive_parts as (

    select * from {{ ref('exhaustive_parts') }}

),

marked as (

    select
        part_lines.*,
        exhaustive_parts.marker_line_code is not null as is_marker
    from part_lines
    left join exhaustive_parts
        on
            part_lines.parent_line_code = exhaustive_parts.total_line_code
            and part_lines.line_code = exhaustive_parts.marker_line_code

),

part_sums as (

    select
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        table_code,
        fund_code,
        parent_line_code,
        coalesce(max(total_wan_yuan), 0) as total_wan_yuan,
        coalesce(sum(amount_wan_yuan), 0) as sum_of_parts_wan_yuan,
        {{ rounding_tolerance('sum(rounding_unit_wan_yuan) + max(total_rounding_unit_wan_yuan)') }}
            as tolerance_wan_yuan,
        bool_or(is_blank) or bool_or(total_is_blank) as has_blank_terms,
        bool_or(is_marker) as is_exhaustive,
        cast(min(total_source_line) as varchar) || ', '
        || string_agg(cast(source_line as varchar), ', ' order by source_line) as source_lines
    from marked
    group by
        document_id, region_code, scope, fiscal_year, phase_code, table_code, fund_code,
        parent_line_code

),

exhaustive as (

    select * from part_sums
    where is_exhaustive

),

final as (

    {{ rule_findings(
        'exhaustive',
        rule_id='parts_sum_to_total',
        line_code='parent_line_code',
        expected='total_wan_yuan',
        actual='sum_of_parts_wan_yuan',
        tolerance='tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='source_lines',
    ) }}

)

select * from final
