from django.urls import path

from fanzha.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("import/", views.case_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<int:pk>/alerts/", views.case_alerts, name="case_alerts"),
    path("residents/pick/", views.resident_picker, name="resident_picker"),
    path("key-groups/", views.key_group_list, name="key_groups"),
    path("key-groups/<int:pk>/", views.key_group_detail, name="key_group_detail"),
    path("<int:pk>/review.docx", views.case_review_docx, name="review_docx"),
    path("<int:pk>/review.pdf", views.case_review_docx, {"fmt": "pdf"}, name="review_pdf"),
    path("notifications/<int:pk>.docx", views.notification_download, name="notification_docx"),
    path("notifications/<int:pk>.pdf", views.notification_download, {"fmt": "pdf"}, name="notification_pdf"),
    path("notifications/<int:pk>/number/", views.notification_number, name="notification_number"),
    path("notifications/<int:pk>/sent/", views.notification_sent, name="notification_sent"),
    path("interviews/<int:pk>/", views.interview_update, name="interview_update"),
    path("interviews/<int:pk>/actions/", views.action_add, name="action_add"),
    path("interviews/<int:pk>/notice.docx", views.interview_notice, name="interview_notice_docx"),
    path("interviews/<int:pk>/notice.pdf", views.interview_notice, {"fmt": "pdf"}, name="interview_notice_pdf"),
    path("interviews/<int:pk>/notice/number/", views.interview_notice_number, name="interview_notice_number"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("document-settings/", views.document_settings, name="document_settings"),
    path("letters/", views.letter_list, name="letters"),
    path("letters/batch/", views.letter_batch, name="letter_batch"),
    path("letters/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("letters/<int:pk>.docx", views.letter_docx, name="letter_docx"),
    path("letters/<int:pk>.pdf", views.letter_docx, {"fmt": "pdf"}, name="letter_pdf"),
    path("organisations/<int:pk>/letter/", views.letter_issue, name="letter_issue"),
    path("organisations/<int:pk>/history/", views.organisation_history, name="organisation_history"),
    path("townships/<int:pk>/history/", views.township_history, name="township_history"),
]
