from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zielwerk.core.forms import KernFormMixin
from zielwerk.core.models import AuditEntry


class ContentTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name) if model else obj.model


class AuditFilterForm(KernFormMixin, forms.Form):
    q = forms.CharField(label=_("Objekt enthält"), required=False, max_length=100)
    action = forms.CharField(label=_("Aktion"), required=False, max_length=100)
    actor = forms.CharField(label=_("Person (Benutzername)"), required=False, max_length=150)
    content_type = ContentTypeChoiceField(
        label=_("Objekttyp"),
        required=False,
        queryset=ContentType.objects.none(),
        empty_label=_("alle"),
    )
    date_from = forms.DateField(
        label=_("von"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("bis"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        used = AuditEntry.objects.values_list("content_type", flat=True).distinct()
        field = self.fields["content_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ContentType.objects.filter(pk__in=used).order_by("model")

    def clean(self):
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", gettext("„bis“ liegt vor „von“."))
        return cleaned

    def filter(self, entries):
        if not self.is_valid():
            return entries.none() if self.errors else entries
        data = self.cleaned_data
        if data["q"]:
            entries = entries.filter(object_repr__icontains=data["q"])
        if data["action"]:
            entries = entries.filter(action__icontains=data["action"])
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"])
        if data["content_type"]:
            entries = entries.filter(content_type=data["content_type"])
        if data["date_from"]:
            entries = entries.filter(created_at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(created_at__date__lte=data["date_to"])
        return entries
