"""What a Vietnamese screen must not show: English words and phrases (mostly Streamlit's own), and how to find them.

`english_on_screen(texts)` looks for each entry as a whole word or phrase, case-sensitive (Streamlit writes its
labels capitalised, and Vietnamese has none of these words, so "Stop" is found where "stop" in a URL is not).
The browser sweep (tests/e2e/test_e2e_screens.py) gives it every page's visible text, tooltips (title),
aria-labels, alt texts and placeholders.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# Streamlit's chrome and widgets, as the frontend writes them (a sentence's start is enough).
STREAMLIT_ENGLISH = (
    "Select all", "Upload", "Browse files", "Drag and drop", "per file", "Press Enter", "Press",
    "View more", "View less", "Stop", "Running", "Print", "Record screen", "Made with Streamlit",
    "Show/hide columns", "Download as CSV", "Search", "Fullscreen", "Close fullscreen", "Choose an option",
    "Choose options", "No results", "Deploy", "Settings", "Rerun", "Clear caches", "Clear cache", "Error",
    "is not allowed", "are not allowed", "or smaller", "Collapse sidebar", "Expand sidebar", "Open", "Close",
    "Clear all", "Remove", "Delete", "Cancel", "Copy to clipboard", "Copied", "Show password", "Hide password",
    "Keyboard shortcuts", "Developer options", "About", "Please", "Date set outside", "Invalid", "Loading",
    "Something went wrong", "Connecting", "Please wait", "Increment", "Decrement", "matches", "selected",
    "Selectbox options", "Dismiss", "Download", "Add row", "Previous", "Next", "Today", "Page", "Choose date",
    "Clear date", "Show data", "Show chart", "Sort ascending", "Sort descending", "Hide column", "Pin column",
    "No data", "view more", "view less", "Increment", "Decrement", "Show password", "Hide password",
    "Help", "Help for", "Link to heading", "Sidebar", "file upload", "Scroll tabs", "Copy Vega-Lite spec", "Copied",
    "Values", "Empty", "day", "month", "year", "Skip to main content", "Start Date", "End Date", "Selected Date",
    "Selected Range", "Use arrow keys", "Date range", "Previous month", "Next month", "First available date",
    "Last available date", "Click to start", "Click to finish", "Number is", "allowed range", "This field is required",
)
# The date picker's calendar, had it kept the browser's English (May is left out: "May" begins Vietnamese words).
CALENDAR_ENGLISH = ("January", "February", "March", "April", "June", "July", "August", "September", "October",
                    "November", "December", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                    "Saturday")
# Vega's own ARIA texts on chart marks and axes (charts.finish turns them off and describes the chart in Vietnamese).
VEGA_ENGLISH = ("X-axis", "Y-axis", "titled", "mark container", "rule mark", "group mark", "Vega visualization")
# Words a page of ours might leave in English (raw values, placeholders, unset fields).
RAW_VALUES = ("None", "NaN", "nan", "null", "undefined", "True", "False", "Traceback", "Exception")

ENGLISH = tuple(dict.fromkeys(STREAMLIT_ENGLISH + CALENDAR_ENGLISH + VEGA_ENGLISH + RAW_VALUES))
_PATTERN = re.compile(r"(?<![\w/.\-])(" + "|".join(re.escape(word) for word in sorted(ENGLISH, key=len, reverse=True))
                      + r")(?![\w/\-])")


def english_on_screen(texts: Iterable[str]) -> list[str]:
    """Each English entry found in `texts`, with a little context, once per distinct context."""
    found: dict[str, None] = {}
    for text in texts:
        for match in _PATTERN.finditer(text or ""):
            start, end = max(0, match.start() - 30), min(len(text), match.end() + 30)
            context = " ".join(text[start:end].split())
            found.setdefault(f"{match.group(1)!r} in …{context}…", None)
    return list(found)
