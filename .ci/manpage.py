"""Finishes the manual page swift-argument-parser generates: its EXIT STATUS, ENVIRONMENT and
FILES sections from the README's tables (one source for both), and no empty input lines
(mdoc warns of each; a paragraph break is .Pp).

usage: python3 .ci/manpage.py README.md PAGE   (rewrites PAGE in place; see `make man`)
"""
import re
import sys


def tables(readme, heading):
    """The markdown tables under `## heading`, each a list of (first cell, second cell)."""
    section = readme.split("\n## " + heading + "\n", 1)[1].split("\n## ", 1)[0]
    found, rows = [], []
    for line in section.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if not set("".join(cells)) <= set("-: "):
                rows.append(cells)
        elif rows:
            found.append(rows[1:])
            rows = []
    if rows:
        found.append(rows[1:])
    return found


def roff(text):
    text = text.replace("\\|", "|").replace("`", "").replace("\\", "\\e")
    return ("\\&" + text) if text.startswith((".", "'")) else text


def listing(rows, width):
    out = [".Bl -tag -width %dn" % width]
    for key, meaning in rows:
        out += [".It " + roff(key), roff(meaning)]
    return out + [".El"]


def main():
    readme = open(sys.argv[1], encoding="utf-8").read()
    page = open(sys.argv[2], encoding="utf-8").read()
    codes = tables(readme, "Exit codes")[0]
    environment, files = tables(readme, "Files and environment")
    sections = (['.Sh "EXIT STATUS"'] + listing(codes, 4) + [".Sh ENVIRONMENT"] + listing(environment, 18)
                + [".Sh FILES"] + listing(files, 18))
    page = re.sub(r'\.Sh "EXIT STATUS"\n\.Ex -std\n', "\n".join(sections) + "\n", page)
    page = "\n".join(".Pp" if line == "" else line for line in page.rstrip("\n").split("\n")) + "\n"
    open(sys.argv[2], "w", encoding="utf-8").write(page)


main()
