from django.urls import path

from fanzha.materials import views

app_name = "materials"
urlpatterns = [
    path("library/", views.material_list, name="material_list"),
    path("library/new/", views.material_new, name="material_new"),
    path("library/<int:pk>/", views.material_detail, name="material_detail"),
    path("library/<int:pk>/file/", views.material_file, name="material_file"),
    path("library/<int:pk>/use/", views.material_use, name="material_use"),
    path("library/<int:pk>/attach/", views.material_attach, name="material_attach"),
    path("typical-cases/", views.typical_case_list, name="typical_case_list"),
    path("typical-cases/from-case/<int:pk>/", views.typical_case_create, name="typical_case_create"),
    path("typical-cases/<int:pk>/", views.typical_case_edit, name="typical_case_edit"),
    path("typical-cases/<int:pk>/publish/", views.typical_case_publish, name="typical_case_publish"),
    path("techniques/", views.technique_list, name="technique_list"),
    path("techniques/new/", views.technique_new, name="technique_new"),
    path("techniques/<int:pk>/", views.technique_detail, name="technique_detail"),
    path("techniques/<int:pk>/publish/", views.technique_publish, name="technique_publish"),
    path("techniques/<int:pk>/withdraw/", views.technique_withdraw, name="technique_withdraw"),
]
