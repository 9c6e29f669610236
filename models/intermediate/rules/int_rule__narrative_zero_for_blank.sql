{#- narrative_zero_for_blank: the narrative states a figure where the table prints a blank cell;
    a stated 0 is reported (as information), so that blank and 0 stay apart. -#}
with

narrative as (

    select * from {{ ref('int_narrative_figures_reconciled') }}
    where table_is_blank

),

final as (

    {{ rule_findings(
        'narrative',
        rule_id='narrative_zero_for_blank',
        table_code='statement_source',
        compared_document_id='document_id',
        compared_fiscal_year='fiscal_year',
        compared_phase_code='phase_code',
        subject_key=as_text('source_line'),
        expected='coalesce(table_amount_wan_yuan, 0)',
        actual='coalesce(amount_wan_yuan, 0)',
        difference='coalesce(amount_wan_yuan, 0)',
        tolerance='tolerance_wan_yuan',
        is_satisfied='coalesce(amount_wan_yuan, 0) <> 0',
        has_blank_terms='table_is_blank',
        source_lines=as_text('source_line'),
        compared_source_lines=as_text('table_source_line'),
    ) }}

)

select * from final
