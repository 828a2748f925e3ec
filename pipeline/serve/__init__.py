"""The review workbench (`hetong serve`) and its static export
(`hetong review --db DB --out DIR`): an index of the contracts of a database,
each contract's review page with the reviewer's decisions, stored in the
`reviews` table (migration 009).

One module per page: index.py (the list), contract.py (one contract),
decisions.py (recording a decision), pages.py (PDF page images); app.py
wires them into a Starlette app, export.py writes the same pages as files,
command.py is the command line's side."""
