from django.urls import path

from fanzha.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("report.docx", views.report_docx, name="report_docx"),
    path("report.pdf", views.report_docx, {"fmt": "pdf"}, name="report_pdf"),
    path("counties/", views.county_ranking, name="county_ranking"),
    path("counties/export.xlsx", views.county_ranking_xlsx, name="county_ranking_xlsx"),
    path("counties/report.docx", views.county_ranking_docx, name="county_ranking_docx"),
]
