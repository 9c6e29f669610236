{#- narrative_unit_matches_table: a stated figure that equals its table figure only when read in
    the table's unit states a wrong unit (e.g. 85,717 元 for 85,717 万元). Subjects: the stated
    figures that match in their stated unit or in the table's. -#}
with

narrative as (

    select * from {{ ref('int_narrative_figures_reconciled') }}
    where
        table_source_line is not null
        and (matches_in_stated_unit or matches_in_table_unit)

),

final as (

    {{ rule_findings(
        'narrative',
        rule_id='narrative_unit_matches_table',
        table_code='statement_source',
        compared_document_id='document_id',
        compared_fiscal_year='fiscal_year',
        compared_phase_code='phase_code',
        subject_key=as_text('source_line'),
        expected='coalesce(table_amount_wan_yuan, 0)',
        actual='coalesce(amount_wan_yuan, 0)',
        tolerance='tolerance_wan_yuan',
        is_satisfied='matches_in_stated_unit',
        has_blank_terms='table_is_blank',
        source_lines=as_text('source_line'),
        compared_source_lines=as_text('table_source_line'),
    ) }}

)

select * from final
