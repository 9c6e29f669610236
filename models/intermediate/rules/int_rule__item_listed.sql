{#- item_listed: an item the official forms print that the line catalogue does not list, placed
    under the line its numbering puts it under (int_unlisted_items_placed), is reported as
    information: one result per fund, year, phase and item, in the printing the facts take
    (the fund's own table before the summary), not for a blank cell. Its subject is the line it
    is an item of, with the item's label as the subject key. Only failures: a listed item is
    label_mapped's subject. -#}
with

unlisted_items as (

    select * from {{ ref('int_unlisted_items_placed') }}
    where
        placement_status = 'unlisted item'
        and item_printing_rank = 1
        and not is_blank

),

final as (

    {{ rule_findings(
        'unlisted_items',
        rule_id='item_listed',
        line_code='parent_line_code',
        subject_key="coalesce(case when parent_line_code is null then parent_row_label || ' > ' end, '')"
            ~ " || item_label",
        actual='amount_wan_yuan',
        is_satisfied='false',
        source_lines=as_text('source_line'),
    ) }}

)

select * from final
