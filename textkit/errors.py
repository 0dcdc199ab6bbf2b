"""The exceptions textkit raises; each names the file (or lexicon line) and the problem."""


class TextkitError(Exception):
    """Base class: catch this to handle any textkit failure."""


class IngestError(TextkitError):
    """A file could not be read as a report (empty, binary, undecodable, too large...)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class LexiconError(TextkitError):
    """A lexicon file is malformed: the message names the file and line."""


class UsageError(TextkitError):
    """A caller passed arguments that cannot work; the message says how to fix the call."""
