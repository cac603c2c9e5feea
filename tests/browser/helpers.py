"""What the browser tests do again and again: sign in, and look at a page the way a person
with a screen reader, a phone or a keyboard would meet it."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from django.urls import reverse

from yrkesresan.demo.world import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

#: axe-core impacts that fail a test. "minor" and "moderate" findings are not gated.
BLOCKING_IMPACTS = ("serious", "critical")
#: axe-core's default rules, plus target-size (WCAG 2.2, 2.5.8): touch targets of at least 24 by 24 px.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

# Swedish first, English second: the .po files may lag behind the templates.
SIGN_IN = re.compile(r"^\s*(Logga in|Sign in)\s*$", re.IGNORECASE)
USERNAME = re.compile(r"^\s*(Användarnamn|Username)\b", re.IGNORECASE)
PASSWORD_LABEL = re.compile(r"^\s*(Lösenord|Password)\b", re.IGNORECASE)


def sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the form, as a person does: find the fields by their visible labels."""
    page.goto(reverse("account_login"))
    page.get_by_label(USERNAME).fill(username)
    page.get_by_label(PASSWORD_LABEL).fill(password)
    page.get_by_role("button", name=SIGN_IN).click()


def check_page(page: Any, *, name: str, viewport: str) -> None:
    """Screenshot the page, then check it: no serious or critical axe-core violation, no
    sideways scrolling, no script error. Every problem found is reported at once."""
    page.wait_for_load_state("load")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}.png", full_page=True)
    problems = [*accessibility_problems(page), *reflow_problems(page)]
    if page.script_errors:
        problems.append(f"Uncaught script errors: {page.script_errors}")
    assert not problems, f"{name} ({viewport}), {page.url}:\n" + "\n".join(problems)


@functools.cache
def _axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def accessibility_problems(page: Any) -> list[str]:
    violations = _axe().run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if not blocking:
        return []
    return [f"axe-core found {len(blocking)} serious or critical violation(s):\n{describe_violations(blocking)}"]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']}\n  {v['helpUrl']}")
        for node in v["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.extend(f"      {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


def reflow_problems(page: Any) -> list[str]:
    """WCAG 1.4.10 Reflow: on a phone one reads down the page, never sideways as well. Names the
    elements that stick out or hold text that does not fit (a long word, an e-mail address)."""
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) return null;
            const culprits = [...document.querySelectorAll('body *')]
              .filter(el => el.getBoundingClientRect().right > width + 1
                || (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1
                    && getComputedStyle(el).overflowX === 'visible'))
              .slice(-5).map(el => el.outerHTML.slice(0, 120));
            return {pageWidth: document.documentElement.scrollWidth, screenWidth: width, culprits};
        }"""
    )
    return [] if overflow is None else [f"The page scrolls sideways: {overflow}"]


#: What a thumb presses on a page's main content: buttons, fields, the route's stops and the cards.
#: Links inside running text are left out (WCAG 2.5.8 exempts them), and so are check boxes and radio
#: buttons, whose label is part of what one presses. axe-core's target-size rule checks 24 px for
#: everything; this asks 44 px (WCAG 2.5.5) of the controls a person uses most.
TOUCH_TARGETS = (
    "main button, main .button, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]),"
    " main select, main textarea, main summary, main .stop a, main .card-link"
)


def small_touch_targets(page: Any, *, minimum: int = 44, selector: str = TOUCH_TARGETS) -> list[str]:
    """The visible controls in the main content that are less than ``minimum`` CSS px high or wide."""
    return page.evaluate(
        """([selector, minimum]) => [...document.querySelectorAll(selector)]
            .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
            .filter(el => { const r = el.getBoundingClientRect();
                            return r.height < minimum - 0.5 || r.width < minimum - 0.5; })
            .map(el => { const r = el.getBoundingClientRect();
                         return `${Math.round(r.width)}x${Math.round(r.height)} ${el.outerHTML.slice(0, 100)}`; })""",
        [selector, minimum],
    )
