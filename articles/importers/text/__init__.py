"""Plain-text archives: parser.py reads a file into records, importer.py runs the loader."""
