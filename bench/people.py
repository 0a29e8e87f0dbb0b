"""A seeded generator of contact records with ground truth, for dedupe accuracy and speed.

People are spread over LinkedIn-, vCard- and CSV-shaped records with the variation real data
has (nicknames, initials, dropped accents, swapped names, typos, missing e-mails, local and
international phone formats, company suffixes, job changes), plus hard negatives: strangers
with the same name, relatives sharing a landline, and fathers and sons (Jr./Sr.).
Each record carries its person in ``extra["person"]``.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import chain, count

import pandas as pd

from connectors.schema import records_from_rows

GIVEN = {  # formal name: nicknames people go by
    "Robert": ["Bob", "Rob", "Bobby"],
    "William": ["Bill", "Will", "Billy"],
    "Elizabeth": ["Liz", "Beth", "Betty"],
    "James": ["Jim", "Jimmy"],
    "Margaret": ["Peggy", "Maggie", "Meg"],
    "Katherine": ["Kate", "Kathy", "Katie"],
    "Michael": ["Mike"],
    "Jennifer": ["Jen", "Jenny"],
    "Thomas": ["Tom", "Tommy"],
    "Richard": ["Rick", "Dick"],
    "Joseph": ["Joe"],
    "Patricia": ["Pat", "Trish"],
    "Christopher": ["Chris"],
    "Daniel": ["Dan", "Danny"],
    "Alexander": ["Alex"],
    "Samuel": ["Sam"],
    "Nicholas": ["Nick"],
    "Anthony": ["Tony"],
    "Steven": ["Steve"],
    "Matthew": ["Matt"],
    "David": ["Dave"],
    "Susan": ["Sue"],
    "Deborah": ["Deb", "Debbie"],
    "Andrew": ["Andy"],
    "María": [],
    "José": [],
    "Zoë": [],
    "Chloé": [],
    "Renée": [],
    "Søren": [],
    "Priya": [],
    "Wei": [],
    "Kenji": [],
    "Ahmed": [],
    "Fatima": [],
    "Olga": [],
    "Ana": [],
    "Lucas": [],
    "Emma": [],
    "Noah": [],
    "Hannah": [],
    "Sofia": [],
    "Liam": [],
    "Aisha": [],
    "Mateo": [],
    "Yuki": [],
    "Ngozi": [],
    "Lena": [],
    "Omar": [],
    "Ingrid": [],
    "Rahul": [],
    "Mei": [],
    "Diego": [],
    "Chiara": [],
    "Tariq": [],
    "Amara": [],
    "Jonas": [],
}
FAMILY_COMMON = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "García",
    "Miller",
    "Davis",
    "Rodríguez",
    "Martínez",
    "Nguyen",
    "Kim",
    "Lee",
    "Chen",
    "Patel",
    "Müller",
    "Silva",
    "Khan",
    "Wilson",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "dor",
    "vas",
    "sel",
    "tan",
    "bri",
    "gur",
    "zen",
    "pol",
    "fey",
    "ash",
    "mor",
    "lin",
    "qui",
    "dan",
    "rov",
    "sku",
    "ber",
    "tol",
    "wic",
    "hal",
    "nes",
    "ock",
    "try",
    "ux",
]
COMPANIES = [
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Acme",
    "Stark",
    "Wayne",
    "Wonka",
    "Soylent",
    "Tyrell",
    "Cyberdyne",
    "Aperture",
    "Pied Piper",
    "Dunder",
    "Oscorp",
    "Massive",
]
SUFFIXES = ["", " Inc.", ", Inc", " LLC", " Ltd", " GmbH", " Corp.", " Co."]
TITLES = [
    "Software Engineer",
    "Photographer",
    "Financial Advisor",
    "Plumber",
    "Recruiter",
    "Owner",
    "Attorney",
    "Dentist",
    "Career Coach",
    "Project Manager",
    "Electrician",
    "Realtor",
    "Designer",
    "Accountant",
    "Nurse",
    "Teacher",
    "Mechanic",
    "Sales Manager",
    "Data Scientist",
    "Chef",
]
CITIES = [
    ("Seattle", "WA", "US", "206"),
    ("Portland", "OR", "US", "503"),
    ("Austin", "TX", "US", "512"),
    ("Boston", "MA", "US", "617"),
    ("Denver", "CO", "US", "303"),
    ("Chicago", "IL", "US", "312"),
    ("Toronto", "ON", "CA", "416"),
    ("Atlanta", "GA", "US", "404"),
    ("Miami", "FL", "US", "305"),
    ("Phoenix", "AZ", "US", "602"),
]


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.random()
    if kind < 0.4:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]  # transposition
    if kind < 0.7:
        return text[:i] + text[i + 1 :]  # deletion
    return text[:i] + rng.choice("aeiourstnl") + text[i + 1 :]  # substitution


class _Population:
    def __init__(self, rng: random.Random, dates: random.Random) -> None:
        self.rng = rng
        # LinkedIn connection dates come from a stream of their own, so adding them left the
        # rest of the generated people as they were
        self.dates = dates
        self.used_phones: set[str] = set()
        self.used_emails: set[str] = set()
        self.count = 0
        # employers: a few big ones many people share, and a long tail of small firms
        self.firms = [
            "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            + rng.choice([" Labs", " Group", " Partners", " Systems", " & Co", " Studio", ""])
            for _ in range(20000)
        ]
        # family names: a few very common, the rest from a long tail, as broad as real surnames
        self.family_tail = sorted(
            {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(300000)}
        )
        rng.shuffle(self.family_tail)
        # given names: the common ones (with nicknames) and a long tail, as in any real address book
        self.given_tail = sorted(
            {
                "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize() + rng.choice(["", "a", "o", "e", "i"])
                for _ in range(8000)
            }
        )

    def family(self) -> str:
        if self.rng.random() < 0.1:
            return self.rng.choice(FAMILY_COMMON)
        # a long tail with a mild skew, like real surnames
        return self.family_tail[int(len(self.family_tail) * self.rng.random() ** 1.5)]

    def company(self) -> str:
        if self.rng.random() < 0.2:
            return self.rng.choice(COMPANIES)
        return self.firms[int(len(self.firms) * self.rng.random() ** 1.5)]

    def unused(self, pattern: str, fillings: Iterable[str]) -> str:
        """The first address of the pattern no one has yet."""
        address = next(a for a in (pattern.format(f) for f in fillings) if a not in self.used_emails)
        self.used_emails.add(address)
        return address

    def phone(self, area: str) -> str:
        while True:
            number = f"+1{area}{self.rng.randint(2000000, 9999999)}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def person(self, **fixed: object) -> dict[str, object]:
        rng = self.rng
        self.count += 1
        given = rng.choice(list(GIVEN)) if rng.random() < 0.6 else rng.choice(self.given_tail)
        city = rng.choice(CITIES)
        company = self.company()
        person = {
            "id": f"p{self.count}",
            "given": given,
            "family": self.family(),
            "middle": rng.choice("ABCDEJKLMRST"),
            "generation": None,
            "city": city,
            "company": company,
            "old_company": rng.choice(COMPANIES) + " Group",
            "title": rng.choice(TITLES),
            "mobile": self.phone(city[3]),
            "landline": None,
            "personal_email": None,
            "slug": None,
            "birthday": None,
        }
        person.update(fixed)
        handle = _strip_accents(f"{person['given']}.{person['family']}").lower().replace(" ", "")
        domain = _strip_accents(str(person["company"])).lower().replace(" ", "") + ".com"
        # an address belongs to one person: a second Joe Wilson at the firm gets joe.wilson2@
        person["work_email"] = self.unused(f"{handle}{{}}@{domain}", chain([""], map(str, count(2))))
        person["personal_email"] = self.unused(
            f"{handle}{{}}@{rng.choice(['gmail.com', 'yahoo.com', 'outlook.com'])}",
            (str(rng.randint(1, 9999)) for _ in count()),
        )
        if rng.random() < 0.6:
            person["slug"] = f"{handle.replace('.', '-')}-{rng.randint(1000, 99999):x}"
        if rng.random() < 0.25:
            person["birthday"] = f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        person["connected_on"] = (date(2012, 1, 1) + timedelta(days=self.dates.randrange(5000))).isoformat()
        return person


def _local(number: str) -> str:
    return f"({number[2:5]}) {number[5:8]}-{number[8:]}"


def _record(rng: random.Random, person: dict[str, object], kind: str) -> dict[str, object]:
    given, family = str(person["given"]), str(person["family"])
    if rng.random() < 0.3 and GIVEN.get(given):
        given = rng.choice(GIVEN[given])
    if rng.random() < 0.1:
        given = given[0] + "."
    if rng.random() < 0.15:
        given, family = _strip_accents(given), _strip_accents(family)
    if rng.random() < 0.06:
        family = _typo(rng, family)
    if rng.random() < 0.04:
        given = _typo(rng, given)
    if rng.random() < 0.03:
        given, family = family, given
    suffix = {"jr": "Jr.", "sr": "Sr."}.get(str(person["generation"])) if person["generation"] else None
    company = str(person["old_company"] if rng.random() < 0.15 else person["company"]) + rng.choice(SUFFIXES)
    city, region, country, _ = person["city"]  # type: ignore[misc]
    row: dict[str, object] = {
        "given_name": given,
        "family_name": family,
        "suffix": suffix,
        "extra": {"person": person["id"]},
    }
    phones = [str(person["landline"])] if person["landline"] else []
    if kind == "linkedin":
        row.update(organization=company, title=person["title"], connected_on=person["connected_on"], source="linkedin")
        if person["slug"]:
            row["linkedin_url"] = f"https://www.linkedin.com/in/{person['slug']}"
        if rng.random() < 0.2:
            row["emails"] = [(None, person["personal_email"])]
    elif kind == "vcard":
        mobile = _local(str(person["mobile"])) if rng.random() < 0.6 else str(person["mobile"])
        row.update(
            full_name=f"{given} {family}" + (f" {suffix}" if suffix else ""),
            phones=[("cell", mobile), *(("home", _local(p)) for p in phones)],
            organization=company if rng.random() < 0.7 else None,
            source="vcard",
        )
        if rng.random() < 0.6:
            row["emails"] = [("home", person["personal_email"])]
        if person["birthday"] and rng.random() < 0.7:
            row["birthday"] = person["birthday"]
    else:
        emails = [("work", person["work_email"])] if rng.random() < 0.5 else []
        if rng.random() < 0.5:
            emails.append(("home", person["personal_email"]))
        row.update(
            emails=emails,
            phones=[("mobile", f"+1 {_local(str(person['mobile']))}")]
            if rng.random() < 0.7
            else [(None, p) for p in phones],
            organization=company,
            title=person["title"] if rng.random() < 0.5 else None,
            addresses=[
                {"label": "work", "street": None, "city": city, "region": region, "postcode": None, "country": country}
            ],
            source="csv",
        )
    return row


def generate(n_records: int, seed: int = 7) -> pd.DataFrame:
    """About ``n_records`` canonical records (all three source kinds) with ground truth in extra."""
    rng = random.Random(seed)
    population = _Population(rng, random.Random(seed + 1))
    rows: list[dict[str, object]] = []
    kinds = ["linkedin", "vcard", "csv"]
    while len(rows) < n_records:
        roll = rng.random()
        if roll < 0.04:  # strangers with the very same name, a common one (two John Smiths)
            name = {"given": rng.choice(list(GIVEN)), "family": rng.choice(FAMILY_COMMON)}
            people = [population.person(**name), population.person(**name)]
        elif roll < 0.08:  # relatives sharing a landline
            people = [population.person()]
            landline = population.phone(people[0]["city"][3])  # type: ignore[index]
            people[0]["landline"] = landline
            people.append(population.person(family=people[0]["family"], landline=landline, city=people[0]["city"]))
        elif roll < 0.10:  # father and son
            people = [population.person(generation="sr")]
            people.append(
                population.person(
                    given=people[0]["given"],
                    family=people[0]["family"],
                    generation="jr",
                    city=people[0]["city"],
                    landline=people[0]["landline"],
                )
            )
        else:
            people = [population.person()]
        for person in people:
            copies = rng.choices([1, 2, 3, 4], weights=[45, 30, 15, 10])[0]
            for kind in rng.sample(kinds, k=min(copies, 3)) + (["csv"] if copies == 4 else []):
                rows.append(_record(rng, person, kind))
    rows = rows[:n_records]
    frames = []
    for kind in kinds:
        chosen = [r for r in rows if r.get("source") == kind]
        for r in chosen:
            r.pop("source")
        frames.append(
            records_from_rows(
                chosen, source_kind=kind, source_name=f"generated-{kind}", source_file=f"generated.{kind}"
            )
        )
    return pd.concat(frames, ignore_index=True)
