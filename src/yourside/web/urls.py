from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from yourside.web.views import (
    calendar,
    cases,
    directory,
    holdings_answer,
    imports,
    pages,
    records,
    tokens,
)

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("vendors/", pages.vendor_list, name="vendors"),
    path("vendors/<int:pk>/", pages.vendor_detail, name="vendor"),
    path("vendors/scorecards/", pages.scorecard_list, name="scorecards"),
    path("vendors/<int:vendor_pk>/terms/", records.terms_edit, name="terms-edit"),
    path("vendors/<int:pk>/merge/", records.vendor_merge, name="vendor-merge"),
    path("documents/<int:pk>/", records.document_download, name="document"),
    path("vendors/<int:pk>/answers/", holdings_answer.answer_upload, name="answer-upload"),
    path("vendors/<int:pk>/answers/<int:document>/", holdings_answer.answer_view, name="answer"),
    path(
        "vendors/<int:pk>/answers/<int:document>/case/",
        holdings_answer.answer_case,
        name="answer-case",
    ),
    path("transactions/<int:pk>/vendor/", records.transaction_vendor, name="transaction-vendor"),
    path(
        "transactions/<int:pk>/not-a-transfer/",
        records.transaction_not_transfer,
        name="transaction-not-transfer",
    ),
    path("accounts/", pages.account_list, name="accounts"),
    path("agreements/", pages.agreement_list, name="agreements"),
    path("holdings/", pages.holding_list, name="holdings"),
    path("transactions/", pages.transaction_list, name="transactions"),
    path("insights/<int:pk>/<str:action>/", pages.insight_answer, name="insight-answer"),
    path("directory/", directory.directory_search, name="directory"),
    path("directory/<str:slug>/add/", directory.directory_add, name="directory-add"),
    path("cases/", cases.case_list, name="cases"),
    path("cases/new/", cases.case_new, name="case-new"),
    path("cases/replies/", cases.case_reply, name="case-reply"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/events/", cases.case_event, name="case-event"),
    path("cases/<int:pk>/letter/", cases.case_letter, name="case-letter"),
    path("cases/<int:pk>/send/", cases.case_send, name="case-send"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/<int:pk>/undo/", imports.import_undo, name="import-undo"),
    path("imports/pending/<int:pk>/", imports.import_map, name="import-map"),
    path("imports/jobs/<str:job_id>/", imports.import_job, name="import-job"),
    path("settings/calendar/", calendar.calendar_settings, name="calendar"),
    path("settings/calendar/rotate/", calendar.calendar_rotate, name="calendar-rotate"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
    path("settings/tokens/", tokens.token_list, name="tokens"),
    path("settings/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token-revoke"),
]

for slug in records.RESOURCES:
    urlpatterns += [
        path(f"{slug}/new/", records.edit, {"slug": slug}, name=f"{slug}-new"),
        path(f"{slug}/<int:pk>/edit/", records.edit, {"slug": slug}, name=f"{slug}-edit"),
        path(f"{slug}/<int:pk>/delete/", records.delete, {"slug": slug}, name=f"{slug}-delete"),
    ]
