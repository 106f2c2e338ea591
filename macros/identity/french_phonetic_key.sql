{#- A name as it sounds in French, for blocking and for telling a misheard spelling from another
    name: Dupont = Dupond = Dupon, Renault = Renaud = Reno, Gauthier = Gautier, Philippe =
    Filippe, Mathieu = Matthieu, Lefebvre = Lefevre, Cathy = Kathy; but Jean <> Jeanne and
    Michel <> Michelle: a final e is kept, so that a man and a woman of one household sharing an
    e-mail are not taken for one person. Deterministic rewriting of
    the name in match form (crosschannel.normalize_name): spaces dropped; doubled letters single;
    letter groups that sound alike written one way (ph = f, qu = k, soft c = s, soft g = j, eau =
    au = o, ai = ei = e, en = an, y = i...); mute h dropped; the mute endings (-ault, -er, -d, -t,
    -s, -x, -z) dropped. Two names with the same key may still be two people's (Dominique,
    Camille): the key finds candidates, it does not prove a match. NULL stays NULL. Nested regexp_replace calls
    without backreferences, so the same rewriting runs on DuckDB (RE2) and Spark. -#}
{% macro french_phonetic_key(normalized_name) -%}
    {%- set rewrites = [
        ("'ault$'", "'o'"),
        ("'bv'", "'v'"),
        ("'chr'", "'kr'"),
        ("'coi'", "'soi'"),
        ("'sch'", "'ch'"),
        ("'ph'", "'f'"),
        ("'th'", "'t'"),
        ("'qu'", "'k'"),
        ("'c([eiy])'", None),
        ("'g([eiy])'", None),
        ("'gu'", "'g'"),
        ("'ch'", "'x'"),
        ("'ck'", "'k'"),
        ("'c'", "'k'"),
        ("'q'", "'k'"),
        ("'eau'", "'o'"),
        ("'au'", "'o'"),
        ("'[ae][iy]'", "'e'"),
        ("'en'", "'an'"),
        ("'em'", "'am'"),
        ("'y'", "'i'"),
        ("'w'", "'v'"),
        ("'z'", "'s'"),
        ("'h'", "''"),
        ("'er$'", "'e'"),
        ("'[dtsxz]$'", "''"),
    ] -%}
    {%- set doubled = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v'] -%}
    {%- set ns = namespace(expression=crosschannel.regex_replace_all(normalized_name, "' '", "''")) -%}
    {%- for letter in doubled -%}
        {%- set ns.expression = crosschannel.regex_replace_all(
            ns.expression, "'" ~ letter ~ letter ~ "+'", "'" ~ letter ~ "'"
        ) -%}
    {%- endfor -%}
    {%- for pattern, replacement in rewrites -%}
        {%- if replacement is none -%}
            {#- Soft c and g: the letter rewritten, the vowel kept (no backreferences in RE2). -#}
            {%- set letter = 's' if pattern.startswith("'c") else 'j' -%}
            {%- set hard = pattern[1] -%}
            {%- for vowel in ['e', 'i', 'y'] -%}
                {%- set ns.expression = crosschannel.regex_replace_all(
                    ns.expression, "'" ~ hard ~ vowel ~ "'", "'" ~ letter ~ vowel ~ "'"
                ) -%}
            {%- endfor -%}
        {%- else -%}
            {%- set ns.expression = crosschannel.regex_replace_all(ns.expression, pattern, replacement) -%}
        {%- endif -%}
    {%- endfor -%}
    nullif({{ ns.expression }}, '')
{%- endmacro %}
