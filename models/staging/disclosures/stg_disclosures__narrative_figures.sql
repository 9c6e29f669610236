with

source as (

    select * from {{ source('disclosures', 'narrative_figures') }}

),

units as (

    select * from {{ ref('units') }}

),

typed as (

    select
        concat_ws(
            '|',
            document_id,
            statement_source,
            source_line,
            figure_kind,
            checked_label,
            figure_label,
            amount_text
        ) as figure_id,
        document_id,
        statement_source,
        {{ text_to("source_line", 'integer') }} as source_line,
        nullif(trim(section_label), '') as section_label,
        figure_label,
        amount_text,
        unit_text,
        {{ text_to("fiscal_year", 'integer') }} as fiscal_year,
        phase as phase_code,
        figure_kind,
        nullif(trim(checked_label), '') as checked_label,
        {{ printed_amount_columns('amount_text') }},
        nullif(trim(source_place), '') as source_place,
        source_file
    from source

),

converted as (

    select
        typed.*,
        {{ amount_in_wan_yuan_columns('typed', 'units') }}
    from typed
    left join units
        on typed.unit_text = units.unit_text

),

final as (

    select
        *,
        -- each stated figure is rounded as it is printed (收入37667亿元 to 1 亿元 beside
        -- 财政补贴收入10.7亿元 to 0.1 亿元): prose, unlike a table column, shows each figure's
        -- precision itself
        cast(
            case
                when amount_status = 'number' and wan_yuan_per_unit is not null
                    then printed_rounding_unit_wan_yuan
                else 0
            end as decimal(24, 6)
        ) as rounding_unit_wan_yuan
    from converted

)

select * from final
