"""Section detection: which lines of a resume hold skills, experience, projects or education."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum

from app.ai.text import trie_pattern


class Section(StrEnum):
    """The parts of a resume the analyser reads differently."""

    PREAMBLE = "preamble"
    SKILLS = "skills"
    EXPERIENCE = "experience"
    PROJECTS = "projects"
    EDUCATION = "education"
    OTHER = "other"


# Headings of the blocks extras.py reads (summary, certifications, languages, achievements,
# the candidate's own details): all "other" sections, named here once for both modules.
SUMMARY_HEADINGS = (
    "summary",
    "profile",
    "professional summary",
    "career summary",
    "career objective",
    "objective",
    "objectives",
    "about me",
    "profile summary",
    "executive summary",
    "professional profile",
    "professional objective",
)
CERTIFICATION_HEADINGS = (
    "certifications",
    "certification",
    "certificates",
    "licenses",
    "licences",
    "licenses and certifications",
    "licences and certifications",
    "certifications and licenses",
    "certifications and licences",
    "professional certifications",
    "certification courses",
    "training and certifications",
    "trainings and certifications",
    "certifications and trainings",
    "courses and certifications",
)
LANGUAGE_HEADINGS = (
    "languages",
    "languages known",
    "language skills",
    "language proficiency",
    "spoken languages",
    "languages spoken",
    "linguistic ability",
    "linguistic proficiency",
)
ACHIEVEMENT_HEADINGS = (
    "achievements",
    "awards",
    "accomplishments",
    "awards and achievements",
    "achievements and awards",
    "key achievements",
    "academic achievements",
    "professional achievements",
    "honors",
    "honours",
    "honors and awards",
    "honours and awards",
    "awards and honors",
    "awards and honours",
    "awards and recognition",
)
PERSONAL_HEADINGS = (
    "personal details",
    "personal information",
    "personal profile",
    "personal data",
    "contact",
    "contact details",
    "contact information",
)

_HEADINGS: dict[Section, tuple[str, ...]] = {
    Section.SKILLS: (
        "skills",
        "skill",
        "technical skills",
        "technical skill",
        "skill details",
        "key skills",
        "core skills",
        "skill set",
        "skillset",
        "skill sets",
        "technical expertise",
        "areas of expertise",
        "area of expertise",
        "core competencies",
        "competencies",
        "technical proficiency",
        "it skills",
        "computer skills",
        "computer proficiency",
        "software skills",
        "tools and technologies",
        "technologies",
        "expertise",
        "professional skills",
        "soft skills",
        "technical qualifications",
        "technical summary",
        "technical knowledge",
        "skills and abilities",
        "key competencies",
        "software proficiency",
    ),
    Section.EXPERIENCE: (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "employment details",
        "work history",
        "company details",
        "career history",
        "experience details",
        "internship",
        "internships",
        "organisational experience",
        "organizational experience",
        "relevant experience",
        "professional background",
        "career profile",
        "job history",
        "working experience",
        "industrial experience",
        "industry experience",
        "experience summary",
    ),
    Section.PROJECTS: (
        "projects",
        "project",
        "project details",
        "academic projects",
        "academic project",
        "key projects",
        "personal projects",
        "projects undertaken",
        "project experience",
        "project profile",
        "major projects",
        "projects handled",
        "projects worked on",
        "project work",
        "projects done",
        "live projects",
    ),
    Section.EDUCATION: (
        "education",
        "education details",
        "educational details",
        "educational qualification",
        "educational qualifications",
        "academic qualification",
        "academic qualifications",
        "qualification",
        "qualifications",
        "academic details",
        "academics",
        "academic background",
        "educational background",
        "scholastic profile",
        "academic profile",
        "education and training",
        "academic credentials",
        "education qualification",
        "education profile",
    ),
    Section.OTHER: (
        *SUMMARY_HEADINGS,
        *CERTIFICATION_HEADINGS,
        *LANGUAGE_HEADINGS,
        *ACHIEVEMENT_HEADINGS,
        *PERSONAL_HEADINGS,
        "declaration",
        "hobbies",
        "interests",
        "hobbies and interests",
        "extra curricular activities",
        "extracurricular activities",
        "co curricular activities",
        "activities",
        "strengths",
        "strength",
        "references",
        "trainings",
        "training",
        "courses",
        "publications",
        "career highlights",
    ),
}

# An upper-case heading may lead a line of content: "TECHNICAL SKILLS Java, SQL".
_MAX_HEADING_WORDS = 5
_KEY_JUNK = re.compile(r"[^a-z0-9 ]+")
_EDGE_JUNK = " \t\u2022*-\u2013\u2014=_:|.>~"
_INLINE_HEADING = re.compile(r"^([A-Za-z&/ ]{3,60}?)\s*(?::-|:|\u2013|-)\s*(\S.*)$")


def _heading_key(text: str) -> str:
    text = text.lower().replace("&", " and ").replace("/", " ")
    return " ".join(_KEY_JUNK.sub("", text).split())


@functools.cache
def _heading_table() -> dict[str, Section]:
    return {_heading_key(p): s for s, phrases in _HEADINGS.items() for p in phrases}


@functools.cache
def _glued_heading() -> re.Pattern[str]:
    """A heading glued to the end of the previous text ("6 monthsCompany Details")."""
    variants = {
        form
        for phrases in _HEADINGS.values()
        for phrase in phrases
        for form in (phrase.title(), phrase.upper())
    }
    # The cheap "lower then upper case" test first; the heading alternation only then.
    return re.compile(
        rf"(?<=[a-z0-9)\].])(?=[A-Z])(?=(?:{trie_pattern(variants)})[ \t]*(?::|\n|$))"
    )


@functools.cache
def _trailing_heading() -> re.Pattern[str]:
    """A multi-word heading ending a line of other text ("...team work Education Details")."""
    variants = {
        form
        for phrases in _HEADINGS.values()
        for phrase in phrases
        if " " in phrase
        for form in (phrase.title(), phrase.upper())
    }
    return re.compile(rf"(?<=\S)[ \t]+(?=(?:{trie_pattern(variants)})[ \t]*(?::|\n|$))")


def repair_glued_headings(text: str) -> str:
    """Put a heading that lost its line break back on a line of its own."""
    return _trailing_heading().sub("\n", _glued_heading().sub("\n", text))


def _match_heading(line: str) -> tuple[Section, str, str] | None:
    """(section, heading key, content on the same line) when the line opens a section."""
    stripped = line.strip(_EDGE_JUNK)
    if not stripped or len(stripped) > 80:
        return None
    table = _heading_table()
    key = _heading_key(stripped)
    section = table.get(key)
    if section is not None:
        return section, key, ""
    inline = _INLINE_HEADING.match(stripped)
    if inline and (section := table.get(key := _heading_key(inline.group(1)))) is not None:
        return section, key, inline.group(2).strip()
    words = stripped.split()
    for count in range(min(_MAX_HEADING_WORDS, len(words) - 1), 0, -1):
        lead = " ".join(words[:count])
        if lead.isupper() and (section := table.get(key := _heading_key(lead))) is not None:
            return section, key, " ".join(words[count:])
    return None


def heading_of(line: str) -> tuple[Section, str] | None:
    """(section, content on the same line) when the line opens a section, else None."""
    found = _match_heading(line)
    return None if found is None else (found[0], found[2])


def heading_name(line: str) -> str:
    """The heading a line opens, normalised ("awards and achievements"); "" if none."""
    found = _match_heading(line)
    return "" if found is None else found[1]


@dataclass(slots=True)
class Sections:
    """A resume's lines grouped by the section they belong to, in reading order."""

    lines: dict[Section, list[str]] = field(default_factory=dict)
    # Each heading met: (its line, its section, where its lines start in `lines[section]`).
    headings: list[tuple[str, Section, int]] = field(default_factory=list)

    def of(self, section: Section) -> list[str]:
        return self.lines.get(section, [])

    def blocks(self, section: Section) -> list[tuple[str, list[str]]]:
        """(heading line, lines up to the next heading) for each heading of the section."""
        starts = [(line, start) for line, opened, start in self.headings if opened is section]
        if not starts:
            return []
        lines = self.of(section)
        ends = [start for _, start in starts[1:]] + [len(lines)]
        return [(line, lines[start:end]) for (line, start), end in zip(starts, ends, strict=True)]


def cut_at_headings(lines: list[str]) -> list[tuple[Section, list[str]]]:
    """The lines cut where a heading opens a section: (that section, its heading line and the
    lines up to the next one), in reading order, after the lines before the first heading
    (PREAMBLE, without a heading line). Unlike split_sections, two blocks of one section stay
    apart and every line stays as written: for rearranging or rendering a resume."""
    blocks: list[tuple[Section, list[str]]] = [(Section.PREAMBLE, [])]
    for line in lines:
        found = heading_of(line) if len(line) <= 200 else None
        if found is not None:
            blocks.append((found[0], [line]))
        else:
            blocks[-1][1].append(line)
    return blocks


def _is_entry_field(current: Section, heading: Section) -> bool:
    """ "Technologies: Python, Django" inside a job or project describes it; it opens nothing."""
    return heading is Section.SKILLS and current in (Section.EXPERIENCE, Section.PROJECTS)


# "company - Acme Ltd" opens a job: after a "Project Details" heading it ends the projects.
_COMPANY_FIELD = re.compile(r"^\s*(?:company|employer)(?:\s+name)?\s*(?::-|:|-|\u2013)", re.I)


def _is_project_caption(line: str) -> bool:
    """ "Project: X", "Project-II: X" name one project; "Project Details: X" heads them all."""
    caption = re.split(r"[:\-\u2013]", line.strip(_EDGE_JUNK), maxsplit=1)[0]
    return _heading_key(caption) == "project"


def split_sections(lines: list[str]) -> Sections:
    """Assign every line to the section whose heading last preceded it."""
    sections = Sections()
    current = Section.PREAMBLE
    for line in lines:
        if current is Section.PROJECTS and _COMPANY_FIELD.match(line):
            current = Section.EXPERIENCE
        found = heading_of(line) if len(line) <= 200 else None
        if found is not None and found[1] and _is_entry_field(current, found[0]):
            found = None
        if found is not None:
            current, content = found
            if content and current is Section.PROJECTS and _is_project_caption(line):
                content = line  # "Project-II: Go Ayur": the caption tells the project parser
            sections.lines.setdefault(current, [])
            sections.headings.append((line, current, len(sections.lines[current])))
            if content:
                sections.lines[current].append(content)
            continue
        sections.lines.setdefault(current, []).append(line)
    return sections
