{#- narrative_matches_table: every figure the narrative (说明) or the performance-target table
    states equals the table figure of the same document, fund, line, year and phase (blank counts
    as 0), read in its stated unit, or in the table's when only that matches (the wrong unit is
    narrative_unit_matches_table's finding); a figure matching in neither differs. -#}
with

narrative as (

    select * from {{ ref('int_narrative_figures_reconciled') }}
    where table_source_line is not null

),

statements as (

    select
        *,
        case
            when not matches_in_stated_unit and matches_in_table_unit
                then coalesce(amount_in_table_unit_wan_yuan, 0)
            else coalesce(amount_wan_yuan, 0)
        end as stated_wan_yuan
    from narrative

),

final as (

    {{ rule_findings(
        'statements',
        rule_id='narrative_matches_table',
        table_code='statement_source',
        compared_document_id='document_id',
        compared_fiscal_year='fiscal_year',
        compared_phase_code='phase_code',
        subject_key=as_text('source_line'),
        expected='coalesce(table_amount_wan_yuan, 0)',
        actual='stated_wan_yuan',
        tolerance='tolerance_wan_yuan',
        has_blank_terms='table_is_blank',
        source_lines=as_text('source_line'),
        compared_source_lines=as_text('table_source_line'),
    ) }}

)

select * from final
