{#- One row per document × fund × line × fiscal year × phase: the figure the document gives for
    it, as its tables print it or, where no table prints it, as its narrative states it (a
    document of prose alone, the national 说明; or a figure only the prose has, such as the
    individual-account balance). The facts every identity is checked on, whichever way the figure
    was published. A figure stated twice in prose is taken from its first statement. A figure
    of a year and phase that is not its document's own (the budget that a final account prints
    beside its outturn, last year's outturn in a budget) is a restatement: restatement_rank
    orders the documents that give one figure, its own document first (the budget document for
    the budget), and the marts take rank 1; each document's identities are checked on all of
    its figures. -#}
with

cells as (

    select * from {{ ref('int_table_cells_mapped') }}
    where mapping_status = 'mapped' and printing_rank = 1

),

stated as (

    select * from {{ ref('int_narrative_figures_reconciled') }}
    where
        statement_source = 'narrative'
        and figure_kind = 'amount'
        and fund_code is not null
        and line_code is not null
        and table_source_line is null

),

lines as (

    select * from {{ ref('lines') }}

),

documents as (

    select * from {{ ref('stg_disclosures__documents') }}

),

table_figures as (

    select
        document_id,
        region_code,
        scope,
        fiscal_year,
        phase_code,
        table_code,
        fund_code,
        line_code,
        'table' as statement_source,
        amount_text,
        unit_text,
        is_blank,
        amount_wan_yuan,
        rounding_unit_wan_yuan,
        source_line,
        source_place,
        row_label as printed_label,
        value_header,
        attachment_label
    from cells

),

first_statements as (

    select
        stated.*,
        row_number() over (
            partition by
                stated.document_id,
                stated.fund_code,
                stated.line_code,
                stated.fiscal_year,
                stated.phase_code
            order by stated.source_line, stated.figure_id
        ) as statement_rank
    from stated

),

stated_figures as (

    select
        first_statements.document_id,
        first_statements.region_code,
        first_statements.scope,
        first_statements.fiscal_year,
        first_statements.phase_code,
        lines.table_code,
        first_statements.fund_code,
        first_statements.line_code,
        'narrative' as statement_source,
        first_statements.amount_text,
        first_statements.unit_text,
        first_statements.amount_status in ('blank', 'dash') as is_blank,
        first_statements.amount_wan_yuan,
        first_statements.rounding_unit_wan_yuan,
        first_statements.source_line,
        first_statements.source_place,
        first_statements.figure_label as printed_label,
        {{ as_text('null') }} as value_header,
        {{ as_text('null') }} as attachment_label
    from first_statements
    inner join lines
        on first_statements.line_code = lines.line_code
    where first_statements.statement_rank = 1

),

figures as (

    select * from table_figures
    union all
    select * from stated_figures

),

owned as (

    select
        figures.*,
        coalesce(
            figures.fiscal_year = documents.fiscal_year
            and figures.phase_code = documents.document_kind,
            false
        ) as is_own_document
    from figures
    left join documents
        on figures.document_id = documents.document_id

),

final as (

    select
        *,
        row_number() over (
            partition by region_code, scope, fiscal_year, phase_code, fund_code, line_code
            order by is_own_document desc, document_id asc
        ) as restatement_rank
    from owned

)

select * from final
