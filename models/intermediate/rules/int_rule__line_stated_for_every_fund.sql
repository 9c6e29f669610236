{#- line_stated_for_every_fund: a line the document states in prose only is stated for every
    fund required of it and for the total (int_stated_line_coverage); where it is not, the funds
    are not summed for it (funds_sum_to_total skips it) and each fund that does not state it is
    reported as information: a partial statement, not a missing fund or a broken total. -#}
with

coverage as (

    select * from {{ ref('int_stated_line_coverage') }}

),

final as (

    {{ rule_findings(
        'coverage',
        rule_id='line_stated_for_every_fund',
        is_satisfied='is_stated',
        source_lines='cast(source_line as varchar)',
    ) }}

)

select * from final
