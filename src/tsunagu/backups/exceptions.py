class BackupError(Exception):
    """A backup, restore or verification could not be carried out; the message is for the
    operator, in Japanese, and names no personal data."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
