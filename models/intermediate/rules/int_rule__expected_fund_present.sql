{#- expected_fund_present: every fund expected of the region and year (seed expected_funds), and
    the all-funds total, has its row in each table; a blank row counts as present. -#}
with

table_funds as (

    select * from {{ ref('int_table_funds_matched') }}
    where is_expected

),

final as (

    {{ rule_findings(
        'table_funds',
        rule_id='expected_fund_present',
        phase_code='null',
        line_code='null',
        is_satisfied='is_printed',
        source_lines='source_lines',
    ) }}

)

select * from final
