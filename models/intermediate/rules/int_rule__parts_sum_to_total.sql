{#- parts_sum_to_total: where a total's parts are exhaustive (int_part_sums, seed
    exhaustive_parts), the parts add up to the total: 收入合计 = 收入小计 + 上级补助收入 +
    下级上解收入 (+ 中央调剂基金收入), the same for expenditure, and each subtotal = the sum of its
    items, those the catalogue lists and those it does not (2.医疗补助金); within half the
    rounding unit of each term, the total's included. Where the parts are not exhaustive,
    parts_sum_within_total applies alone. -#}
with

part_sums as (

    select * from {{ ref('int_part_sums') }}
    where is_exhaustive

),

final as (

    {{ rule_findings(
        'part_sums',
        rule_id='parts_sum_to_total',
        line_code='parent_line_code',
        expected='total_wan_yuan',
        actual='sum_of_parts_wan_yuan',
        tolerance='parts_and_total_tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='source_lines',
    ) }}

)

select * from final
