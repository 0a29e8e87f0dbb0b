"""Seeded generators of large, realistic input files for the benchmark (never committed)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

GIVEN = [
    "Maria",
    "John",
    "Priya",
    "Wei",
    "Ahmed",
    "Sofia",
    "Liam",
    "Olga",
    "Kenji",
    "Ana",
    "Tom",
    "Fatima",
    "Lucas",
    "Emma",
    "Noah",
    "Chloé",
    "José",
    "Hannah",
    "Samuel",
    "Zoë",
    "Robert",
    "Lena",
]
FAMILY = [
    "García",
    "Smith",
    "Raman",
    "Zhang",
    "Hassan",
    "Müller",
    "O'Brien",
    "Ivanova",
    "Watanabe",
    "Souza",
    "Nguyen",
    "Khan",
    "Silva",
    "Johnson",
    "Okafor",
    "Dubois",
    "Kowalczyk",
    "Chen",
    "Park",
]
COMPANIES = [
    "Acme Inc.",
    "Northwind Wealth Management, LLC",
    "García Studio",
    "Chen's Auto Repair",
    "Evergreen Dental Care",
    "Okafor Law Group",
    "Globex GmbH",
    "Initech",
    "Umbrella Corp",
]
TITLES = [
    "Photographer",
    "Software Engineer",
    "Financial Advisor",
    "Master Plumber",
    "Recruiter",
    "Owner",
    "Attorney at Law",
    "DDS",
    "Career Coach",
    "Project Manager",
    "Electrician",
]
PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
)


def _person(rng: random.Random, i: int) -> dict[str, str]:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    return {
        "given": given,
        "family": family,
        "company": rng.choice(COMPANIES),
        "title": rng.choice(TITLES),
        "slug": f"{given.lower()}-{family.lower().replace(chr(39), '')}-{i:06x}",
        "email": f"{given.lower()}.{i}@example.com" if rng.random() < 0.3 else "",
        "phone": f"+1 206 555 {i % 10000:04d}",
    }


def connections_csv(path: Path, rows: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(PREAMBLE)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for i in range(rows):
            p = _person(rng, i)
            writer.writerow(
                [
                    p["given"],
                    p["family"],
                    f"https://www.linkedin.com/in/{p['slug']}",
                    p["email"],
                    p["company"],
                    p["title"],
                    f"{rng.randint(1, 28):02d} Nov 20{rng.randint(10, 25)}",
                ]
            )
    return path


def google_csv(path: Path, rows: int, seed: int = 2) -> Path:
    rng = random.Random(seed)
    header = [
        "Name",
        "Given Name",
        "Additional Name",
        "Family Name",
        "Yomi Name",
        "Given Name Yomi",
        "Additional Name Yomi",
        "Family Name Yomi",
        "Name Prefix",
        "Name Suffix",
        "Initials",
        "Nickname",
        "Short Name",
        "Maiden Name",
        "Birthday",
        "Gender",
        "Location",
        "Billing Information",
        "Directory Server",
        "Mileage",
        "Occupation",
        "Hobby",
        "Sensitivity",
        "Priority",
        "Subject",
        "Notes",
        "Language",
        "Photo",
        "Group Membership",
        "E-mail 1 - Type",
        "E-mail 1 - Value",
        "E-mail 2 - Type",
        "E-mail 2 - Value",
        "Phone 1 - Type",
        "Phone 1 - Value",
        "Phone 2 - Type",
        "Phone 2 - Value",
        "Address 1 - Type",
        "Address 1 - Formatted",
        "Address 1 - Street",
        "Address 1 - City",
        "Address 1 - PO Box",
        "Address 1 - Region",
        "Address 1 - Postal Code",
        "Address 1 - Country",
        "Address 1 - Extended Address",
        "Organization 1 - Type",
        "Organization 1 - Name",
        "Organization 1 - Title",
        "Website 1 - Type",
        "Website 1 - Value",
    ]
    index = {h: i for i, h in enumerate(header)}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for i in range(rows):
            p = _person(rng, i)
            row = [""] * len(header)
            row[index["Name"]] = f"{p['given']} {p['family']}"
            row[index["Given Name"]], row[index["Family Name"]] = p["given"], p["family"]
            row[index["Group Membership"]] = "* myContacts ::: Friends"
            row[index["E-mail 1 - Type"]] = "* INTERNET"
            row[index["E-mail 1 - Value"]] = f"{p['given'].lower()}.{i}@gmail.com ::: {p['slug']}@work.example"
            row[index["Phone 1 - Type"]], row[index["Phone 1 - Value"]] = "Mobile", p["phone"]
            if rng.random() < 0.4:
                row[index["Address 1 - Type"]] = "Home"
                row[index["Address 1 - Street"]] = f"{rng.randint(1, 9999)} Main St"
                row[index["Address 1 - City"]], row[index["Address 1 - Region"]] = "Seattle", "WA"
            row[index["Organization 1 - Name"]], row[index["Organization 1 - Title"]] = p["company"], p["title"]
            writer.writerow(row)
    return path


def vcard_file(path: Path, cards: int, seed: int = 3) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        for i in range(cards):
            p = _person(rng, i)
            handle.write(
                "BEGIN:VCARD\r\nVERSION:3.0\r\n"
                f"UID:{i:08d}-bench\r\nN:{p['family']};{p['given']};;;\r\nFN:{p['given']} {p['family']}\r\n"
                f"ORG:{p['company'].replace(',', chr(92) + ',')}\r\nTITLE:{p['title']}\r\n"
                f"item1.TEL;type=CELL;type=pref:{p['phone']}\r\nitem1.X-ABLabel:_$!<Mobile>!$_\r\n"
                f"EMAIL;type=INTERNET;type=WORK:{p['slug']}@work.example\r\n"
                "ADR;type=HOME:;;1 Main St;Seattle;WA;98101;USA\r\n"
                "NOTE:Met at the spring meetup\\, follow up about referrals\r\n"
                "CATEGORIES:friends,seattle\r\nEND:VCARD\r\n"
            )
    return path
