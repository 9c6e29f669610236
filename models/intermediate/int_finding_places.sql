{#- One row per rule result whose document (or compared document) records places, i.e. was read
    from another container than plain text: the places of its source lines and of its compared
    lines, in words, in the order of the lines. A text document's places are its lines, which
    the findings already list. -#}
with

evaluations as (

    select * from {{ ref('int_rule_evaluations') }}

),

places as (

    select * from {{ ref('int_document_places') }}

),

placed_documents as (

    select distinct document_id from places

),

listed_lines as (

    select
        evaluations.finding_id,
        'source' as side,
        evaluations.document_id,
        {{ split_to_rows('evaluations.source_lines', "', '") }} as line_text
    from evaluations
    inner join placed_documents
        on evaluations.document_id = placed_documents.document_id

    union all

    select
        evaluations.finding_id,
        'compared' as side,
        evaluations.compared_document_id as document_id,
        {{ split_to_rows('evaluations.compared_source_lines', "', '") }} as line_text
    from evaluations
    inner join placed_documents
        on evaluations.compared_document_id = placed_documents.document_id

),

located as (

    select
        listed_lines.finding_id,
        listed_lines.side,
        {{ text_agg(
            printed_place('places.source_place', 'listed_lines.line_text'),
            "', '",
            order_by=[text_to('listed_lines.line_text', 'integer')]
        ) }} as places_text
    from listed_lines
    left join places
        on
            listed_lines.document_id = places.document_id
            and {{ text_to('listed_lines.line_text', 'integer') }} = places.source_line
    group by listed_lines.finding_id, listed_lines.side

),

final as (

    select
        finding_id,
        max(case when side = 'source' then places_text end) as source_places,
        max(case when side = 'compared' then places_text end) as compared_source_places
    from located
    group by finding_id

)

select * from final
