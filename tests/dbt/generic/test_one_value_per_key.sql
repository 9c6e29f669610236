{#- Asserts: each value of `key` goes with one value of `value` (the key determines it: a title
    word names one kind of phase). Fails with one row per key that goes with several, and
    those values. -#}
{% test one_value_per_key(model, key, value) %}

select
    {{ key }},
    count(distinct {{ value }}) as values_of_the_key,
    {{ text_agg(as_text(value), "', '", distinct=true) }} as key_values
from {{ model }}
group by {{ key }}
having count(distinct {{ value }}) > 1

{% endtest %}
