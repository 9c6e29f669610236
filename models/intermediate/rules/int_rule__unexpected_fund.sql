{#- unexpected_fund: a fund printed in a table that is not expected of the region and year (seed
    expected_funds; e.g. maternity after its merger) is reported. Only failures: a fund that is
    expected is expected_fund_present's subject. -#}
with

table_funds as (

    select * from {{ ref('int_table_funds_matched') }}
    where not is_expected

),

final as (

    {{ rule_findings(
        'table_funds',
        rule_id='unexpected_fund',
        phase_code='null',
        line_code='null',
        is_satisfied='false',
        source_lines='source_lines',
    ) }}

)

select * from final
