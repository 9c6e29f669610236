{#- parts_sum_within_total: the listed "of which" lines of a total add up to at most the total
    (DOMAIN identity 4: parts, not a partition); the difference is the excess over the total,
    within half the rounding unit of each part summed. -#}
with

part_lines as (

    select * from {{ ref('int_part_lines_paired') }}

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
        {{ rounding_tolerance('sum(rounding_unit_wan_yuan)') }} as tolerance_wan_yuan,
        bool_or(is_blank) or bool_or(total_is_blank) as has_blank_terms,
        cast(min(total_source_line) as varchar) || ', '
        || string_agg(cast(source_line as varchar), ', ' order by source_line) as source_lines
    from part_lines
    group by
        document_id, region_code, scope, fiscal_year, phase_code, table_code, fund_code,
        parent_line_code

),

final as (

    {{ rule_findings(
        'part_sums',
        rule_id='parts_sum_within_total',
        line_code='parent_line_code',
        expected='total_wan_yuan',
        actual='sum_of_parts_wan_yuan',
        difference='greatest(sum_of_parts_wan_yuan - total_wan_yuan, 0)',
        tolerance='tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='source_lines',
    ) }}

)

select * from final
