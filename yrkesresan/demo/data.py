"""The demo's organisations and people.

Dalarna's municipalities and their populations on 31 Dec 2023 are SCB's figures (DOMAIN.md).
Gävleborg is here only so that isolation between regions can be seen: its population figures
are rounded, illustrative numbers, not SCB's.
"""

from typing import Any

DEMO_PASSWORD = "Kursdag-2026"

DALARNA: dict[str, Any] = {
    "name": "Region Dalarna",
    "county_code": "20",
    "municipalities": [
        # (name, SCB code, population 2023)
        ("Avesta", "2084", 22753),
        ("Borlänge", "2081", 51735),
        ("Falun", "2080", 59986),
        ("Gagnef", "2026", 10430),
        ("Hedemora", "2083", 15345),
        ("Leksand", "2029", 16043),
        ("Ludvika", "2085", 26402),
        ("Malung-Sälen", "2023", 10260),
        ("Mora", "2062", 20536),
        ("Orsa", "2034", 6908),
        ("Rättvik", "2031", 11042),
        ("Smedjebacken", "2061", 10913),
        ("Säter", "2082", 11243),
        ("Vansbro", "2021", 6728),
        ("Älvdalen", "2039", 6929),
    ],
}

GAVLEBORG: dict[str, Any] = {
    "name": "Region Gävleborg",
    "county_code": "21",
    "municipalities": [
        ("Gävle", "2180", 104000),
        ("Sandviken", "2181", 40000),
        ("Hudiksvall", "2184", 38000),
        ("Bollnäs", "2183", 26000),
    ],
}

UNIT_NAMES = [
    "Hemtjänsten Centrum",
    "Särskilt boende Solgården",
    "Barn och unga, myndighet",
    "LSS-boende Björken",
]

FIRST_NAMES = [
    "Anna",
    "Maria",
    "Fatima",
    "Erik",
    "Lars",
    "Sara",
    "Ahmed",
    "Karin",
    "Johan",
    "Elin",
    "Amina",
    "Per",
    "Lina",
    "Mohammed",
    "Eva",
    "Nils",
    "Hanna",
    "Oskar",
    "Leila",
    "Ingrid",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Hassan",
    "Svensson",
    "Gustafsson",
    "Ali",
    "Lindberg",
    "Berg",
    "Mohammed",
    "Holm",
]

#: The named demo logins: (username, first, last, e-mail, role, place). place is
#: ("unit", municipality, unit name) / ("municipality", name) / ("region", name) / ("nation",).
DEMO_LOGINS = [
    ("admin", "Sofia", "Systemsson", "admin@yrkesresan.example", "system_admin", ("nation",)),
    (
        "projektledare",
        "Karin",
        "Dahl",
        "karin.dahl@regiondalarna.example",
        "regional_project_leader",
        ("region", "Region Dalarna"),
    ),
    ("regionadmin", "Lena", "Ek", "lena.ek@regiondalarna.example", "regional_admin", ("region", "Region Dalarna")),
    (
        "regionadmin.gavleborg",
        "Göran",
        "Ström",
        "goran.strom@regiongavleborg.example",
        "regional_admin",
        ("region", "Region Gävleborg"),
    ),
    ("kadmin", "Maja", "Berg", "maja.berg@avesta.example", "municipal_admin", ("municipality", "Avesta")),
    ("kadmin.falun", "Olle", "Falk", "olle.falk@falun.example", "municipal_admin", ("municipality", "Falun")),
    ("chef", "Per", "Lund", "per.lund@avesta.example", "manager", ("unit", "Avesta", "Hemtjänsten Centrum")),
    ("utbildare", "Fia", "Holm", "fia.holm@borlange.example", "trainer", ("municipality", "Borlänge")),
    ("medarbetare", "Sara", "Lind", "sara.lind@avesta.example", "staff", ("unit", "Avesta", "Hemtjänsten Centrum")),
    ("redaktor", "Gunnel", "Rask", "gunnel.rask@goteborgsregionen.example", "national_editor", ("journey", "bou")),
]

#: Extra roles, to show that one person can hold several: the manager also leads a second unit.
EXTRA_ROLES = [
    ("chef", "manager", ("unit", "Avesta", "Särskilt boende Solgården")),
]

STAFF_PER_UNIT = 4
