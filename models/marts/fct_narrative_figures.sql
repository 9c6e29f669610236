with

figures as (

    select * from {{ ref('int_narrative_figures_reconciled') }}

),

final as (

    select
        document_id,
        statement_source,
        source_line,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        fund_code,
        line_code,
        section_label,
        figure_label,
        amount_text,
        unit_text,
        amount_wan_yuan,
        table_amount_wan_yuan,
        table_is_blank,
        table_unit_text,
        table_source_line,
        reconciliation,
        {{ build_id() }} as build_id
    from figures

)

select * from final
