class ConcurrentEditError(Exception):
    """The record changed since the form was opened; saving would overwrite someone's edit."""

    message = (
        "この記録は、画面を開いた後に他の職員が更新しました。"
        "最新の内容を確認してから、もう一度入力してください。"
    )


class InvalidTransition(Exception):
    """A status change the record's current state does not allow (e.g. accepting twice)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
