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
        {{ statement_rounding_unit(['document_id', 'statement_source', 'unit_text']) }}
            as rounding_unit_wan_yuan
    from converted

)

select * from final
