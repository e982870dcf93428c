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


class ComprehensiveAnalysis(msgspec.Struct, forbid_unknown_fields=True):
    """Everything extracted from one resume; every part may be empty."""

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
