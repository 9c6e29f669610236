{#- expected_fund_present: every fund required of the region and year (seed expected_funds), and
    the all-funds total, has its row in each table, or, in a document of prose alone, is stated
    in its narrative (information there: prose may leave a fund out, a partial statement); a
    blank row counts as present. An optional fund (新农合 beside 城乡居民医疗) passes when printed
    and is no subject when not. -#}
with

table_funds as (

    select * from {{ ref('int_table_funds_matched') }}
    where is_required or (is_expected and is_printed)

),

final as (

    {{ rule_findings(
        'table_funds',
        rule_id='expected_fund_present',
        phase_code='null',
        line_code='null',
        is_satisfied='is_printed',
        source_lines='source_lines',
        severity_override="case when table_code = 'narrative' then 'info' end",
    ) }}

)

select * from final
