"""名寄せ: one person or household known in parts to several organizations.

Each organization keeps its own person records (decision 0003). The linkage
(``tsunagu.linkage.engine``) finds the records that are one person (``identity``) and the
persons who are one household (``household_key``). Nobody is merged: the records stay as they
are, each organization sees only its own, and what the linkage found is shown as counts, fields
and a household key (``OverlapAgendaItem``), never as the other organizations' contents.

Pairs the linkage is unsure of wait for a person's decision (``MatchCandidate``): same person,
not the same, or unsure. Decisions are kept and re-used by every later run.
"""

from django.conf import settings
from django.db import models

from tsunagu.core.models import BaseModel


class PersonLink(BaseModel):
    """A person record's place in the linkage: which identity and household it belongs to."""

    person = models.OneToOneField(
        "people.Person", verbose_name="本人", on_delete=models.CASCADE, related_name="link"
    )
    identity = models.CharField("同一人物キー", max_length=16, db_index=True)
    household_key = models.CharField("世帯キー", max_length=16, db_index=True)
    flat_key = models.CharField("住所キー", max_length=255, blank=True, db_index=True)

    class Meta:
        verbose_name = "名寄せの結果"
        verbose_name_plural = "名寄せの結果"

    def __str__(self) -> str:
        return f"{self.person_id} → {self.identity} / {self.household_key}"

    @property
    def on_agenda(self) -> bool:
        """Whether the household is on a meeting's agenda as an overlap: only then does the
        person's page show its key (elsewhere it would be a pseudonym two organizations could
        compare without consent)."""
        return OverlapAgendaItem.objects.filter(household_key=self.household_key).exists()


class BlockKey(models.Model):
    """A blocking key of a person record (``engine.stable_block_keys``): records sharing one are
    compared when a new record comes in."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name="本人"
    )
    key = models.BigIntegerField("キー", db_index=True)

    class Meta:
        verbose_name = "名寄せの索引"
        verbose_name_plural = "名寄せの索引"
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="block_key_once")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.key}"


class LinkRun(BaseModel):
    """名寄せの実行: one run over every person record, with the parameters it trained."""

    finished_at = models.DateTimeField("終了日時", null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="実行した職員",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    records = models.PositiveIntegerField("記録数", default=0)
    identities = models.PositiveIntegerField("人数", default=0)
    households = models.PositiveIntegerField("世帯数", default=0)
    new_candidates = models.PositiveIntegerField("新しい確認候補", default=0)
    auto_linked = models.PositiveIntegerField("自動で同一とした組", default=0)
    model = models.JSONField("パラメータ", default=dict)

    class Meta:
        verbose_name = "名寄せの実行"
        verbose_name_plural = "名寄せの実行"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"名寄せ {self.created_at:%Y-%m-%d %H:%M}"


class Verdict(models.TextChoices):
    PENDING = "pending", "未確認"
    SAME = "same", "同一人物"
    DIFFERENT = "different", "別人"
    UNSURE = "unsure", "判断できない"


class MatchCandidate(BaseModel):
    """名寄せの確認候補: two records of different organizations that may be one person."""

    person_a = models.ForeignKey(
        "people.Person", verbose_name="記録A", on_delete=models.CASCADE, related_name="+"
    )
    person_b = models.ForeignKey(
        "people.Person", verbose_name="記録B", on_delete=models.CASCADE, related_name="+"
    )
    probability = models.FloatField("同一人物である確率")
    levels = models.JSONField("項目ごとの一致", default=dict)
    verdict = models.CharField(
        "判断", max_length=16, choices=Verdict.choices, default=Verdict.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="判断した職員",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("判断日時", null=True, blank=True)
    note = models.CharField("メモ", max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "名寄せの確認候補"
        verbose_name_plural = "名寄せの確認候補"
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="candidate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="candidate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} / {self.person_b_id}: {self.get_verdict_display()}"


class OverlapAgendaItem(BaseModel):
    """世帯の重なり (議題): a household found in several fields, brought to a 支援会議 as a
    household key with its fields and counts. The organizations that know its members bring
    their own records to the meeting if they decide to."""

    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name="会議",
        on_delete=models.CASCADE,
        related_name="overlap_items",
    )
    household_key = models.CharField("世帯キー", max_length=16)
    summary = models.CharField("重なりの内容", max_length=255)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登録者", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "世帯の重なり（議題）"
        verbose_name_plural = "世帯の重なり（議題）"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "household_key"], name="overlap_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.household_key}: {self.summary}"
