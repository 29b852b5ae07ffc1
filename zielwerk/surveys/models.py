"""Surveys (Befragungen, § 7): the ministry's questionnaire to the regions of a programme year
and the regions' answers.

Options of single and multiple choice questions are `Choice` rows (not a text field), so that a
multiple choice answer is a relation (`Answer.choices`) and the results count by choice in SQL.
A scale question keeps its range on the question (`scale_min`..`scale_max`, with labels for the
two ends); its answer is `Answer.value_number`, like a number question's.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import QuestionKind, ResponseStatus, SurveyStatus


class Survey(models.Model):
    programme_year = models.ForeignKey(
        "programmes.ProgrammeYear",
        verbose_name=_("Programmjahr"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    title = models.CharField(_("Titel"), max_length=200)
    introduction = models.TextField(_("Einleitung"), blank=True)
    deadline = models.DateField(_("Frist"), null=True, blank=True)
    status = models.CharField(
        _("Stand"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angelegt von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    sent_at = models.DateTimeField(_("versendet am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Befragung")
        verbose_name_plural = _("Befragungen")
        ordering = ["-programme_year__year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey_detail", kwargs={"pk": self.pk})


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("Befragung"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    kind = models.CharField(_("Art"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("Frage"), max_length=500)
    help_text = models.TextField(_("Hinweis"), blank=True)
    required = models.BooleanField(_("Pflichtfrage"), default=True)
    scale_min = models.PositiveSmallIntegerField(_("Skala von"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("Skala bis"), default=5)
    scale_min_label = models.CharField(
        _("Beschriftung des unteren Endes"), max_length=100, blank=True
    )
    scale_max_label = models.CharField(
        _("Beschriftung des oberen Endes"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("Frage")
        verbose_name_plural = _("Fragen")
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="survey_question_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(scale_min__lt=models.F("scale_max")),
                name="survey_question_scale_range",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("Frage"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    label = models.CharField(_("Antwortmöglichkeit"), max_length=300)

    class Meta:
        verbose_name = _("Antwortmöglichkeit")
        verbose_name_plural = _("Antwortmöglichkeiten")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="survey_choice_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class SurveyRecipient(models.Model):
    """A region the survey was sent to."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("Befragung"), on_delete=models.CASCADE, related_name="recipients"
    )
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("Gebietskörperschaft"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reminded_at = models.DateTimeField(_("erinnert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Empfänger der Befragung")
        verbose_name_plural = _("Empfänger der Befragung")
        ordering = ["survey", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "region"], name="survey_recipient_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.region}"


class Response(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name=_("Befragung"), on_delete=models.PROTECT, related_name="responses"
    )
    region = models.ForeignKey(
        "organisations.Region",
        verbose_name=_("Gebietskörperschaft"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("Stand"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    saved_at = models.DateTimeField(_("zuletzt gespeichert am"))
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuletzt gespeichert von"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("abgesendet am"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("abgesendet von"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Antwort einer Gebietskörperschaft")
        verbose_name_plural = _("Antworten der Gebietskörperschaften")
        ordering = ["survey", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "region"], name="survey_response_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} – {self.region}"

    @property
    def submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("Antwort"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("Frage"), on_delete=models.PROTECT, related_name="answers"
    )
    value_text = models.TextField(_("Text"), blank=True)
    value_number = models.DecimalField(
        _("Zahl"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    choices = models.ManyToManyField(
        Choice, verbose_name=_("gewählte Möglichkeiten"), blank=True, related_name="answers"
    )

    class Meta:
        verbose_name = _("Antwort auf eine Frage")
        verbose_name_plural = _("Antworten auf Fragen")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.response} – {self.question}"
