from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from . import selectors
from .models import MeasureType, TargetGroup


class ProgrammeYearListView(LoginRequiredMixin, ListView):
    template_name = "programmes/programmeyear_list.html"
    context_object_name = "programme_years"

    def get_queryset(self):
        return selectors.programme_year_list(self.request.user)


class ProgrammeYearDetailView(LoginRequiredMixin, TemplateView):
    template_name = "programmes/programmeyear_detail.html"

    def get_context_data(self, **kwargs):
        programme_year = selectors.programme_year_get(
            self.request.user, programme_code=self.kwargs["programme"], year=self.kwargs["year"]
        )
        if programme_year is None:
            raise Http404(_("Dieses Programmjahr gibt es nicht."))
        year = programme_year.year
        return super().get_context_data(
            programme_year=programme_year,
            participations=selectors.participations_for_year(programme_year),
            measure_types=MeasureType.objects.filter(programme=programme_year.programme).for_year(
                year
            ),
            target_groups=TargetGroup.objects.filter(programme=programme_year.programme).for_year(
                year
            ),
            **kwargs,
        )
