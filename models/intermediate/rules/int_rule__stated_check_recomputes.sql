{#- stated_check_recomputes: a check stated beside a figure (比上年增长5.2%, 比上年增加120亿元,
    完成预算的101.3%) agrees with the figures the warehouse holds: the amount the printed check
    implies from its basis (int_stated_checks_recomputed: the previous final account, the budget
    of the year …) equals the checked figure, within the rounding of the check, the basis and the
    figure. Severity by basis (seed check_bases): an error over the basis the check is stated
    against, a warning over a stand-in. A check whose basis is not held is no subject. -#}
with

checks as (

    select * from {{ ref('int_stated_checks_recomputed') }}
    where implied_wan_yuan is not null and checked_wan_yuan is not null

),

final as (

    {{ rule_findings(
        'checks',
        rule_id='stated_check_recomputes',
        severity_override='severity',
        table_code='statement_source',
        compared_document_id='compared_document_id',
        compared_fiscal_year='compared_fiscal_year',
        compared_phase_code='compared_phase_code',
        subject_key="figure_kind || ':' || " ~ as_text('source_line'),
        expected='checked_wan_yuan',
        actual='implied_wan_yuan',
        tolerance='tolerance_wan_yuan',
        source_lines="concat_ws(', ', " ~ as_text('checked_source_line') ~ ", "
            ~ as_text('source_line') ~ ")",
        compared_source_lines=as_text('compared_source_line'),
    ) }}

)

select * from final
