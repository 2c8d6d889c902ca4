"""Pay data: the 2018 SOC occupations, BLS OEWS wage releases and the pages that show them.

`models` holds the data (registered with the roles app through roles/models.py), `loading` reads
a release into it (`manage.py load_wages`), `figures` turns rows into what a reader sees, `views`
and `urls` serve the occupation explorer and the pay pages, `svg_map` draws the state map.
"""
