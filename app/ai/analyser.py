"""The analyser interface and the built-in one: offline, deterministic, CPU only."""

from __future__ import annotations

import asyncio
from typing import Protocol, runtime_checkable

import msgspec

from app.ai.categories import category_contributions, category_scores, rank_categories
from app.ai.education import extract_education
from app.ai.experience import extract_experience
from app.ai.extras import extract_extras
from app.ai.lines import is_short_line
from app.ai.profiles import CATEGORIES
from app.ai.project_blocks import project_blocks, split_fields
from app.ai.projects import extract_projects
from app.ai.schemas import ComprehensiveAnalysis, Skills
from app.ai.sections import Section, repair_glued_headings, split_sections
from app.ai.skills import collect_skills
from app.ai.text import normalise
from app.ai.vocabulary import scan, technologies_in


class AnalysisResult(msgspec.Struct, frozen=True):
    """The predicted category, the ranking it came from and the extracted structure."""

    predicted_field: str
    analysis: ComprehensiveAnalysis
    ranking: tuple[str, ...]
    # Which analyser made it: "builtin" or "openai" (a stored analysis's `origin`).
    origin: str


# Runtime-checkable: Litestar checks injected dependencies against their annotation.
@runtime_checkable
class Analyser(Protocol):
    """Anything that turns resume text into an analysis; the built-in one or a remote model."""

    async def analyse(self, text: str) -> AnalysisResult: ...


class BuiltinAnalyser:
    """Lexicon- and heuristics-based analyser: needs no network, model or configuration."""

    def __init__(self) -> None:
        # Compile the shared tables now (once per process), not during the first request.
        self.analyse_sync("Skills\nPython")

    def analyse_sync(self, text: str) -> AnalysisResult:
        """Analyse resume text; pure and deterministic, never raises on any string."""
        clean = repair_glued_headings(normalise(text))
        lines = clean.split("\n")
        sections = split_sections(lines)
        hits = scan(clean)
        skills = collect_skills(term for _, term in hits)
        headlines = [
            line
            for section in (Section.PREAMBLE, Section.EDUCATION, Section.SKILLS, Section.OTHER)
            for line in sections.of(section)
            if is_short_line(line)
        ]
        outside_projects = [
            line
            for section, section_lines in sections.lines.items()
            if section is not Section.PROJECTS
            for line in section_lines
        ]
        analysis = ComprehensiveAnalysis(
            skills=Skills(technical=skills.technical, soft=skills.soft),
            experience=extract_experience(sections.of(Section.EXPERIENCE), headlines),
            projects=extract_projects(
                split_fields(sections.of(Section.PROJECTS)),
                technologies_in,
                project_blocks(outside_projects),
            ),
            education=extract_education(sections.of(Section.EDUCATION)),
            **extract_extras(clean, sections),
        )
        ranking = rank_categories(category_scores(clean, hits))
        return AnalysisResult(
            predicted_field=ranking[0], analysis=analysis, ranking=ranking, origin="builtin"
        )

    def explain(self, text: str) -> dict[str, dict[str, float]]:
        """Per category, what each matched term added to its score: to audit the profiles."""
        clean = repair_glued_headings(normalise(text))
        contributions = category_contributions(clean, scan(clean))
        return dict(zip(CATEGORIES, contributions, strict=True))

    async def analyse(self, text: str) -> AnalysisResult:
        """Analyse in a worker thread so the event loop stays free."""
        return await asyncio.to_thread(self.analyse_sync, text)
