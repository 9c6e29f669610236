with

figures as (

    select * from {{ ref('int_narrative_figures_reconciled') }}

),

final as (

    select
        document_id,
        statement_source,
        source_line,
        {{ printed_place('source_place', 'source_line') }} as source_place,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        fund_code,
        line_code,
        section_label,
        figure_label,
        figure_kind,
        checked_label,
        amount_text,
        unit_text,
        amount_wan_yuan,
        table_amount_wan_yuan,
        table_is_blank,
        table_unit_text,
        table_source_line,
        case
            when table_source_line is not null
                then {{ printed_place('table_source_place', 'table_source_line') }}
        end as table_source_place,
        reconciliation,
        {{ build_id() }} as build_id
    from figures

)

select * from final
