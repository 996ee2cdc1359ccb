from django.urls import path

from fanzha.core import views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/result/", views.job_result, name="job_result"),
]
