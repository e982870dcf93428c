"""The analysis structure, bounded so client-supplied analyses can be validated with it too."""

from __future__ import annotations

from typing import Annotated

import msgspec

MAX_TEXT = 500
MAX_LONG_TEXT = 2000
MAX_SKILLS = 200
MAX_ENTRIES = 50
MAX_ITEMS = 50

Text = Annotated[str, msgspec.Meta(max_length=MAX_TEXT)]
LongText = Annotated[str, msgspec.Meta(max_length=MAX_LONG_TEXT)]
SkillList = Annotated[list[Text], msgspec.Meta(max_length=MAX_SKILLS)]
ItemList = Annotated[list[Text], msgspec.Meta(max_length=MAX_ITEMS)]
HighlightList = Annotated[list[LongText], msgspec.Meta(max_length=MAX_ITEMS)]


class Skills(msgspec.Struct, forbid_unknown_fields=True):
    """Canonical skill names, technical (including domain know-how) and soft."""

    technical: SkillList = msgspec.field(default_factory=list)
    soft: SkillList = msgspec.field(default_factory=list)


class Experience(msgspec.Struct, forbid_unknown_fields=True):
    """One job: where, as what, for how long, and what was done."""

    company: Text = ""
    role: Text = ""
    duration: Text = ""
    highlights: HighlightList = msgspec.field(default_factory=list)


class Project(msgspec.Struct, forbid_unknown_fields=True):
    """One project and the technologies it used."""

    name: Text = ""
    description: LongText = ""
    technologies: ItemList = msgspec.field(default_factory=list)


class Education(msgspec.Struct, forbid_unknown_fields=True):
    """One qualification."""

    degree: Text = ""
    institution: Text = ""
    year: Text = ""


class Contact(msgspec.Struct, forbid_unknown_fields=True):
    """How to reach the candidate, as written in the resume; null when not found."""

    email: Text | None = None
    phone: Text | None = None
    location: Text | None = None


# The optional parts: left out of the JSON when empty (analyses stored before them have none).
Unset = msgspec.UnsetType
UNSET = msgspec.UNSET


class ComprehensiveAnalysis(msgspec.Struct, forbid_unknown_fields=True):
    """Everything extracted from one resume; every part may be empty.

    summary ... achievements are optional: an empty one is UNSET, so it is never encoded.
    """

    skills: Skills = msgspec.field(default_factory=Skills)
    experience: Annotated[list[Experience], msgspec.Meta(max_length=MAX_ENTRIES)] = msgspec.field(
        default_factory=list
    )
    projects: Annotated[list[Project], msgspec.Meta(max_length=MAX_ENTRIES)] = msgspec.field(
        default_factory=list
    )
    education: Annotated[list[Education], msgspec.Meta(max_length=MAX_ENTRIES)] = msgspec.field(
        default_factory=list
    )
    summary: LongText | Unset = UNSET
    contact: Contact | Unset = UNSET
    # URLs as written ("linkedin.com/in/x" included).
    links: ItemList | Unset = UNSET
    certifications: ItemList | Unset = UNSET
    # Spoken languages only.
    languages: ItemList | Unset = UNSET
    achievements: HighlightList | Unset = UNSET

    def __post_init__(self) -> None:
        # "" and [] (and a contact of nulls) mean "none": one form, left out when encoded.
        for name in _OPTIONAL:
            value = getattr(self, name)
            if value is not UNSET and not value:
                setattr(self, name, UNSET)
        if isinstance(self.contact, Contact) and self.contact == _NO_CONTACT:
            self.contact = UNSET


_OPTIONAL = ("summary", "links", "certifications", "languages", "achievements")
_NO_CONTACT = Contact()
