{#- Asserts: text_agg joins texts in the order asked for on the engine that runs it (source lines
    "12, 14, 18" are read in that order). dbt's own listagg drops the ordering on Spark, and a
    number sorted as text puts 10 before 2; the keys here are given out of order and 10 is among
    them. Fails with the joined texts when an ordering is lost. -#}
with

texts as (

    select 3 as sort_key, 'c' as text_value
    union all
    select 1 as sort_key, 'a' as text_value
    union all
    select 10 as sort_key, 'j' as text_value
    union all
    select 2 as sort_key, 'b' as text_value
    union all
    select 2 as sort_key, 'b' as text_value

),

joined as (

    select
        {{ text_agg('text_value', "', '", order_by=['sort_key']) }} as ascending,
        {{ text_agg('text_value', "', '", order_by=['-sort_key', 'text_value']) }} as descending,
        {{ text_agg('text_value', "', '", distinct=true) }} as each_once
    from texts

),

final as (

    select *
    from joined
    where
        ascending <> 'a, b, b, c, j'
        or descending <> 'j, c, b, b, a'
        or each_once <> 'a, b, c, j'

)

select * from final
