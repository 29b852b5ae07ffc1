"""Survey pages under /umfragen/."""

from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("umfragen/", views.SurveyListView.as_view(), name="survey_list"),
    path("umfragen/neu/", views.SurveyFormView.as_view(), name="survey_create"),
    path("umfragen/<int:pk>/", views.SurveyDetailView.as_view(), name="survey_detail"),
    path("umfragen/<int:pk>/bearbeiten/", views.SurveyFormView.as_view(), name="survey_edit"),
    path("umfragen/<int:pk>/fragen/neu/", views.QuestionFormView.as_view(), name="question_create"),
    path(
        "umfragen/fragen/<int:question_pk>/",
        views.QuestionFormView.as_view(),
        name="question_edit",
    ),
    path(
        "umfragen/fragen/<int:question_pk>/loeschen/",
        views.QuestionDeleteView.as_view(),
        name="question_delete",
    ),
    path("umfragen/<int:pk>/versenden/", views.SurveySendView.as_view(), name="survey_send"),
    path("umfragen/<int:pk>/abschliessen/", views.SurveyCloseView.as_view(), name="survey_close"),
    path("umfragen/<int:pk>/ergebnisse/", views.SurveyResultsView.as_view(), name="survey_results"),
    path(
        "umfragen/<int:pk>/ergebnisse/export.<str:fmt>",
        views.SurveyExportView.as_view(),
        name="survey_export",
    ),
    path(
        "umfragen/<int:pk>/antworten/<slug:region>/",
        views.ResponseEditView.as_view(),
        name="response_edit",
    ),
    path(
        "umfragen/<int:pk>/antworten/<slug:region>/absenden/",
        views.ResponseSubmitView.as_view(),
        name="response_submit",
    ),
    path(
        "umfragen/<int:pk>/antworten/<slug:region>/antworten.pdf",
        views.ResponsePdfView.as_view(),
        name="response_pdf",
    ),
]
