{#- parts_sum_within_total: the listed "of which" lines of a total (and its unlisted items) add
    up to at most the total (DOMAIN identity 4: parts, not a partition); the difference is the
    excess over the total, within half the rounding unit of each part summed. -#}
with

part_sums as (

    select * from {{ ref('int_part_sums') }}

),

final as (

    {{ rule_findings(
        'part_sums',
        rule_id='parts_sum_within_total',
        line_code='parent_line_code',
        expected='total_wan_yuan',
        actual='sum_of_parts_wan_yuan',
        difference='greatest(sum_of_parts_wan_yuan - total_wan_yuan, 0)',
        tolerance='parts_tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='source_lines',
    ) }}

)

select * from final
