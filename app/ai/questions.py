"""What an interview question asks, read well enough for a template to answer that question.

"Tell me about a time you improved the performance of a system" is a behavioural question
whose ask, in the candidate's words, is "I improved the performance of a system"; "How would
you design a rate limiter?" asks for an approach to "design a rate limiter"; "Why do you want
to work here?" asks for motivation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.ai.builtin_writer import one_line

Kind = Literal["behavioural", "motivation", "approach"]
Form = Literal["clause", "noun", "verb", "if", "topic"]

MAX_ASK_WORDS = 25

_MOTIVATION = re.compile(
    r"\bwhy\s+(?:do|would)\s+you\s+(?:want|like|wish)\b|\bwhy\s+(?:should|would)\s+we\s+hire\b"
    r"|\bwhy\s+(?:are\s+you|you\s+are|you're)\s+(?:interested|applying)\b"
    r"|\bwhy\s+(?:this|our|us|here)\b|\bwhat\s+(?:interests|attracts|excites|draws|motivates)\s+you"
    r"|\bwhy\b.*\b(?:apply|applying|applied|join|joining|work\s+(?:here|for|at|with))\b"
    r"|^tell\s+(?:me|us)\s+about\s+yourself\b",
    re.I,
)
# Framing in front of the ask, and what the ask then is.
_FRAME_SPECS: tuple[tuple[str, Kind, Form], ...] = (
    (
        r"^(?:please\s+)?(?:can\s+you\s+|could\s+you\s+)?(?:tell|talk)\s+(?:me|us)\s+about\s+"
        r"(?:a|an|one|the)\s+(?:time|situation|occasion|moment|instance|case)\s*"
        r"(?:when|where|in\s+which|that)?\s*",
        "behavioural",
        "clause",
    ),
    (
        r"^(?:please\s+)?(?:can\s+you\s+|could\s+you\s+)?(?:describe|share|recall)\s+"
        r"(?:a|an|one)\s+(?:time|situation|occasion|moment|instance|case)\s*"
        r"(?:when|where|in\s+which|that)?\s*",
        "behavioural",
        "clause",
    ),
    (
        r"^(?:please\s+)?(?:can\s+you\s+|could\s+you\s+)?(?:give|share)\s+(?:me\s+|us\s+)?"
        r"(?:an?\s+)?example\s+of\s+(?:a\s+time\s+)?(?:when\s+|where\s+)?",
        "behavioural",
        "clause",
    ),
    (r"^have\s+you\s+ever\s+", "behavioural", "clause"),
    (r"^how\s+did\s+you\s+", "behavioural", "verb"),
    (r"^what\s+would\s+you\s+do\s+(?=if\b|when\b)", "approach", "if"),
    (
        r"^how\s+(?:would|do|will|should|can|could)\s+you\s+(?:go\s+about\s+)?",
        "approach",
        "verb",
    ),
    (r"^(?:what\s+is|what's|what\s+are)\s+your\s+approach\s+to\s+", "approach", "noun"),
    (
        r"^(?:please\s+)?(?:can\s+you\s+|could\s+you\s+)?(?:explain|describe)\s+",
        "approach",
        "noun",
    ),
    (r"^(?:what\s+is|what's|what\s+are)\s+", "approach", "noun"),
    (r"^(?:please\s+)?(?:tell|talk)\s+(?:me|us)\s+about\s+", "approach", "noun"),
    (r"^walk\s+(?:me|us)\s+through\s+", "approach", "noun"),
    # "Where do you see yourself in five years": "where I see myself in five years".
    (
        r"^(?=(?:where|when|why|how|what|which|who)\s+(?:do|did|does)\s+you\b)",
        "approach",
        "topic",
    ),
)
_FRAMES = tuple((re.compile(pattern, re.I), kind, form) for pattern, kind, form in _FRAME_SPECS)
# Where a compound question moves on to its next part ("... and what you learned").
_NEXT_PART = re.compile(
    r"\s*(?:,|;|\band\s+(?:what|how|why)\b|\bwhat\s+did\s+you\b|\bhow\s+did\s+it\b).*$", re.I
)
# "you" as a subject: followed by a word that is not a preposition or a conjunction.
_SUBJECT_YOU = re.compile(
    r"\byou\b(?=\s+(?!(?:to|for|with|about|and|or|in|on|at|from|by|of|into|up|off|down|"
    r"out|back|over|that|as|if|when|so|but)\b)[a-z])",
    re.I,
)
_DO_YOU = re.compile(r"^(where|when|why|how|what|which|who)\s+(?:do|did|does)\s+(?=you\b)", re.I)
_SWAPS = (
    (re.compile(r"\byou're\b", re.I), "I'm"),
    (re.compile(r"\byou've\b", re.I), "I've"),
    (re.compile(r"\byou'd\b", re.I), "I'd"),
    (re.compile(r"\byourself\b", re.I), "myself"),
    (re.compile(r"\byours\b", re.I), "mine"),
    (re.compile(r"\byour\b", re.I), "my"),
    (re.compile(r"\bwere\s+I\b"), "was I"),
    (re.compile(r"\bI\s+were\b"), "I was"),
    (re.compile(r"\bI\s+are\b"), "I am"),
    (re.compile(r"\bare\s+I\b"), "am I"),
)


def first_person(text: str) -> str:
    """'you improved your team's process' -> 'I improved my team's process'."""
    text = _SUBJECT_YOU.sub("I", text)
    text = re.sub(r"\byou\b", "me", text, flags=re.I)
    for pattern, replacement in _SWAPS:
        text = pattern.sub(replacement, text)
    return text


@dataclass(frozen=True)
class Question:
    kind: Kind
    form: Form
    # The ask in the candidate's words: "I improved the performance of a system",
    # "design a rate limiter", "the difference between a process and a thread".
    ask: str
    text: str  # the whole question, on one line


def read_question(question: str) -> Question:
    text = one_line(question, 2000).rstrip("?.! ")
    if _MOTIVATION.search(text):
        return Question("motivation", "noun", "", text)
    kind: Kind = "approach"
    form: Form = "noun"
    rest = text
    for pattern, frame_kind, frame_form in _FRAMES:
        match = pattern.match(text)
        if match:
            kind, form, rest = frame_kind, frame_form, text[match.end() :]
            break
    rest = _NEXT_PART.sub("", rest).strip() or rest.strip()
    ask = first_person(_DO_YOU.sub(r"\1 ", rest))
    if kind == "behavioural" and form == "clause":
        if text.lower().startswith("have you ever"):
            ask = f"I have {ask}"
        elif not re.match(r"I\b", ask):
            form = "noun"  # "an example of a decision you made": "a decision I made"
    elif kind == "approach" and form == "noun" and re.search(r"\bI\b", ask):
        kind = "behavioural"  # "tell me about a problem you solved": a story is wanted
    if form == "topic":
        ask = ask[:1].lower() + ask[1:]
    words = ask.split()
    if len(words) > MAX_ASK_WORDS:
        ask = " ".join(words[:MAX_ASK_WORDS])
    return Question(kind, form, ask.strip(" ,;:-"), text)


# (question words, situation, task, result, how I would go about it).
THEMES: tuple[tuple[re.Pattern[str], str, str, str, str], ...] = tuple(
    (re.compile(pattern, re.I), situation, task, result, steps)
    for pattern, situation, task, result, steps in (
        (
            r"perform|slow|latenc|speed|fast|optimi|bottleneck|scal|load",
            "It was slower than its users needed.",
            "I had to find the bottleneck and remove it.",
            "it ran measurably faster, and stayed that way.",
            "I would measure where the time goes, fix the biggest bottleneck first and confirm "
            "the gain with a benchmark.",
        ),
        (
            r"conflict|disagree|argument|stakeholder|difficult (colleague|person|customer)",
            "People disagreed on how to move forward.",
            "I had to bring everyone to a decision they could support.",
            "we agreed on a plan and delivered it together.",
            "I would listen to each side, agree on the facts and the goal, and propose a way "
            "forward everyone can support.",
        ),
        (
            r"deadline|pressure|urgent|prioriti",
            "The deadline was tight.",
            "I had to deliver on time without cutting corners.",
            "we delivered on time.",
            "I would agree priorities early, cut scope rather than quality and report progress "
            "often.",
        ),
        (
            r"fail|mistake|wrong|error|bug|incident|outage|debug",
            "Something had gone wrong and needed fixing quickly.",
            "I had to put it right and make sure it could not happen again.",
            "the issue was fixed and did not recur.",
            "I would reproduce the problem, find its root cause, fix it with a test that proves "
            "it, and share what we learned.",
        ),
        (
            r"lead|mentor|manag|ownership",
            "The work needed someone to lead it.",
            "I had to organise the work and keep everyone aligned.",
            "the work was delivered and the team stayed aligned.",
            "I would set a clear goal, share out the work by strengths and check in often.",
        ),
        (
            r"design|architect|build|system",
            "The design had to hold up in production.",
            "I had to find a design that would hold up.",
            "the design held up in production.",
            "I would start from the requirements and the expected load, choose the simplest "
            "design that meets them, and test it against failure cases.",
        ),
        (
            r"improv|initiative|innovat|proud|achiev|challeng|difficult|problem|complex",
            "There was a clear chance to do better.",
            "I had to turn that into a measurable improvement.",
            "the improvement stuck and became standard practice.",
            "I would break the problem down, try the simplest fix first and measure the result.",
        ),
    )
)
DEFAULT_THEME = (
    "",
    "I had to deliver a clear outcome.",
    "the outcome was clear and positive.",
    "I would clarify the goal, break the work into small steps and check each one.",
)


def theme(text: str) -> tuple[str, str, str, str]:
    """The situation, task, result and approach that suit the question's words."""
    return next(
        ((s, t, r, h) for pattern, s, t, r, h in THEMES if pattern.search(text)), DEFAULT_THEME
    )
