from django.urls import path

from fanzha.people import views

app_name = "people"
urlpatterns = [
    path("residents/", views.resident_list, name="resident_list"),
    path("residents/<int:pk>/", views.resident_detail, name="resident_detail"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("import/", views.people_import, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
]
