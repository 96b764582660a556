"""Sandbox helper for the arXiv tool: search the arXiv API, or fetch one paper's abstract and PDF.

Run as `python3 - ARGS_JSON`; prints a message for the model. Standard library only. It runs inside
the sandbox so that it has exactly the network the sandbox has: none, in which case it says so.
"""

import json
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

ATOM = {"a": "http://www.w3.org/2005/Atom"}


class NoNetwork(Exception):
    pass


def get(url, timeout):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise NoNetwork(f"arXiv answered HTTP {error.code} for {url}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise NoNetwork(f"{urllib.parse.urlsplit(url).netloc} cannot be reached ({reason})") from None


def text(element, tag):
    return " ".join((element.findtext(tag, "", ATOM) or "").split())


def entries(feed):
    root = ET.fromstring(feed)
    for entry in root.findall("a:entry", ATOM):
        yield {
            "id": text(entry, "a:id").rsplit("/abs/", 1)[-1],
            "title": text(entry, "a:title"),
            "authors": ", ".join(text(a, "a:name") for a in entry.findall("a:author", ATOM)),
            "published": text(entry, "a:published")[:10],
            "summary": text(entry, "a:summary"),
        }


def search(args):
    query = urllib.parse.urlencode(
        {"search_query": f"all:{args['query']}", "start": 0, "max_results": args["max_results"]}
    )
    found = list(entries(get(f"{args['base_url']}/api/query?{query}", args["timeout"])))
    if not found:
        return f"arXiv has no results for {args['query']!r}."
    out = [f"{len(found)} result(s) from arXiv for {args['query']!r}:"]
    for paper in found:
        out.append(f"- {paper['id']} ({paper['published']}) {paper['title']}. {paper['authors'][:120]}")
        out.append(f"  {paper['summary'][:300]}")
    out.append("Fetch one with paper_id='<id>' to read its abstract and save its PDF.")
    return "\n".join(out)


def fetch(args):
    paper_id = args["paper_id"].strip().removeprefix("arXiv:").removeprefix("arxiv:")
    if not re.fullmatch(r"[\w.\-/]+", paper_id):
        return f"{args['paper_id']!r} does not look like an arXiv id (e.g. 1706.03762)."
    found = list(entries(get(f"{args['base_url']}/api/query?id_list={paper_id}", args["timeout"])))
    if not found:
        return f"arXiv has no paper {paper_id}."
    paper = found[0]
    os.makedirs("papers", exist_ok=True)
    target = os.path.join("papers", paper_id.replace("/", "_") + ".pdf")
    with open(target, "wb") as handle:
        handle.write(get(f"{args['base_url']}/pdf/{paper_id}", args["timeout"] * 3))
    return (
        f"{paper['id']}: {paper['title']} ({paper['published']})\n{paper['authors']}\n\n"
        f"Abstract: {paper['summary']}\n\nPDF saved to {target}; read it with read_paper."
    )


def main():
    args = json.loads(sys.argv[1])
    try:
        print(fetch(args) if args.get("paper_id") else search(args))
    except NoNetwork as error:
        print(
            f"No network: {error}. arXiv is not available from here; work from the papers in this "
            "directory (read_paper lists them)."
        )
    except ET.ParseError as error:
        print(f"arXiv's answer could not be parsed ({error}); try again or work from local papers.")


main()
