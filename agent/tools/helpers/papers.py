"""Sandbox helper for the paper tools: list, read (by section, page or offset) and search papers.

Run as `python3 - ARGS_JSON` from the working directory; prints a message for the model. Standard
library only, plus pypdf for PDF files when it is installed. Expected problems (a missing file, a
binary or non-UTF-8 file, a broken PDF) are explained on stdout, never raised.
"""

import json
import os
import re
import sys

PAPER_SUFFIXES = (".md", ".markdown", ".txt", ".tex", ".rst", ".pdf")
SKIP_DIRS = {".git", ".venv", "venv", "__pycache__", "node_modules", ".cache"}
MAX_LISTED = 100
MAX_TEXT_BYTES = 20_000_000  # longer text files are read in part: no paper is this long


def find_papers(root="."):
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.lower().endswith(PAPER_SUFFIXES):
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return found


class Unreadable(Exception):
    """A file that cannot be read as a paper; the message is for the model."""


def pdf_pages(path):
    try:
        import pypdf
    except ImportError:
        raise Unreadable(
            f"{path} is a PDF, and reading PDFs needs the pypdf package, which is not installed here "
            "(pip install pypdf), or try `pdftotext` in bash."
        ) from None
    try:
        reader = pypdf.PdfReader(path)
        return [(page.extract_text() or "") for page in reader.pages]
    except Exception as error:  # noqa: BLE001  pypdf raises many types for damaged files; all mean "unreadable"
        raise Unreadable(f"{path} could not be read as a PDF ({type(error).__name__}: {error}).") from None


def read_text(path):
    """Text of a text file, and a note when it was not clean UTF-8."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        data = handle.read(MAX_TEXT_BYTES)
    if b"\x00" in data[:8192]:
        raise Unreadable(f"{path} looks like a binary file, not a paper (it contains NUL bytes).")
    note = ""
    if size > MAX_TEXT_BYTES:
        note = f"Note: {path} is {size:,} bytes; only its first {MAX_TEXT_BYTES:,} bytes are read.\n"
    try:
        return data.decode("utf-8"), note
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        return text, note + f"Note: {path} is not valid UTF-8; {bad} undecodable bytes are shown as \ufffd.\n"


HEADING_MD = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
HEADING_TEX = re.compile(r"^\\(section|subsection|subsubsection)\*?\{(.+)\}")
HEADING_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+([A-Z][^.!?]{1,80})$")  # "3.2 Results" in PDF text


def sections(lines, numbered_headings):
    """[(title, level, start_line)] for the headings in `lines`."""
    found = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        match = HEADING_MD.match(stripped)
        if match:
            found.append((match.group(2), len(match.group(1)), number))
            continue
        match = HEADING_TEX.match(stripped)
        if match:
            found.append(
                (match.group(2), ["section", "subsection", "subsubsection"].index(match.group(1)) + 1, number)
            )
            continue
        if numbered_headings:
            match = HEADING_NUMBERED.match(stripped)
            if match:
                found.append((stripped, match.group(1).count(".") + 1, number))
    return found


def find_section(heads, wanted):
    """Index of the section the model asked for: by the paper's own number ("3", "2.1"), then by
    its place in the outline ("[4]" or "4"), then by words of its title."""
    wanted = wanted.strip().strip("[]#").strip().rstrip(".")
    leading = [re.match(r"(\d+(?:\.\d+)*)\.?\s", title + " ") for title, _, _ in heads]
    for index, match in enumerate(leading):
        if match and match.group(1) == wanted:
            return index
    if wanted.isdigit() and 1 <= int(wanted) <= len(heads):
        return int(wanted) - 1
    return next((i for i, head in enumerate(heads) if wanted.lower() in head[0].lower()), None)


def load(path):
    """(lines, page_starts or None, note) for a paper."""
    if path.lower().endswith(".pdf"):
        lines, starts = [], []
        for page in pdf_pages(path):
            starts.append(len(lines))
            lines.extend(page.splitlines())
        return lines, starts, ""
    text, note = read_text(path)
    return text.splitlines(), None, note


def clip(text, start, max_chars):
    if start >= len(text) and text:
        return f"[start={start} is past the end: this part has {len(text):,} characters]"
    part = text[start : start + max_chars]
    if start + max_chars < len(text):
        part += (
            f"\n[... showing characters {start:,}-{start + len(part):,} of {len(text):,}; "
            f"call again with start={start + len(part)} for more]"
        )
    return part


def page_text(lines, page_starts, first, last):
    bounds = page_starts + [len(lines)]
    return "\n".join(
        f"--- page {p} ---\n" + "\n".join(lines[bounds[p - 1] : bounds[p]]) for p in range(first, last + 1)
    )


def outline(path, lines, heads, page_starts):
    size = sum(len(line) + 1 for line in lines)
    out = [f"{path}: {size:,} characters" + (f", {len(page_starts)} pages" if page_starts else "")]
    if heads:
        out.append("Sections (read one with section='<[number] or title>'):")
        for number, (title, level, _) in enumerate(heads, 1):
            out.append(f"{'  ' * (level - 1)}[{number}] {title}")
    elif page_starts:
        out.append("No section headings found; read pages with pages='1-3'.")
    return "\n".join(out)


def read(args):
    path, max_chars = args["path"], args["max_chars"]
    if not os.path.isfile(path):
        papers = find_papers()
        hint = ("Papers here: " + ", ".join(papers[:20])) if papers else "No papers were found here."
        return f"No such file: {path}. {hint}"
    lines, page_starts, note = load(path)
    heads = sections(lines, numbered_headings=page_starts is not None)
    section, pages, start = args.get("section", "").strip(), args.get("pages", "").strip(), args["start"]

    if pages:
        if page_starts is None:
            return note + f"{path} has no pages (it is not a PDF); use section= or start= instead."
        match = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", pages)
        if not match:
            return f"pages must look like '3' or '2-4', not {pages!r}."
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not 1 <= first <= last <= len(page_starts):
            return f"{path} has pages 1-{len(page_starts)}; {pages!r} is outside that."
        return note + clip(page_text(lines, page_starts, first, last), start, max_chars)

    if section:
        index = find_section(heads, section)
        if index is None:
            return note + f"No section {section!r} in {path}.\n" + outline(path, lines, heads, page_starts)
        title, level, first_line = heads[index]
        end = next((h[2] for h in heads[index + 1 :] if h[1] <= level), len(lines))
        return note + clip("\n".join(lines[first_line:end]), start, max_chars)

    if page_starts:
        note += f"{path}: {len(page_starts)} pages\n"
        text = page_text(lines, page_starts, 1, len(page_starts))
    else:
        text = "\n".join(lines)
    if len(text) <= max_chars or start:
        return note + clip(text, start, max_chars)
    preview = clip(text, 0, max_chars // 4).split("\n[... showing")[0]
    return note + outline(path, lines, heads, page_starts) + f"\n\nBeginning:\n{preview}\n[...]"


def list_papers(args):
    papers = find_papers()
    if not papers:
        return "No papers (.md, .txt, .tex, .rst, .pdf) were found in this directory or below it."
    out = [f"{len(papers)} paper(s):"]
    for path in papers[:MAX_LISTED]:
        out.append(f"  {path} ({os.path.getsize(path):,} bytes)")
    if len(papers) > MAX_LISTED:
        out.append(f"  ... and {len(papers) - MAX_LISTED} more")
    return "\n".join(out)


def search(args):
    terms = [t for t in re.split(r"\s+", args["query"].lower()) if t]
    if not terms:
        return "Give a query: one or more words to look for."
    paths = [args["path"]] if args.get("path") else find_papers()
    hits, problems = [], []
    for path in paths:
        try:
            lines, page_starts, _ = load(path)
        except (Unreadable, OSError) as error:
            problems.append(str(error))
            continue
        heads = sections(lines, numbered_headings=page_starts is not None)
        for number, line in enumerate(lines):
            lowered = line.lower()
            score = sum(term in lowered for term in terms)
            if score == 0:
                continue
            where = next((h[0] for h in reversed(heads) if h[2] <= number), None)
            page = sum(1 for s in page_starts if s <= number) if page_starts else None
            place = f"p. {page}" if page else (f"section '{where}'" if where else f"line {number + 1}")
            hits.append((-score, path, place, line.strip()[:200]))
    hits.sort(key=lambda hit: hit[0])
    if not hits:
        return f"No line matches {args['query']!r}." + (" " + " ".join(problems) if problems else "")
    out = [f"{len(hits)} matching line(s), best first (showing up to {args['max_hits']}):"]
    out += [f"  {path} ({place}): {text}" for _, path, place, text in hits[: args["max_hits"]]]
    return "\n".join(out + problems)


def main():
    args = json.loads(sys.argv[1])
    action = {"list": list_papers, "read": read, "search": search}[args["action"]]
    try:
        print(action(args))
    except Unreadable as error:
        print(error)
    except OSError as error:  # permissions, a directory given as a file, ...
        print(f"Could not read {args.get('path', '')}: {error.strerror or error}.")


main()
