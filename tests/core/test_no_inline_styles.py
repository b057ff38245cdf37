"""Pages are served with a Content-Security-Policy of style-src 'self' (core.extensions): the
browser ignores inline style attributes and <style> blocks, so a page template that uses them
silently loses that styling (the check-in capacity bars once never filled). WeasyPrint
templates (PDFs) are not pages and may use them."""
import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# rendered by WeasyPrint into PDFs, never served as pages
PDF_TEMPLATES = ("registration/badges/", "registration/programme/", "judging/certificate/",
                 "booths/plan_pdf.html", "reports/report_pdf.html")
INLINE = re.compile(r"""\sstyle\s*=\s*["']|<style[\s>]""", re.IGNORECASE)


def test_page_templates_use_no_inline_styles():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        rel = path.relative_to(TEMPLATES).as_posix()
        if rel.startswith(PDF_TEMPLATES):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if INLINE.search(line):
                offenders.append(f"{rel}:{number}: {line.strip()[:100]}")
    assert not offenders, "inline styles are blocked by the CSP:\n" + "\n".join(offenders)


def test_the_policy_still_forbids_inline_styles(client):
    policy = client.get("/healthz").headers.get("Content-Security-Policy", "")
    assert "style-src 'self'" in policy and "unsafe-inline" not in policy
