{#- funds_sum_to_total: for every line of a table, the sum over the funds equals the printed
    all-funds total (DOMAIN identity 1), within half the rounding unit of each fund figure. -#}
with

cells as (

    select * from {{ ref('int_table_cells_mapped') }}
    where mapping_status = 'mapped'

),

line_sums as (

    select
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        table_code,
        line_code,
        coalesce(sum(case when fund_code = 'total' then amount_wan_yuan end), 0)
            as printed_total_wan_yuan,
        coalesce(sum(case when fund_code <> 'total' then amount_wan_yuan end), 0)
            as sum_of_funds_wan_yuan,
        {{ rounding_tolerance(
            'coalesce(sum(case when fund_code <> \'total\' then rounding_unit_wan_yuan end), 0)'
        ) }} as tolerance_wan_yuan,
        bool_or(is_blank) as has_blank_terms,
        string_agg(cast(source_line as varchar), ', ' order by source_line) as source_lines
    from cells
    group by document_id, region_code, scope, fiscal_year, phase_code, table_code, line_code
    having bool_or(fund_code = 'total')

),

final as (

    {{ rule_findings(
        'line_sums',
        rule_id='funds_sum_to_total',
        fund_code="'total'",
        expected='printed_total_wan_yuan',
        actual='sum_of_funds_wan_yuan',
        tolerance='tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='source_lines',
    ) }}

)

select * from final
