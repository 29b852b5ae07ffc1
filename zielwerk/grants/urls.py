"""The grant procedure's pages, one module per part (applications and reviews, decisions,
payments, proof of use and reclaim), all in the namespace "grants"."""

from . import urls_applications, urls_decisions, urls_payments, urls_proof

app_name = "grants"
urlpatterns = [
    *urls_applications.urlpatterns,
    *urls_decisions.urlpatterns,
    *urls_payments.urlpatterns,
    *urls_proof.urlpatterns,
]
