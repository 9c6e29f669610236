{#- printings_agree: a figure that one document prints twice (the 社预01 summary and the fund's own
    table 社预02–08, its 合计 column and …) is the same figure both times: each further printing
    (printing_rank 2 and more) against the printing the facts take, within half the rounding
    unit of each. A blank printing counts as 0 and is flagged. -#}
with

cells as (

    select * from {{ ref('int_table_cells_mapped') }}
    where mapping_status = 'mapped'

),

taken as (

    select * from cells
    where printing_rank = 1

),

repeated as (

    select
        again.document_id,
        again.region_code,
        again.scope,
        again.fiscal_year,
        again.phase_code,
        again.table_code,
        again.fund_code,
        again.line_code,
        again.source_line,
        again.source_place,
        coalesce(taken.amount_wan_yuan, 0) as taken_wan_yuan,
        coalesce(again.amount_wan_yuan, 0) as again_wan_yuan,
        {{ rounding_tolerance(
            'taken.rounding_unit_wan_yuan + again.rounding_unit_wan_yuan'
        ) }} as tolerance_wan_yuan,
        taken.is_blank or again.is_blank as has_blank_terms,
        {{ as_text('taken.source_line') }} as taken_source_line,
        {{ as_text('again.source_line') }} || coalesce(' ' || again.source_place, '')
            as again_place
    from cells as again
    inner join taken
        on
            again.document_id = taken.document_id
            and again.fiscal_year = taken.fiscal_year
            and again.phase_code = taken.phase_code
            and again.fund_code = taken.fund_code
            and again.line_code = taken.line_code
    where again.printing_rank > 1

),

final as (

    {{ rule_findings(
        'repeated',
        rule_id='printings_agree',
        subject_key='again_place',
        expected='taken_wan_yuan',
        actual='again_wan_yuan',
        tolerance='tolerance_wan_yuan',
        has_blank_terms='has_blank_terms',
        source_lines='taken_source_line',
        compared_source_lines=as_text('source_line'),
    ) }}

)

select * from final
