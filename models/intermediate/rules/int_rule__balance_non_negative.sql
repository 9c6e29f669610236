{#- balance_non_negative: a year-end balance (lines whose sign_rule is warn_if_negative, seed
    lines) below 0 means the fund is exhausted: a finding about the fund, not a parse error
    (DOMAIN identity 6); the difference is the amount below 0. -#}
with

cells as (

    select * from {{ ref('int_fund_figures') }}

),

lines as (

    select * from {{ ref('lines') }}

),

balance_lines as (

    select cells.*
    from cells
    inner join lines
        on cells.line_code = lines.line_code
    where lines.sign_rule = 'warn_if_negative'

),

final as (

    {{ rule_findings(
        'balance_lines',
        rule_id='balance_non_negative',
        expected='0',
        actual='coalesce(amount_wan_yuan, 0)',
        difference='greatest(-coalesce(amount_wan_yuan, 0), 0)',
        tolerance='0',
        has_blank_terms='is_blank',
        source_lines=as_text('source_line'),
    ) }}

)

select * from final
