class ImportInputError(Exception):
    """The input as a whole cannot be used (unreadable, not WXR, unsafe XML): nothing is written."""


class ItemError(Exception):
    """One item (a text file, a WXR post) cannot be imported; the others still can.

    `line` is the line in the input file where the problem is, when known.
    """

    def __init__(self, message, *, line=None):
        super().__init__(message)
        self.line = line
