"""LinkedIn data exports: Connections.csv in every variant, Contacts.csv, and the ZIP itself."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

from connectors._files import decode, head_text, is_zip, read_bytes, zip_members
from connectors._table import Slot, assemble, read_table
from connectors._values import linkedin_slug
from connectors.errors import InputError, NoContactsError
from connectors.schema import ReadResult, ReadWarning, records_from_columns, validate

NAME = "linkedin"


@dataclass(frozen=True)
class Layout:
    """A LinkedIn file recognised by the columns its header must have."""

    name: str
    required: frozenset[str]
    slots: dict[str, Slot] | None  # None: a LinkedIn file that holds no contacts


_CONNECTIONS = {
    "First Name": Slot("given_name"),
    "Last Name": Slot("family_name"),
    "URL": Slot("linkedin_url"),
    "Email Address": Slot("email"),
    "Company": Slot("organization"),
    "Position": Slot("title"),
    "Connected On": Slot("connected_on"),
}
_CONTACTS = {
    "FirstName": Slot("given_name"),
    "LastName": Slot("family_name"),
    "FullName": Slot("full_name"),
    "Companies": Slot("organization"),
    "Title": Slot("title"),
    "Emails": Slot("email", split=","),
    "PhoneNumbers": Slot("phone", split=","),
    "Addresses": Slot("address", group="address", part="formatted"),
    "Sites": Slot("url", split=","),
    "Profiles": Slot("url", split=","),
    "Birthday": Slot("birthday"),
}
_IMPORTED = {
    "First Name": Slot("given_name"),
    "Last Name": Slot("family_name"),
    "Full Name": Slot("full_name"),
    "Companies": Slot("organization"),
    "Title": Slot("title"),
    "Email Address": Slot("email", split=","),
    "Phone Numbers": Slot("phone", split=","),
    "Addresses": Slot("address", group="address", part="formatted"),
    "Sites": Slot("url", split=","),
    "Profiles": Slot("url", split=","),
    "Birthday": Slot("birthday"),
}
LAYOUTS = (
    Layout(
        "Connections.csv", frozenset({"First Name", "Last Name", "Company", "Position", "Connected On"}), _CONNECTIONS
    ),
    Layout("Contacts.csv", frozenset({"Source", "FirstName", "LastName", "Emails"}), _CONTACTS),
    Layout("Imported Contacts.csv", frozenset({"First Name", "Last Name", "Companies", "Email Address"}), _IMPORTED),
    Layout("Invitations.csv", frozenset({"From", "To", "Sent At", "Direction"}), None),
    Layout("Profile.csv", frozenset({"First Name", "Last Name", "Maiden Name", "Headline"}), None),
    Layout("PhoneNumbers.csv", frozenset({"Extension", "Number", "Type"}), None),
    Layout("Email Addresses.csv", frozenset({"Email Address", "Confirmed", "Primary"}), None),
    Layout("messages.csv", frozenset({"FROM", "TO", "DATE", "CONTENT"}), None),
    Layout("Messages.csv", frozenset({"From", "To", "Date", "Content"}), None),
)
CONTACT_MEMBERS = ("connections.csv", "contacts.csv", "imported contacts.csv")
# the export's other files (lower case): about the member, not their contacts. Some look like
# contact lists to a generic CSV reader (Positions.csv: company and title), so an unzipped
# export folder skips them by name, as the ZIP reader skips every member but the contact files
OTHER_MEMBERS = frozenset(
    name.lower()
    for name in (
        "Ad_Targeting.csv", "Causes You Care About.csv", "Certifications.csv", "Comments.csv",
        "Company Follows.csv", "Courses.csv", "Education.csv", "Email Addresses.csv",
        "Endorsement_Given_Info.csv", "Endorsement_Received_Info.csv", "Events.csv", "Hashtag_Follows.csv",
        "Honors.csv", "Inferences_about_you.csv", "Instant Messengers.csv", "Invitations.csv",
        "Job Applicant Saved Answers.csv", "Job Applicant Saved Screening Question Responses.csv",
        "Job Applications.csv", "Job Seeker Preferences.csv", "Languages.csv", "Learning.csv",
        "Logins.csv", "Member_Follows.csv", "Messages.csv", "Organizations.csv", "Patents.csv",
        "Phone Numbers.csv", "PhoneNumbers.csv", "Positions.csv", "Private_identity_asset.csv",
        "Profile.csv", "Profile Summary.csv", "Projects.csv", "Publications.csv", "Reactions.csv",
        "Receipts.csv", "Receipts_v2.csv", "Recommendations_Given.csv", "Recommendations_Received.csv",
        "Registration.csv", "Rich_Media.csv", "Saved Jobs.csv", "SavedJobAlerts.csv", "Saved_Items.csv",
        "SearchQueries.csv", "Security Challenges.csv", "Shares.csv", "Skills.csv", "Test Scores.csv",
        "Volunteering.csv", "Votes.csv", "Whatsapp Phone Numbers.csv",
    )
)


def no_contacts(path: str | Path, name: str) -> NoContactsError:
    """The error for the export's file ``name`` that lists no contacts (see ``OTHER_MEMBERS``)."""
    return NoContactsError(
        path,
        f"this is LinkedIn's {name}, which lists no contacts; "
        "import Connections.csv, Contacts.csv or the whole export ZIP",
        skipped=f"LinkedIn's {name} lists no contacts",
    )


def find_layout(text: str) -> tuple[Layout, int] | None:
    """The LinkedIn layout of a CSV text and how many lines precede its header (the preamble)."""
    for index, line in enumerate(text.splitlines()[:12]):
        if not line.strip():
            continue
        try:
            cells = {c.strip().lstrip("\ufeff") for c in next(csv.reader([line]))}
        except (csv.Error, StopIteration):
            continue
        for layout in LAYOUTS:
            if layout.required <= cells:
                return layout, index
    return None


def can_read(path: Path, head: bytes) -> int:
    """LinkedIn ZIPs and the CSVs whose header (maybe below the "Notes:" preamble) LinkedIn writes."""
    if is_zip(head):
        return 90
    found = find_layout(head_text(head))
    return 0 if found is None else 95


def _read_csv(text: str, path: str, source_name: str, warnings: list[ReadWarning]) -> tuple[pd.DataFrame, str]:
    found = find_layout(text)
    if found is None:
        raise InputError(path, "not a LinkedIn export file (no Connections.csv or Contacts.csv header)")
    layout, skip = found
    if layout.slots is None:
        raise no_contacts(path, layout.name)
    table = read_table(text, path, skip_lines=skip)
    slots = [layout.slots.get(h) for h in table.header]
    fields, count = assemble(table, slots, path, warnings)
    if table.n_rows and not count:
        raise InputError(path, f"{table.n_rows} data rows but none holds a name, e-mail or company")
    keys = [linkedin_slug(url) for url in fields.get("linkedin_url") or [None] * count]
    records = records_from_columns(
        fields, count, source_kind=NAME, source_name=source_name, source_file=path, source_keys=keys
    )
    return records, layout.name


def read(path: str | Path, *, source_name: str | None = None, encoding: str | None = None) -> ReadResult:
    """Read a LinkedIn Connections.csv / Contacts.csv, or every contact file in an export ZIP."""
    path = Path(path)
    data = read_bytes(path)
    warnings: list[ReadWarning] = []
    name = source_name or "linkedin"
    if not is_zip(data):
        text = decode(data, path, encoding)
        records, layout = _read_csv(text.text, str(path), name, warnings)
        return ReadResult(records, warnings, f"LinkedIn {layout}", {"encoding": text.encoding})
    members, unsafe = zip_members(data, path)
    warnings.extend(ReadWarning(str(path), None, f"unsafe ZIP member path {name!r} skipped") for name in unsafe)
    used = sorted(m for m in members if PurePosixPath(m).name.casefold() in CONTACT_MEMBERS)
    if not used:
        raise InputError(path, "ZIP holds no LinkedIn Connections.csv or Contacts.csv; is this a LinkedIn data export?")
    frames = []
    for member in used:
        member_path = f"{path}!{member}"
        text = decode(members[member], member_path, encoding)
        frames.append(_read_csv(text.text, member_path, name, warnings)[0])
    records = validate(pd.concat(frames, ignore_index=True))
    ignored = sorted(set(members) - set(used))
    return ReadResult(records, warnings, "LinkedIn export ZIP", {"used": used, "ignored": ignored})
