"""Importers for the newspaper's archives.

Parsers turn input text into plain data (`records.ArticleRecord`) without touching the
database; `loader.ArticleLoader` is the one write path from that data into the database.
`text.importer` and `wxr.importer` tie them together for the management commands.
"""
