{#- amount_non_negative: income, expenditure and their parts (lines whose sign_rule is
    non_negative, seed lines) are at least 0 (DOMAIN identity 6); the difference is the amount
    below 0. -#}
with

cells as (

    select * from {{ ref('int_fund_figures') }}

),

lines as (

    select * from {{ ref('lines') }}

),

non_negative_lines as (

    select cells.*
    from cells
    inner join lines
        on cells.line_code = lines.line_code
    where lines.sign_rule = 'non_negative'

),

final as (

    {{ rule_findings(
        'non_negative_lines',
        rule_id='amount_non_negative',
        expected='0',
        actual='coalesce(amount_wan_yuan, 0)',
        difference='greatest(-coalesce(amount_wan_yuan, 0), 0)',
        tolerance='0',
        has_blank_terms='is_blank',
        source_lines=as_text('source_line'),
    ) }}

)

select * from final
