{#- part_within_total: every "of which" line, and every unlisted item (its label the subject key),
    is at most its total (DOMAIN identity 4); the difference is the excess over the total, with
    no tolerance (rounding preserves order). -#}
with

part_lines as (

    select * from {{ ref('int_part_lines_paired') }}

),

final as (

    {{ rule_findings(
        'part_lines',
        rule_id='part_within_total',
        subject_key='item_label',
        expected='coalesce(total_wan_yuan, 0)',
        actual='coalesce(amount_wan_yuan, 0)',
        difference='greatest(coalesce(amount_wan_yuan, 0) - coalesce(total_wan_yuan, 0), 0)',
        tolerance='0',
        has_blank_terms='is_blank or total_is_blank',
        source_lines="concat_ws(', ', " ~ as_text('total_source_line') ~ ", "
            ~ as_text('source_line') ~ ")",
    ) }}

)

select * from final
