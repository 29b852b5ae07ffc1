"""Pages of the proof of use (Verwendungsnachweis) and the reclaim (Rückforderung)."""

from django.urls import path

from . import views_proof as views

PROOF = "zuwendung/<int:year>/<slug:region>/verwendungsnachweis/"

urlpatterns = [
    path(PROOF, views.ProofDetailView.as_view(), name="proof_detail"),
    path(f"{PROOF}anlegen/", views.ProofCreateView.as_view(), name="proof_create"),
    path(f"{PROOF}bearbeiten/", views.ProofEditView.as_view(), name="proof_edit"),
    path(f"{PROOF}sachbericht-entwurf/", views.ProofRedraftView.as_view(), name="proof_redraft"),
    path(
        f"{PROOF}schritt/<slug:name>/",
        views.ProofTransitionView.as_view(),
        name="proof_transition",
    ),
    path(f"{PROOF}pruefung/", views.ProofReviewView.as_view(), name="proof_review"),
    path(f"{PROOF}rueckforderung/", views.ReclaimCreateView.as_view(), name="reclaim_create"),
    path(
        "rueckforderungen/<int:pk>/rueckzahlung/",
        views.ReclaimRepaidView.as_view(),
        name="reclaim_repaid",
    ),
]
