{#- One row per document × printed line whose file records a place (documents read from another
    container than plain text: a text file's place is its line): the place of the line's first
    figure. The findings name places through it. -#}
with

cells as (

    select * from {{ ref('stg_disclosures__table_cells') }}

),

figures as (

    select * from {{ ref('stg_disclosures__narrative_figures') }}

),

targets as (

    select * from {{ ref('stg_disclosures__performance_targets') }}

),

placed_lines as (

    select
        document_id,
        source_line,
        source_place
    from cells
    where source_place is not null

    union all

    select
        document_id,
        source_line,
        source_place
    from figures
    where source_place is not null

    union all

    select
        document_id,
        source_line,
        source_place
    from targets
    where source_place is not null

),

final as (

    select
        document_id,
        source_line,
        min(source_place) as source_place
    from placed_lines
    group by document_id, source_line

)

select * from final
