from django.urls import path

from fanzha.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.home, name="home"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/households/", views.household_picker, name="household_picker"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("photos/<int:pk>/", views.activity_photo, name="activity_photo"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/villages/<int:pk>/", views.coverage_village, name="coverage_village"),
    path("registrations/", views.registrations, name="registrations"),
    path("registrations/import/", views.registrations_import, name="registrations_import"),
    path("registrations/villages/<int:pk>/", views.registrations_village, name="registrations_village"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/visits/", views.head_visit_create, name="head_visit_create"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/new/", views.bulletin_new, name="bulletin_new"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:pk>/picture.jpg", views.bulletin_picture, name="bulletin_picture"),
    path("b/<str:token>/", views.feedback, name="feedback"),
    path("b/<str:token>/picture.jpg", views.feedback_picture, name="feedback_picture"),
]
