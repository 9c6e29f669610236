{#- narrative_figure_on_a_line: every amount the narrative states is read onto a fund and a
    line of the catalogue, so that it is compared with the tables; a figure whose words name no
    line (or no fund) is reported, as information: stated, and not checked. -#}
with

narrative as (

    select * from {{ ref('int_narrative_figures_reconciled') }}
    where statement_source = 'narrative' and figure_kind = 'amount'

),

final as (

    {{ rule_findings(
        'narrative',
        rule_id='narrative_figure_on_a_line',
        table_code='statement_source',
        subject_key=as_text('source_line') ~ " || ':' || amount_text",
        actual='amount_wan_yuan',
        is_satisfied='fund_code is not null and line_code is not null',
        source_lines=as_text('source_line'),
    ) }}

)

select * from final
