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

#: The main town of each municipality (WGS 84, approximate), by SCB code: trainers are offered nearest first.
COORDINATES: dict[str, tuple[str, str]] = {
    "2084": ("60.1456", "16.1679"),  # Avesta
    "2081": ("60.4858", "15.4371"),  # Borlänge
    "2080": ("60.6065", "15.6355"),  # Falun
    "2026": ("60.5586", "15.1389"),  # Gagnef (Djurås)
    "2083": ("60.2759", "15.9869"),  # Hedemora
    "2029": ("60.7306", "14.9996"),  # Leksand
    "2085": ("60.1496", "15.1878"),  # Ludvika
    "2023": ("60.6859", "13.7153"),  # Malung-Sälen (Malung)
    "2062": ("61.0070", "14.5430"),  # Mora
    "2034": ("61.1196", "14.6166"),  # Orsa
    "2031": ("60.8878", "15.1166"),  # Rättvik
    "2061": ("60.1420", "15.4130"),  # Smedjebacken
    "2082": ("60.3465", "15.7500"),  # Säter
    "2021": ("60.5130", "14.2240"),  # Vansbro
    "2039": ("61.2270", "14.0390"),  # Älvdalen
    "2180": ("60.6749", "17.1413"),  # Gävle
    "2181": ("60.6216", "16.7755"),  # Sandviken
    "2184": ("61.7290", "17.1036"),  # Hudiksvall
    "2183": ("61.3482", "16.3946"),  # Bollnäs
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

#: Dalarna's trainer pool (yrkesresan.demo.trainer_pool): (username, first, last, home municipality, courses they
#: are qualified for, course days a term their manager allows). The first is the demo login `utbildare`, who
#: already exists; the others get an account with the trainer role in their home municipality. Courses: "kurs1",
#: "kurs2", "kurs3" are Funk utförare BAS's led courses, "bou" is Handläggning med barnet i centrum (four days).
TRAINER_POOL: list[tuple[str, str, str, str, tuple[str, ...], int]] = [
    ("utbildare", "Fia", "Holm", "Borlänge", ("kurs1", "kurs2", "kurs3", "bou"), 6),
    ("anders.nyberg", "Anders", "Nyberg", "Avesta", ("kurs1", "kurs2"), 3),
    ("malin.sjoberg", "Malin", "Sjöberg", "Falun", ("kurs1", "kurs3", "bou"), 4),
    ("jonas.eklund", "Jonas", "Eklund", "Ludvika", ("kurs1", "kurs2"), 3),
    ("camilla.wallin", "Camilla", "Wallin", "Hedemora", ("kurs2", "kurs3"), 2),
    ("ahmed.yilmaz", "Ahmed", "Yilmaz", "Mora", ("kurs1", "kurs2", "kurs3"), 2),
    ("ulrika.forsberg", "Ulrika", "Forsberg", "Säter", ("kurs1", "kurs2", "bou"), 3),
    ("magnus.lindqvist", "Magnus", "Lindqvist", "Leksand", ("kurs3", "bou"), 4),
    ("nadia.hassan", "Nadia", "Hassan", "Smedjebacken", ("kurs1", "kurs2"), 2),
    ("bjorn.engstrom", "Björn", "Engström", "Rättvik", ("kurs2", "kurs3", "bou"), 2),
    ("therese.berglund", "Therese", "Berglund", "Gagnef", ("kurs1",), 2),
    ("petra.lundin", "Petra", "Lundin", "Orsa", ("kurs3",), 2),
]

#: Avesta's own discussion leaders (samtalsledare): staff of a unit there, in the municipality's pool. Göran
#: works in one of `chef`'s units, so the manager sees the days he teaches.
DISCUSSION_LEADERS: list[tuple[str, str, str, str, str, tuple[str, ...]]] = [
    ("leila.ahmed", "Leila", "Ahmed", "Avesta", "LSS-boende Björken", ("kurs3",)),
    ("goran.bjork", "Göran", "Björk", "Avesta", "Särskilt boende Solgården", ("kurs3",)),
]
